import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { WeftApp, WeftContext } from '../app-context';
import { isLoopbackHost } from '../config';
import type { WeftMetrics } from './metrics';

/** Headers a reverse proxy adds: a request bearing one came from elsewhere, whatever its socket says. */
const FORWARDING_HEADERS = [
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-proto',
  'x-forwarded-host',
  'x-real-ip',
];

/** Whether a request may read /metrics, and why not. */
export type MetricsAccess = 'allowed' | 'token-required' | 'loopback-only';

/**
 * Who may read /metrics. With WEFT_METRICS_TOKEN set, whoever presents it as a bearer token (and
 * nobody else, loopback included, so a reverse proxy on the same host cannot hand it out). Without
 * one, only a loopback peer whose request no proxy forwarded: a same-host proxy connects from
 * loopback, and without that check would serve the metrics to the world.
 */
export function metricsAccess(
  headers: IncomingHttpHeaders,
  remoteAddress: string | undefined,
  token: string | undefined,
): MetricsAccess {
  if (token) {
    const given = /^Bearer +(\S+)$/i.exec(headers.authorization ?? '')?.[1];
    return given !== undefined && sameSecret(given, token) ? 'allowed' : 'token-required';
  }
  if (!remoteAddress || !isLoopbackHost(remoteAddress.replace(/^::ffff:/i, ''))) return 'loopback-only';
  return FORWARDING_HEADERS.some((h) => headers[h] !== undefined) ? 'loopback-only' : 'allowed';
}

function sameSecret(a: string, b: string): boolean {
  // Digests have equal lengths, so the comparison time says nothing about the token's length.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

async function serveMetrics(
  metrics: WeftMetrics,
  token: string | undefined,
  req: FastifyRequest,
  reply: FastifyReply,
): Promise<string> {
  const access = metricsAccess(req.headers, req.socket.remoteAddress, token);
  reply.header('cache-control', 'no-store');
  if (access === 'token-required') {
    reply.code(401).header('www-authenticate', 'Bearer realm="weft-metrics"').type('text/plain');
    return 'metrics need the bearer token set in WEFT_METRICS_TOKEN\n';
  }
  if (access === 'loopback-only') {
    reply.code(403).type('text/plain');
    return 'metrics are served to loopback only (and not through a proxy) unless WEFT_METRICS_TOKEN is set\n';
  }
  reply.type(metrics.contentType);
  return metrics.render();
}

/**
 * Measures every request and serves GET /metrics. Each route gets its own onResponse hook that
 * already knows its pattern, so a request costs no label lookup; requests no route matched share
 * one series (route="unmatched"), never their raw URL. Call before any route is registered.
 */
export function installMetrics(app: WeftApp, ctx: WeftContext): void {
  const { metrics } = ctx;
  app.addHook('onRoute', (r) => {
    const durations = metrics.requests.forRoute(r.url);
    r.onResponse = [
      ...[r.onResponse ?? []].flat(),
      (req, reply, done) => {
        durations.record(req.method, reply.statusCode, reply.elapsedTime);
        done();
      },
    ];
  });
  const unmatched = metrics.requests.forRoute('unmatched');
  app.addHook('onResponse', (req, reply, done) => {
    if (req.is404) unmatched.record(req.method, reply.statusCode, reply.elapsedTime);
    done();
  });
  app.get('/metrics', (req, reply) => serveMetrics(metrics, ctx.config.metrics.token, req, reply));
}

/**
 * A listener of its own (WEFT_METRICS_PORT) serving only /health and /metrics, with the same access
 * rule: how a `--roles=worker` process, which serves no API, is scraped and health-checked.
 */
export async function listenForMetrics(
  ctx: WeftContext,
  port: number,
  host: string,
): Promise<FastifyInstance> {
  const server = Fastify({ logger: false });
  server.get('/health', async () => ({ status: 'ok' }));
  server.get('/metrics', (req, reply) => serveMetrics(ctx.metrics, ctx.config.metrics.token, req, reply));
  await server.listen({ port, host });
  return server;
}
