import type { WeftApp, WeftContext } from '../../app-context';
import { presentLinkTokenCreate, presentLinkTokenGet } from './link.presenter';
import { LinkTokenCreateBody, LinkTokenGetBody } from './link.schemas';
import { LinkTokenPurgeWorker } from './link-token-purge.worker';

/** /link/token/create and /link/token/get, and the purge of expired link tokens. */
export async function linkRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  ctx.workers.push(new LinkTokenPurgeWorker(ctx.db, ctx.secretBox, ctx.clock, app.log));
  app.post('/link/token/create', { schema: { body: LinkTokenCreateBody } }, async (req) =>
    presentLinkTokenCreate(await ctx.link.create(await ctx.auth.authenticate(req), req.body)),
  );
  app.post('/link/token/get', { schema: { body: LinkTokenGetBody } }, async (req) =>
    presentLinkTokenGet(
      req.body.link_token,
      await ctx.link.getForClient(await ctx.auth.authenticate(req), req.body.link_token),
    ),
  );
}
