import type { WeftApp, WeftContext } from '../../app-context';
import { AccountDetailsStore } from '../items/account-details.store';
import { presentIdentity, presentIdentityMatch } from './identity.presenter';
import { IdentityGetBody, IdentityMatchBody } from './identity.schemas';
import { IdentityService } from './identity.service';

/** /identity/get and /identity/match. */
export async function identityRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const identity = new IdentityService(
    ctx.db,
    ctx.items,
    ctx.clock,
    new AccountDetailsStore(ctx.db, ctx.connectors, ctx.clock),
  );

  app.post('/identity/get', { schema: { body: IdentityGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await identity.get(client.clientId, req.body.access_token, req.body.options?.account_ids);
    return presentIdentity(r.item, r.accounts);
  });

  app.post('/identity/match', { schema: { body: IdentityMatchBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const r = await identity.match(
      client.clientId,
      req.body.access_token,
      req.body.user,
      req.body.options?.account_ids,
    );
    return presentIdentityMatch(r.item, r.accounts);
  });
}
