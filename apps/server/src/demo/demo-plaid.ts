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

  private async connect(): Promise<PlaidApi> {
    const keys = { clientId: DEMO_CLIENT_ID, secret: randomHex(24) };
    await this.ctx.clients.put(keys, 'Quickstart demo');
    this.ctx.auth.forget(keys.clientId);
    return new PlaidApi(
      new Configuration({
        basePath: selfBaseUrl(this.app.server, this.ctx.config.publicUrl),
        baseOptions: {
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
  if (!u) throw e;
  throw new PlaidError(u.error_code, u.error_message, {
    type: u.error_type as PlaidError['type'],
    status: u.status,
  });
}
