import type { WeftApp, WeftContext } from '../../app-context';
import { presentAccounts } from './accounts.presenter';
import { AccountsGetBody, BalanceGetBody } from './accounts.schemas';
import { AccountsService } from './accounts.service';

/** /accounts/get and /accounts/balance/get. */
export async function accountsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const accounts = new AccountsService(ctx.db, ctx.items, ctx.changeEpoch);

  app.post('/accounts/get', { schema: { body: AccountsGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await accounts.list(client.clientId, req.body.access_token, req.body.options?.account_ids);
    return presentAccounts(r.item, r.accounts);
  });

  app.post('/accounts/balance/get', { schema: { body: BalanceGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await accounts.list(client.clientId, req.body.access_token, req.body.options?.account_ids);
    return presentAccounts(r.item, r.accounts, true);
  });
}
