import { fileURLToPath } from 'node:url';
import { Type } from '@sinclair/typebox';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { WeftApp, WeftContext } from '../../app-context';
import { DemoAssets } from '../../demo/demo-assets';
import { PlaidError } from '../../http/errors';
import { NonEmpty } from '../../http/schema-kit';
import { FIRE_WEBHOOK_CODES } from '../item-health/item-health.schemas';
import { ApiRequestLog } from './api-log';
import { DashboardError, DashboardService } from './dashboard.service';
import { csrfTokenOf, DashboardGuard, sessionCookie, sessionTokenOf } from './dashboard-auth';
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './passwords';

/** Where Vite writes the dashboard (`npm run build`). */
export const DASHBOARD_DIST = fileURLToPath(new URL('../../../../dashboard/dist/', import.meta.url));

/**
 * The dashboard's policy: its own scripts, styles and API only, nothing inline, never framed.
 */
export const DASHBOARD_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "form-action 'self'",
  "base-uri 'none'",
  "object-src 'none'",
  "frame-ancestors 'none'",
].join('; ');

const handles = new WeakMap<object, DashboardService>();

/** The dashboard service of an app (main.ts prints its setup code; tests drive it). */
export function dashboardOf(app: WeftApp): DashboardService | undefined {
  return handles.get(app);
}

const Email = Type.String({ minLength: 3, maxLength: 254, pattern: '^[^\\s@]+@[^\\s@]+$' });
const Password = Type.String({ minLength: MIN_PASSWORD_LENGTH, maxLength: MAX_PASSWORD_LENGTH });
const Name = NonEmpty({ maxLength: 100 });
const Role = Type.Union([Type.Literal('owner'), Type.Literal('developer'), Type.Literal('viewer')]);
const Env = Type.Union([Type.Literal('sandbox'), Type.Literal('production')]);
const IdParam = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
});
const NumericId = Type.Object({ id: Type.String({ pattern: '^[1-9][0-9]{0,9}$' }) });
const strict = { additionalProperties: false } as const;

const SetupBody = Type.Object(
  { setup_code: NonEmpty({ maxLength: 100 }), team_name: Name, email: Email, name: Name, password: Password },
  strict,
);
const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: 254 }),
    password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
  },
  strict,
);
const PasswordBody = Type.Object(
  {
    current_password: Type.String({ minLength: 1, maxLength: MAX_PASSWORD_LENGTH }),
    new_password: Password,
  },
  strict,
);
const MemberBody = Type.Object({ email: Email, name: Name, role: Role }, strict);
const KeyBody = Type.Object({ name: Name, env: Type.Optional(Env) }, strict);
const FireBody = Type.Object(
  { webhook_code: Type.Union(FIRE_WEBHOOK_CODES.map((c) => Type.Literal(c))) },
  strict,
);
const ItemsQuery = Type.Object({ q: Type.Optional(Type.String({ maxLength: 200 })) }, strict);
const LogsQuery = Type.Object(
  {
    path: Type.Optional(Type.String({ maxLength: 200 })),
    status: Type.Optional(Type.Union([Type.Literal('ok'), Type.Literal('error')])),
    error_code: Type.Optional(Type.String({ maxLength: 100 })),
    client_id: Type.Optional(Type.String({ maxLength: 64 })),
    request_id: Type.Optional(Type.String({ maxLength: 64 })),
    before: Type.Optional(Type.String({ pattern: '^[1-9][0-9]{0,9}$' })),
  },
  strict,
);
const WebhooksQuery = Type.Object({ item_id: Type.Optional(Type.String({ maxLength: 64 })) }, strict);
const EmptyBody = Type.Object({}, strict);

/**
 * The Weft Dashboard: its page at /dashboard (built by apps/dashboard, served under a strict CSP)
 * and its API under /dashboard/api, which answers signed-in team members only (session cookie,
 * CSRF header) and never API keys. Also installs the API request log the dashboard reads.
 */
export async function dashboardRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const apiLog = new ApiRequestLog(ctx.db.withTables(), ctx.clock, (e) =>
    app.log.warn({ err: e }, 'API request log write failed'),
  );
  apiLog.install(app, ctx);
  const service = new DashboardService(ctx, apiLog);
  handles.set(app, service);
  const guard = new DashboardGuard(ctx, service);
  const assets = new DemoAssets(DASHBOARD_DIST);

  await app.register(async (scope: FastifyInstance) => {
    const s = scope as unknown as WeftApp;
    s.addHook('onSend', (_req, reply, payload, done) => {
      reply.header('content-security-policy', DASHBOARD_CSP);
      reply.header('x-frame-options', 'DENY');
      reply.header('x-content-type-options', 'nosniff');
      reply.header('referrer-policy', 'no-referrer');
      done(null, payload);
    });
    s.setErrorHandler((err: FastifyError, req, reply) => {
      if (err instanceof DashboardError)
        return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
      if (err instanceof PlaidError)
        return reply.code(err.status).send({ error: { code: err.code, message: err.message } });
      if (err.validation)
        return reply.code(400).send({ error: { code: 'INVALID_FIELD', message: err.message } });
      if (typeof err.statusCode === 'number' && err.statusCode < 500)
        return reply.code(err.statusCode).send({ error: { code: 'INVALID_REQUEST', message: err.message } });
      req.log.error({ err }, 'dashboard error');
      return reply
        .code(500)
        .send({ error: { code: 'INTERNAL_SERVER_ERROR', message: 'something went wrong' } });
    });

    // ---- the page ----
    const page = async (_req: unknown, reply: FastifyReply) => {
      const index = await assets.index();
      if (!index)
        return reply
          .code(503)
          .type('text/plain; charset=utf-8')
          .send('The dashboard has not been built yet: run `npm run build` (npm start builds it too).\n');
      return reply.type(index.type).header('cache-control', 'no-cache').send(index.body);
    };
    s.get('/dashboard', page);
    s.get('/dashboard/', page);
    s.get<{ Params: { file: string } }>('/dashboard/assets/:file', async (req, reply) => {
      const file = await assets.asset(req.params.file);
      if (!file) throw new DashboardError(404, 'NOT_FOUND', `no file ${req.params.file}`);
      return reply
        .type(file.type)
        .header('cache-control', 'public, max-age=31536000, immutable')
        .send(file.body);
    });

    // ---- the API: no API keys, never cached ----
    s.addHook('onRequest', (req, reply, done) => {
      if (!req.url.startsWith('/dashboard/api/')) return done();
      reply.header('cache-control', 'no-store');
      try {
        guard.checkRequest(req);
        done();
      } catch (e) {
        done(e as Error);
      }
    });

    // Keys in a body are refused too, before the body is validated against the route's schema.
    s.addHook('preValidation', (req, _reply, done) => {
      const body = req.body as Record<string, unknown> | null | undefined;
      if (
        req.url.startsWith('/dashboard/api/') &&
        body &&
        typeof body === 'object' &&
        ('client_id' in body || 'secret' in body)
      )
        done(
          new DashboardError(
            401,
            'API_KEYS_NOT_ACCEPTED',
            'the dashboard takes no API keys: sign in instead',
          ),
        );
      else done();
    });

    s.get('/dashboard/api/session', async (req) => {
      const token = sessionTokenOf(req);
      const viewer = token ? await service.viewerOf(token) : null;
      if (!token || !viewer) return { signed_in: false, setup_required: await service.needsSetup() };
      return {
        signed_in: true,
        setup_required: false,
        csrf_token: csrfTokenOf(token),
        user: presentViewer(viewer),
      };
    });

    s.post('/dashboard/api/setup', { schema: { body: SetupBody } }, async (req, reply) => {
      await guard.checkPreSession(req, 'setup');
      const b = req.body;
      const userId = await service.setup({
        setupCode: b.setup_code,
        teamName: b.team_name,
        email: b.email,
        name: b.name,
        password: b.password,
      });
      return signIn(reply, userId);
    });

    s.post('/dashboard/api/login', { schema: { body: LoginBody } }, async (req, reply) => {
      await guard.checkPreSession(req, req.body.email);
      const userId = await service.checkPassword(req.body.email, req.body.password);
      if (!userId) throw new DashboardError(401, 'INVALID_CREDENTIALS', 'wrong email or password');
      return signIn(reply, userId);
    });

    async function signIn(reply: FastifyReply, userId: string) {
      const token = await service.startSession(userId);
      const viewer = await service.viewerOf(token);
      reply.header('set-cookie', sessionCookie(token, guard.secure));
      return { signed_in: true, csrf_token: csrfTokenOf(token), user: viewer && presentViewer(viewer) };
    }

    s.post('/dashboard/api/logout', { schema: { body: EmptyBody } }, async (req, reply) => {
      await guard.viewerOf(req);
      await service.endSession(sessionTokenOf(req)!);
      reply.header('set-cookie', sessionCookie(null, guard.secure));
      return { signed_in: false };
    });

    s.post('/dashboard/api/password', { schema: { body: PasswordBody } }, async (req) => {
      const v = await guard.viewerOf(req);
      await guard.checkPreSession(req, v.email, false);
      await service.changePassword(v, req.body.current_password, req.body.new_password, sessionTokenOf(req)!);
      return { changed: true };
    });

    // ---- team ----
    s.get('/dashboard/api/members', async (req) => ({
      members: await service.members(await guard.viewerOf(req)),
    }));
    s.post('/dashboard/api/members', { schema: { body: MemberBody } }, async (req) =>
      service.addMember(await guard.require(req, 'owner'), req.body),
    );
    s.post(
      '/dashboard/api/members/:id/role',
      { schema: { params: IdParam, body: Type.Object({ role: Role }, strict) } },
      async (req) => {
        await service.setRole(await guard.require(req, 'owner'), req.params.id, req.body.role);
        return { role: req.body.role };
      },
    );
    s.post(
      '/dashboard/api/members/:id/remove',
      { schema: { params: IdParam, body: EmptyBody } },
      async (req) => {
        await service.removeMember(await guard.require(req, 'owner'), req.params.id);
        return { removed: true };
      },
    );

    // ---- keys ----
    s.get('/dashboard/api/keys', async (req) => ({ keys: await service.keys(await guard.viewerOf(req)) }));
    s.post('/dashboard/api/keys', { schema: { body: KeyBody } }, async (req) => {
      const keys = await service.createKey(
        await guard.require(req, 'developer'),
        req.body.name,
        req.body.env ?? 'sandbox',
      );
      return { client_id: keys.clientId, secret: keys.secret, env: keys.env };
    });
    s.post(
      '/dashboard/api/keys/:id/rotate',
      { schema: { params: IdParam, body: EmptyBody } },
      async (req) => {
        const keys = await service.rotateKey(await guard.require(req, 'developer'), req.params.id);
        return { client_id: keys.clientId, secret: keys.secret };
      },
    );
    s.post(
      '/dashboard/api/keys/:id/revoke',
      { schema: { params: IdParam, body: EmptyBody } },
      async (req) => {
        await service.revokeKey(await guard.require(req, 'developer'), req.params.id);
        return { revoked: true };
      },
    );

    // ---- Items ----
    s.get('/dashboard/api/items', { schema: { querystring: ItemsQuery } }, async (req) => ({
      items: await service.items(await guard.viewerOf(req), req.query.q),
    }));
    s.post(
      '/dashboard/api/items/:id/fire_webhook',
      { schema: { params: IdParam, body: FireBody } },
      async (req) => {
        await service.fireWebhook(
          await guard.require(req, 'developer'),
          req.params.id,
          req.body.webhook_code,
        );
        return { fired: true };
      },
    );
    s.post(
      '/dashboard/api/items/:id/reset_login',
      { schema: { params: IdParam, body: EmptyBody } },
      async (req) => {
        await service.resetLogin(await guard.require(req, 'developer'), req.params.id);
        return { reset: true };
      },
    );
    s.post(
      '/dashboard/api/items/:id/remove',
      { schema: { params: IdParam, body: EmptyBody } },
      async (req) => {
        await service.removeItem(await guard.require(req, 'developer'), req.params.id);
        return { removed: true };
      },
    );

    // ---- API logs ----
    s.get('/dashboard/api/logs', { schema: { querystring: LogsQuery } }, async (req) => {
      const { before, ...f } = req.query;
      return {
        requests: await service.logs(await guard.viewerOf(req), {
          ...f,
          before: before ? Number(before) : undefined,
        }),
      };
    });
    // Wrapped: every top-level object gets this response's own request_id (app.ts), which would
    // overwrite the logged request's.
    s.get('/dashboard/api/logs/:id', { schema: { params: NumericId } }, async (req) => ({
      request: await service.logEntry(await guard.viewerOf(req), Number(req.params.id)),
    }));

    // ---- webhooks ----
    s.get('/dashboard/api/webhooks', { schema: { querystring: WebhooksQuery } }, async (req) => ({
      deliveries: await service.webhooks(await guard.viewerOf(req), req.query.item_id),
    }));
    s.post(
      '/dashboard/api/webhooks/:id/replay',
      { schema: { params: NumericId, body: EmptyBody } },
      async (req) => ({
        replayed_as: await service.replayWebhook(
          await guard.require(req, 'developer'),
          Number(req.params.id),
        ),
      }),
    );

    // ---- Link sessions ----
    s.get('/dashboard/api/link_sessions', async (req) => ({
      sessions: await service.linkSessions(await guard.viewerOf(req)),
    }));

    // ---- usage ----
    s.get('/dashboard/api/usage', async (req) => service.usage(await guard.viewerOf(req)));

    // ---- audit ----
    s.get('/dashboard/api/audit', async (req) => ({
      entries: await service.auditLog(await guard.viewerOf(req)),
    }));
  });
}

function presentViewer(v: {
  userId: string;
  email: string;
  name: string;
  role: string;
  teamId: string;
  teamName: string;
}) {
  return {
    user_id: v.userId,
    email: v.email,
    name: v.name,
    role: v.role,
    team: { team_id: v.teamId, name: v.teamName },
  };
}
