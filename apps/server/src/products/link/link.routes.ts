import type { WeftApp, WeftContext } from '../../app-context';
import { presentLinkTokenCreate, presentLinkTokenGet } from './link.presenter';
import { LinkTokenCreateBody, LinkTokenGetBody } from './link.schemas';

/** /link/token/create and /link/token/get. */
export async function linkRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
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
