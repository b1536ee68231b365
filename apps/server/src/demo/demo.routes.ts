import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WeftApp, WeftContext } from '../app-context';
import { errors, PlaidError } from '../http/errors';
import { NonEmpty } from '../http/schema-kit';
import { DemoService } from './demo.service';
import { type Asset, DemoAssets } from './demo-assets';
import { LENDING_PDF_PATH, lendingPdf } from './demo-lending-mode';
import { DemoPlaid } from './demo-plaid';
import { demoRateLimit } from './demo-rate-limit';
import { DemoSessions } from './demo-sessions';

const CreateLinkTokenBody = Type.Object({
  mode: Type.Optional(NonEmpty({ maxLength: 40 })),
  redirect_uri: Type.Optional(NonEmpty({ maxLength: 2048 })),
});
const ExchangeBody = Type.Object({ public_token: NonEmpty({ maxLength: 200 }) });

/** The demo's parts, reachable by tests (which need the demo client to make sandbox Items). */
export interface DemoHandle {
  plaid: DemoPlaid;
  sessions: DemoSessions;
}
const handles = new WeakMap<object, DemoHandle>();

/** The demo wired into an app, if the demo is enabled there. */
export function demoOf(app: WeftApp): DemoHandle | undefined {
  return handles.get(app);
}

/**
 * The Quickstart demo: its page at `/`, its files under `/demo/assets/`, and its own small backend
 * under `/demo/api/`, which reaches Weft over HTTP like any other app. On when Weft listens on
 * loopback or WEFT_DEMO=true (see config.ts); its API is rate-limited per remote address.
 */
export async function demoRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  if (!ctx.config.demo) return;
  const plaid = new DemoPlaid(app, ctx);
  const sessions = new DemoSessions(ctx.clock);
  const service = new DemoService(plaid);
  const assets = new DemoAssets();
  const csp = contentSecurityPolicy(ctx.config.publicUrl);
  const publicHost = new URL(ctx.config.publicUrl).host;
  const onRequest = demoRateLimit(ctx.clock);
  handles.set(app, { plaid, sessions });

  app.get('/', async (_req, reply) => {
    const page = await assets.index();
    if (!page)
      return reply
        .code(503)
        .type('text/plain; charset=utf-8')
        .send('The demo page has not been built yet: run `npm run build` (npm start builds it too).\n');
    return sendAsset(reply.header('content-security-policy', csp).header('cache-control', 'no-cache'), page);
  });

  app.get<{ Params: { file: string } }>('/demo/assets/:file', async (req, reply) => {
    const file = await assets.asset(req.params.file);
    if (!file) throw new PlaidError('NOT_FOUND', `no file ${req.params.file}`);
    return sendAsset(reply.header('cache-control', 'public, max-age=31536000, immutable'), file);
  });

  app.get('/demo/api/config', { onRequest }, async (req, reply) => {
    noStore(reply);
    return service.config(sessions.find(req));
  });

  app.post(
    '/demo/api/create_link_token',
    { onRequest, schema: { body: CreateLinkTokenBody } },
    async (req, reply) => {
      sameOrigin(req, publicHost);
      noStore(reply);
      const redirectUri = req.body.redirect_uri;
      // Only the demo's own page: anything else would make the demo an open redirect.
      if (redirectUri !== undefined && !plaid.ownRedirectUris().includes(redirectUri))
        throw errors.invalidField(
          `redirect_uri must be the demo's own page (${plaid.ownRedirectUris().join(' or ')})`,
        );
      return service.createLinkToken(sessions.ensure(req, reply), req.body.mode, redirectUri);
    },
  );

  app.post(
    '/demo/api/exchange_public_token',
    { onRequest, schema: { body: ExchangeBody } },
    async (req, reply) => {
      sameOrigin(req, publicHost);
      noStore(reply);
      return service.exchange(sessions.ensure(req, reply), req.body.public_token);
    },
  );

  app.get('/demo/api/data', { onRequest }, async (req, reply) => {
    noStore(reply);
    return service.result(sessions.find(req));
  });

  app.get(LENDING_PDF_PATH, { onRequest }, async (req, reply) => {
    noStore(reply);
    const pdf = await lendingPdf(await plaid.api(), sessions.find(req));
    return reply
      .type('application/pdf')
      .header('content-disposition', 'inline; filename="asset-report.pdf"')
      .send(pdf);
  });

  app.post('/demo/api/reset', { onRequest }, async (req, reply) => {
    sameOrigin(req, publicHost);
    noStore(reply);
    await service.reset(sessions.find(req));
    return { ok: true };
  });
}

/**
 * The page's policy: nothing inline, everything from this origin (and from the public URL, where
 * Link may be served when the page is reached by another name).
 */
export function contentSecurityPolicy(publicUrl: string): string {
  const link = `'self' ${new URL(publicUrl).origin}`;
  return [
    "default-src 'none'",
    `script-src ${link}`,
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    `frame-src ${link}`,
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

function sendAsset(reply: FastifyReply, asset: Asset): FastifyReply {
  return reply
    .header('x-content-type-options', 'nosniff')
    .header('referrer-policy', 'strict-origin-when-cross-origin')
    .type(asset.type)
    .send(asset.body);
}

/**
 * The session cookie is SameSite=Lax, which still lets other sites on the same host (another port
 * on localhost) post with it; a browser's Origin header tells them apart.
 */
function sameOrigin(req: FastifyRequest, publicHost: string): void {
  const origin = req.headers.origin;
  if (origin === undefined) return;
  let host: string | null = null;
  try {
    host = new URL(origin).host;
  } catch {
    host = null;
  }
  if (host === null || (host !== req.headers.host && host !== publicHost))
    throw new PlaidError('DEMO_FORBIDDEN_ORIGIN', 'requests to the demo must come from its own page', {
      type: 'INVALID_REQUEST',
      status: 403,
    });
}

function noStore(reply: FastifyReply): void {
  reply.header('cache-control', 'no-store');
}
