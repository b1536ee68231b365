import type { WeftApp, WeftContext } from '../../app-context';
import { presentLiabilities } from './liabilities.presenter';
import { LiabilitiesGetBody } from './liabilities.schemas';
import { LiabilitiesService } from './liabilities.service';
import { LiabilitiesStore } from './liabilities.store';
import { LiabilitiesRefreshWorker } from './liabilities.worker';

/**
 * /liabilities/get; writes the liabilities of every new Item that asks for them, and keeps them up
 * with their Items' data in the background.
 */
export async function liabilitiesRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const store = new LiabilitiesStore(ctx.db, ctx.connectors, ctx.clock);
  const liabilities = new LiabilitiesService(ctx.db, ctx.items, ctx.clock, store);
  ctx.items.onItemCreated((trx, item, accounts) => store.onItemCreated(trx, item, accounts));
  ctx.workers.push(new LiabilitiesRefreshWorker(ctx.db, store, ctx.clock, app.log));

  app.post('/liabilities/get', { schema: { body: LiabilitiesGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const view = await liabilities.get(client.clientId, req.body.access_token, req.body.options?.account_ids);
    return presentLiabilities(view);
  });
}
