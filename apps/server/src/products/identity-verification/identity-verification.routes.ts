import type {
  IdentityVerificationCreateResponse,
  IdentityVerificationGetResponse,
  IdentityVerificationListResponse,
  IdentityVerificationRetryResponse,
} from 'plaid';
import type { WeftApp, WeftContext } from '../../app-context';
import { identityVerificationSource } from '../../connectors/identity-verification';
import type { ScreeningIndex } from '../../engines/screening';
import { PlaidError } from '../../http/errors';
import type { Reply } from '../../http/reply';
import { watchlistServices } from '../watchlist-screening/watchlist.routes';
import { identityVerificationLink } from './identity-verification.link';
import { presentIdv } from './identity-verification.presenter';
import {
  IdvCreateBody,
  IdvGetBody,
  IdvListBody,
  IdvRedactBody,
  IdvRetryBody,
  IdvTemplateListBody,
  IdvTemplateUpdateBody,
} from './identity-verification.schemas';
import { IdentityVerificationService, userFromInput } from './identity-verification.service';
import { parsePlan } from './identity-verification.templates';

/** The index the watchlist step screens against, per app; empty until lists are given. */
const indexes = new WeakMap<WeftContext, ScreeningIndex>();
const services = new WeakMap<WeftContext, IdentityVerificationService>();

/** Sets the watchlists the watchlist_screening step screens against (null: Monitor's stored lists). */
export function setIdvWatchlistIndex(ctx: WeftContext, index: ScreeningIndex | null): void {
  if (index) indexes.set(ctx, index);
  else indexes.delete(ctx);
}

/** The Identity Verification service of this app (made on first use), shared with Link. */
export function idvService(ctx: WeftContext): IdentityVerificationService {
  let s = services.get(ctx);
  if (!s) {
    const monitor = watchlistServices(ctx);
    // Monitor's stored watchlists (weft lists import), unless a test has set its own.
    const lists = async () => {
      const own = indexes.get(ctx);
      return own ? { index: own, key: 'idv-test-index' } : await monitor.lists.current();
    };
    s = new IdentityVerificationService(
      ctx.db,
      ctx.clock,
      ctx.secretBox,
      ctx.config.publicUrl,
      monitor.watchlist,
      lists,
      identityVerificationSource,
    );
    services.set(ctx, s);
  }
  return s;
}

/**
 * /identity_verification/create, /get, /list and /retry; the Weft extensions
 * /weft/identity_verification/redact (delete a session's personal data) and
 * /weft/identity_verification/template/list and /update (the client's templates, a template's
 * webhook), and the shareable URL's page.
 */
export async function identityVerificationRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const idv = idvService(ctx);
  identityVerificationLink(app, ctx, idv);

  app.post('/identity_verification/create', { schema: { body: IdvCreateBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const clientUserId = b.client_user_id ?? b.user?.client_user_id ?? undefined;
    if (!clientUserId)
      throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: client_user_id');
    const v = await idv.create(clientId, {
      clientUserId,
      templateId: b.template_id,
      isShareable: b.is_shareable,
      gaveConsent: b.gave_consent,
      user: userFromInput(b.user),
      isIdempotent: b.is_idempotent ?? false,
    });
    return presentIdv(v) satisfies Reply<IdentityVerificationCreateResponse>;
  });

  app.post('/identity_verification/get', { schema: { body: IdvGetBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    return presentIdv(
      await idv.get(clientId, req.body.identity_verification_id),
    ) satisfies Reply<IdentityVerificationGetResponse>;
  });

  app.post('/identity_verification/list', { schema: { body: IdvListBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    const b = req.body;
    const r = await idv.list(clientId, b.template_id, b.client_user_id, b.cursor ?? undefined);
    return {
      identity_verifications: r.items.map(presentIdv),
      next_cursor: r.next,
    } satisfies Reply<IdentityVerificationListResponse>;
  });

  app.post('/identity_verification/retry', { schema: { body: IdvRetryBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    return presentIdv(await idv.retry(clientId, req.body)) satisfies Reply<IdentityVerificationRetryResponse>;
  });

  // The shareable URL: the verification's progress for whoever holds its key, nothing personal.
  app.get<{ Params: { id: string }; Querystring: { key?: string } }>(
    '/weft/verify/:id',
    async (req, reply) => {
      const v = req.query.key ? await idv.shared(req.params.id, req.query.key) : undefined;
      reply
        .header('content-security-policy', "default-src 'none'")
        .header('cache-control', 'no-store')
        .header('referrer-policy', 'no-referrer')
        .type('text/html; charset=utf-8');
      if (!v)
        return reply.code(404).send('<!doctype html><title>Not found</title><p>This link is not valid.</p>');
      const done = v.row.status === 'active' ? 'in progress' : v.row.status.replace('_', ' ');
      const rows = Object.entries(v.steps)
        .map(([step, status]) => `<li>${step.replace(/_/g, ' ')}: ${status.replace(/_/g, ' ')}</li>`)
        .join('');
      return reply.send(
        `<!doctype html><meta charset="utf-8"><title>Identity verification</title><h1>Identity verification ${done}</h1><ul>${rows}</ul>`,
      );
    },
  );

  app.post('/weft/identity_verification/redact', { schema: { body: IdvRedactBody } }, async (req) => {
    const { clientId } = await ctx.auth.authenticate(req);
    return presentIdv(await idv.redact(clientId, req.body.identity_verification_id));
  });

  app.post(
    '/weft/identity_verification/template/list',
    { schema: { body: IdvTemplateListBody } },
    async (req) => {
      const { clientId } = await ctx.auth.authenticate(req);
      const rows = await idv.templates.list(clientId);
      return {
        templates: rows.map((t) => ({
          template_id: t.template_id,
          name: t.name,
          version: t.version,
          is_default: t.is_default === 1,
          steps: parsePlan(t.steps),
          webhook: t.webhook,
        })),
      };
    },
  );

  app.post(
    '/weft/identity_verification/template/update',
    { schema: { body: IdvTemplateUpdateBody } },
    async (req) => {
      const { clientId } = await ctx.auth.authenticate(req);
      const t = await idv.templates.setWebhook(clientId, req.body.template_id, req.body.webhook);
      return { template_id: t.template_id, version: t.version, webhook: t.webhook };
    },
  );
}
