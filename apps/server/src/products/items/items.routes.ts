import type { WeftApp, WeftContext } from '../../app-context';
import { requireHttpUrl } from '../../http/url-fields';
import { AccountDetailsStore } from './account-details.store';
import { ItemStatusService } from './item-status.service';
import { presentExchange, presentItem, presentItemGet } from './items.presenter';
import { AccessTokenBody, ExchangeBody, ItemRemoveBody, WebhookUpdateBody } from './items.schemas';

/** Item endpoints: exchange, get, remove, webhook update and access token rotation. */
export async function itemsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const status = new ItemStatusService(ctx.db, ctx.clock);
  // An Item's account numbers and owners enter the store with its accounts, in the same transaction.
  ctx.items.onItemCreated((trx, item) =>
    new AccountDetailsStore(trx, ctx.connectors, ctx.clock).ensure(item),
  );
  app.post('/item/public_token/exchange', { schema: { body: ExchangeBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentExchange(await ctx.items.exchangePublicToken(client.clientId, req.body.public_token));
  });

  app.post('/item/get', { schema: { body: AccessTokenBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const item = await ctx.items.resolve(client.clientId, req.body.access_token);
    return presentItemGet(item, await status.of(item));
  });

  app.post('/item/remove', { schema: { body: ItemRemoveBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await ctx.items.remove(client.clientId, req.body.access_token);
    return {};
  });

  app.post('/item/webhook/update', { schema: { body: WebhookUpdateBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    requireHttpUrl('webhook', req.body.webhook);
    const item = await ctx.items.updateWebhook(
      client.clientId,
      req.body.access_token,
      req.body.webhook ?? null,
    );
    return { item: presentItem(item) };
  });

  app.post('/item/access_token/invalidate', { schema: { body: AccessTokenBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return { new_access_token: await ctx.items.rotateAccessToken(client.clientId, req.body.access_token) };
  });
}
