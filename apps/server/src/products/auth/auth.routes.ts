import type { WeftApp, WeftContext } from '../../app-context';
import { AccountDetailsStore } from '../items/account-details.store';
import { presentAuth } from './auth.presenter';
import { AuthGetBody } from './auth.schemas';
import { AuthService } from './auth.service';

/** /auth/get. */
export async function authRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const auth = new AuthService(
    ctx.db,
    ctx.items,
    ctx.clock,
    new AccountDetailsStore(ctx.db, ctx.connectors, ctx.clock),
  );

  app.post('/auth/get', { schema: { body: AuthGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await auth.get(client.clientId, req.body.access_token, req.body.options?.account_ids);
    return presentAuth(r.item, r.accounts, r.numbers);
  });
}
