import type { WeftApp, WeftContext } from '../../app-context';
import { presentDeliveries, presentDelivery } from './webhook-inspector.presenter';
import { WebhookListBody, WebhookReplayBody } from './webhook-inspector.schemas';
import { WebhookInspectorService } from './webhook-inspector.service';

/** Weft's webhook inspector: list an Item's deliveries with request, response and attempts; replay one. */
export async function webhookInspectorRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const inspector = new WebhookInspectorService(ctx.db, ctx.clock, ctx.items);

  app.post('/weft/webhooks/list', { schema: { body: WebhookListBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const { access_token, count, before } = req.body;
    return presentDeliveries(await inspector.list(client.clientId, access_token, count ?? 25, before));
  });

  app.post('/weft/webhooks/replay', { schema: { body: WebhookReplayBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return {
      delivery: presentDelivery(
        await inspector.replay(client.clientId, req.body.access_token, req.body.delivery_id),
      ),
    };
  });
}
