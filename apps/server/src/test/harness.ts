import { randomBytes } from 'node:crypto';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { build, type Weft } from '../app';
import { type Config, loadConfig } from '../config';
import type { Clock } from '../lib/clock';
import type { Resolver } from '../lib/outbound-guard';
import type { ClientKeys } from '../products/clients/clients.service';
import { loadSpecValidator, type Violation } from './spec-validator';

/** Path prefixes of Weft's own endpoints, which Plaid's spec does not describe. */
const WEFT_PREFIXES = ['/weft/', '/link/api/', '/demo/', '/dashboard/', '/health'];

/**
 * The development opt-in a test needs when Weft must deliver to a receiver on 127.0.0.1
 * (webhook-receiver.test-kit.ts): without it, loopback targets are refused as in production.
 */
export const LOOPBACK_TARGETS = { WEFT_ALLOW_PRIVATE_TARGETS: 'loopback' } as const;

/** A Weft built for a test, on a fresh database of the dialect the run selects. */
export interface TestWeft extends Weft {
  /** Two tenants, for isolation tests. */
  clientA: ClientKeys;
  clientB: ClientKeys;
  config: Config;
  /** Responses that did not match Plaid's OpenAPI spec (close() fails the test if any). */
  violations: Violation[];
  /** Starts listening on a random loopback port; returns the base URL. */
  listen(): Promise<string>;
  close(): Promise<void>;
}

/**
 * Builds Weft on a fresh, empty database: a temp SQLite file by default, or a new PostgreSQL
 * database (created beside the one in DATABASE_URL and dropped afterwards) when DATABASE_URL is set.
 */
export async function createTestWeft(
  opts: {
    clock?: Clock;
    env?: Record<string, string>;
    resolver?: Resolver;
    /** Receives the app's log lines (set LOG_LEVEL in env); logging is off without it. */
    logStream?: NodeJS.WritableStream;
  } = {},
): Promise<TestWeft> {
  const suffix = randomBytes(6).toString('hex');
  const dataDir = path.join(os.tmpdir(), `weft-test-${suffix}`);
  const baseUrl = process.env.DATABASE_URL;
  let dropDatabase: (() => Promise<void>) | undefined;
  let databaseUrl = `sqlite:${path.join(dataDir, 'weft.sqlite')}`;

  if (baseUrl?.startsWith('postgres')) {
    const name = `weft_t_${process.env.WEFT_TEST_RUN ?? 'adhoc'}_${suffix}`;
    const admin = new pg.Client({ connectionString: baseUrl });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(baseUrl);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    // Dropped by the run's global teardown once no connection can still be closing. An ad-hoc
    // run without it drops here, after the pool's sockets have really gone (ending a pool resolves
    // before they close, and dropping under a closing one would kill it with 57P01).
    if (!process.env.WEFT_TEST_RUN)
      dropDatabase = async () => {
        const c = new pg.Client({ connectionString: baseUrl });
        await c.connect();
        try {
          for (let i = 0; i < 100; i++) {
            const r = await c.query<{ n: number }>(
              'SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1',
              [name],
            );
            if (r.rows[0]!.n === 0) break;
            await new Promise((res) => setTimeout(res, 20));
          }
          await c.query(`DROP DATABASE IF EXISTS ${name}`).catch(() => undefined);
        } finally {
          await c.end();
        }
      };
  }

  const config = loadConfig({
    WEFT_DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    // PostgreSQL requires a key shared by every process; SQLite runs generate theirs into dataDir.
    ...(baseUrl?.startsWith('postgres') ? { WEFT_ENCRYPTION_KEY: randomBytes(32).toString('hex') } : {}),
    LOG_LEVEL: 'silent',
    PORT: '0',
    ...opts.env,
  });
  const weft = await build(config, {
    clock: opts.clock,
    logger: opts.logStream !== undefined,
    logStream: opts.logStream,
    resolver: opts.resolver,
  });
  const violations = checkResponsesAgainstSpec(weft);
  const clientA = await weft.ctx.clients.create('client-a');
  const clientB = await weft.ctx.clients.create('client-b');
  let closed = false;

  return {
    ...weft,
    clientA,
    clientB,
    config,
    violations,
    async listen() {
      await weft.app.listen({ port: 0, host: '127.0.0.1' });
      const addr = weft.app.server.address();
      if (!addr || typeof addr === 'string') throw new Error('no address');
      return `http://127.0.0.1:${addr.port}`;
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const w of weft.ctx.workers) await w.stop().catch(() => undefined);
      await weft.app.close();
      await dropDatabase?.();
      if (violations.length > 0)
        throw new Error(
          `responses not matching Plaid's spec:\n${JSON.stringify(violations.slice(0, 10), null, 2)}`,
        );
    },
  };
}

/**
 * Validates every Plaid-path JSON response the app sends, in every test, against Plaid's OpenAPI
 * spec. Without the spec (a user's clone), nothing is checked here; the conformance test then
 * fails in CI.
 */
function checkResponsesAgainstSpec(weft: Weft): Violation[] {
  const violations: Violation[] = [];
  const spec = loadSpecValidator();
  if (!spec) return violations;
  weft.app.addHook('onSend', async (req, reply, payload) => {
    const p = req.url.split('?')[0]!;
    if (req.method !== 'POST' || WEFT_PREFIXES.some((x) => p.startsWith(x)) || typeof payload !== 'string')
      return payload;
    if (!String(reply.getHeader('content-type') ?? '').includes('json')) return payload;
    let body: unknown;
    try {
      body = JSON.parse(payload);
    } catch {
      violations.push({ path: p, status: reply.statusCode, problems: ['body is not JSON'] });
      return payload;
    }
    let problems: string[];
    try {
      problems =
        reply.statusCode === 404 || spec.hasPath(p) || reply.statusCode !== 200
          ? spec.validate(p, reply.statusCode, body)
          : [`path ${p} is not in the spec`];
    } catch (e) {
      problems = [`spec validator failed: ${String(e)}`];
    }
    if (problems.length > 0) violations.push({ path: p, status: reply.statusCode, problems });
    return payload;
  });
  return violations;
}

/** Body fields authenticating as a client. */
export function auth(keys: ClientKeys): { client_id: string; secret: string } {
  return { client_id: keys.clientId, secret: keys.secret };
}

/** POSTs JSON to a built app in-process; returns status and parsed body. */
export async function post<T = Record<string, unknown>>(
  weft: Weft,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: T; headers: Record<string, unknown> }> {
  const res = await weft.app.inject({
    method: 'POST',
    url,
    payload: body as object,
    headers: { 'content-type': 'application/json', ...headers },
  });
  return { status: res.statusCode, body: res.json() as T, headers: res.headers };
}

/** Creates a sandbox Item for a client through /sandbox/public_token/create and the exchange. */
export async function createItem(
  weft: Weft,
  keys: ClientKeys,
  opts: { institution_id?: string; initial_products?: string[]; options?: Record<string, unknown> } = {},
): Promise<{ accessToken: string; itemId: string }> {
  const pt = await post<{ public_token: string }>(weft, '/sandbox/public_token/create', {
    ...auth(keys),
    institution_id: opts.institution_id ?? 'ins_109508',
    initial_products: opts.initial_products ?? ['transactions'],
    ...(opts.options ? { options: opts.options } : {}),
  });
  if (pt.status !== 200) throw new Error(`sandbox/public_token/create failed: ${JSON.stringify(pt.body)}`);
  const ex = await post<{ access_token: string; item_id: string }>(weft, '/item/public_token/exchange', {
    ...auth(keys),
    public_token: pt.body.public_token,
  });
  if (ex.status !== 200) throw new Error(`exchange failed: ${JSON.stringify(ex.body)}`);
  return { accessToken: ex.body.access_token, itemId: ex.body.item_id };
}
