import type { WeftApp, WeftContext } from '../../app-context';
import { SerializedBody } from '../../http/reply';
import { cachedRequestItem, requestItem } from '../../http/request-item';
import { EpochCache } from '../../lib/epoch-cache';
import { itemErrorOf } from '../items/items.service';
import { readLiveSource } from '../live-refresh/live-refresh.routes';
import { presentAccounts } from './accounts.presenter';
import { AccountsGetBody, BalanceGetBody } from './accounts.schemas';
import { AccountsService } from './accounts.service';

/** /accounts/get and /accounts/balance/get. */
export async function accountsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const accounts = new AccountsService(ctx.db, ctx.items, ctx.changeEpoch);
  // Apps poll these: an Item's whole-list answer is serialized once per database change.
  const bodies = new EpochCache<SerializedBody>(ctx.changeEpoch);

  for (const [path, schema, withLastUpdated] of [
    ['/accounts/get', AccountsGetBody, false],
    ['/accounts/balance/get', BalanceGetBody, true],
  ] as const) {
    app.post(path, { schema: { body: schema } }, async (req, reply) => {
      const client = ctx.auth.cached(req) ?? (await ctx.auth.authenticate(req));
      // Balance is read live where the source is live (within its request limits).
      if (withLastUpdated) await readLiveSource(ctx, client.clientId, req.body.access_token);
      const accountIds = req.body.options?.account_ids;
      if (accountIds) {
        const r = await accounts.list(client.clientId, req.body.access_token, accountIds);
        return presentAccounts(r.item, r.accounts, withLastUpdated);
      }
      // The Item the rate limits looked up for this request, not a second lookup; what is cached is
      // taken without waiting, as apps poll these.
      const token = req.body.access_token;
      const item =
        cachedRequestItem(ctx, req, client.clientId, token) ??
        (await requestItem(ctx, req, client.clientId, token));
      if (item.error) throw itemErrorOf(item);
      const key = `${path}\u0000${item.item_id}`;
      const body =
        bodies.peek(key) ??
        (await bodies.get(key, async () => {
          const list = await accounts.ofItem(item.item_id);
          return new SerializedBody(presentAccounts(item, list, withLastUpdated));
        }));
      return body.send(reply);
    });
  }
}
