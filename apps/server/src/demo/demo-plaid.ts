import type { Server } from 'node:http';
import { Server as TlsServer } from 'node:tls';
import { Configuration, PlaidApi } from 'plaid';
import type { WeftApp, WeftContext } from '../app-context';
import { PlaidError } from '../http/errors';
import { randomHex } from '../lib/ids';

/** The demo's own API client id; its secret is made fresh by every process and kept in memory only. */
export const DEMO_CLIENT_ID = 'weft-demo-quickstart';

/**
 * The official `plaid` client, pointed at this Weft over HTTP, the way any app server would reach
 * it. The demo client is (re)keyed on first use rather than at startup so that the sandbox client
 * bootstrap still sees an empty database on a first run, and so that the listening address is known.
 */
export class DemoPlaid {
  private pending: Promise<PlaidApi> | null = null;

  constructor(
    private readonly app: WeftApp,
    private readonly ctx: WeftContext,
  ) {}

  /** The ready client; the first call creates the demo client's keys. */
  api(): Promise<PlaidApi> {
    this.pending ??= this.connect().catch((e: unknown) => {
      this.pending = null;
      throw e;
    });
    return this.pending;
  }

  /**
   * Where OAuth banks may send the demo's visitors back: its own page, at the public URL and at
   * the loopback address this process listens on. Nothing a request says can add to it.
   */
  ownRedirectUris(): string[] {
    const uris = [`${this.ctx.config.publicUrl}/`];
    if (this.app.server.listening) uris.push(`${selfBaseUrl(this.app.server, this.ctx.config.publicUrl)}/`);
    return [...new Set(uris)];
  }

  private async connect(): Promise<PlaidApi> {
    const keys = { clientId: DEMO_CLIENT_ID, secret: randomHex(24) };
    await this.ctx.clients.put(keys, 'Quickstart demo');
    for (const uri of this.ownRedirectUris()) await this.ctx.clients.addRedirectUri(keys.clientId, uri);
    this.ctx.auth.forget(keys.clientId);
    const listening = this.app.server.listening;
    return new PlaidApi(
      new Configuration({
        basePath: listening ? selfBaseUrl(this.app.server, this.ctx.config.publicUrl) : INPROCESS_BASE,
        baseOptions: {
          ...(listening ? {} : { adapter: injectAdapter(this.app) }),
          timeout: 30_000,
          headers: {
            'PLAID-CLIENT-ID': keys.clientId,
            'PLAID-SECRET': keys.secret,
            'Plaid-Version': '2020-09-14',
          },
        },
      }),
    );
  }
}

const INPROCESS_BASE = 'http://weft.inprocess';

/** The parts of an axios request config the in-process transport reads. */
interface AdapterConfig {
  url?: string;
  method?: string;
  headers?: { toJSON?(): Record<string, unknown> };
  data?: unknown;
  validateStatus?: ((status: number) => boolean) | null;
}

/**
 * A transport for a Weft that was built but is not listening (embedded, or driven by `inject` in
 * tests): the client's request, headers and body still go through Fastify's whole HTTP pipeline,
 * just without a socket. Errors take axios's shape (`error.response`), as the client expects.
 */
function injectAdapter(app: WeftApp) {
  return async (config: AdapterConfig) => {
    const url = new URL(config.url ?? '/', INPROCESS_BASE);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(config.headers?.toJSON?.() ?? {}))
      if (v !== undefined && v !== null && v !== false) headers[k.toLowerCase()] = String(v);
    const res = await app.inject({
      method: (config.method ?? 'get').toUpperCase() as 'POST',
      url: url.pathname + url.search,
      headers,
      payload: typeof config.data === 'string' ? config.data : undefined,
    });
    const response = {
      data: res.body,
      status: res.statusCode,
      statusText: res.statusMessage,
      headers: res.headers,
      config,
      request: null,
    };
    const ok = config.validateStatus ? config.validateStatus(res.statusCode) : res.statusCode < 400;
    if (ok) return response;
    throw Object.assign(new Error(`Request failed with status code ${res.statusCode}`), { response, config });
  };
}

/**
 * Where this process can reach its own API: the loopback side of the socket it listens on, so the
 * demo works whatever HOST/PORT say. A TLS listener or a Unix socket falls back to the public URL.
 */
export function selfBaseUrl(server: Server, publicUrl: string): string {
  const addr = server.address();
  if (server instanceof TlsServer || !addr || typeof addr === 'string') return publicUrl;
  const wildcard = addr.address === '0.0.0.0' || addr.address === '::';
  const host = wildcard ? '127.0.0.1' : addr.family === 'IPv6' ? `[${addr.address}]` : addr.address;
  return `http://${host}:${addr.port}`;
}

/** Plaid's error object carried by a failed `plaid` client call, if that is what failed. */
export interface UpstreamError {
  status: number;
  error_code: string;
  error_type: string;
  error_message: string;
}

/** Extracts Plaid's error body from a failed client call; null for anything else (network, bugs). */
export function upstreamError(e: unknown): UpstreamError | null {
  if (!e || typeof e !== 'object' || !('response' in e)) return null;
  const res = (e as { response?: { status?: unknown; data?: unknown } }).response;
  const data = res?.data;
  if (typeof res?.status !== 'number' || !data || typeof data !== 'object') return null;
  const body = data as Record<string, unknown>;
  if (typeof body.error_code !== 'string') return null;
  return {
    status: res.status,
    error_code: body.error_code,
    error_type: typeof body.error_type === 'string' ? body.error_type : 'API_ERROR',
    error_message: typeof body.error_message === 'string' ? body.error_message : body.error_code,
  };
}

/** True when the endpoint does not exist on this Weft (a product not built yet). */
export function isMissingEndpoint(e: unknown): boolean {
  const u = upstreamError(e);
  return u !== null && u.status === 404 && u.error_code === 'NOT_FOUND';
}

/** Re-raises a failed upstream call as this API's own error, keeping Plaid's code and message. */
export function relay(e: unknown): never {
  const u = upstreamError(e);
  if (!u && isNetworkError(e))
    throw new PlaidError('DEMO_UPSTREAM_UNREACHABLE', `the demo could not reach Weft's API (${e.code})`, {
      type: 'API_ERROR',
      status: 502,
    });
  if (!u) throw e;
  throw new PlaidError(u.error_code, u.error_message, {
    type: u.error_type as PlaidError['type'],
    status: u.status,
  });
}

function isNetworkError(e: unknown): e is { code: string } {
  return (
    typeof e === 'object' &&
    e !== null &&
    typeof (e as { code?: unknown }).code === 'string' &&
    /^(ECONN|ETIMEDOUT|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)/.test((e as { code: string }).code)
  );
}
