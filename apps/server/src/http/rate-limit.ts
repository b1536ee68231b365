import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WeftApp, WeftContext } from '../app-context';
import type { Clock } from '../lib/clock';
import { PlaidError, type PlaidErrorCode } from './errors';
import { type CounterStore, memoryCounters, postgresCounters } from './rate-limit-store';
import { cachedRequestItem, requestItem } from './request-item';

/**
 * Plaid-style rate limits: per endpoint, a budget per Item and a budget per client, each per
 * minute, answered with 429 RATE_LIMIT_EXCEEDED and the endpoint's error code (AUTH_LIMIT, …).
 *
 * On PostgreSQL the counters are shared by every process on the database (rate-limit-store.ts),
 * so API instances behind a load balancer enforce one limit together. On SQLite they live in this
 * process's memory (a fixed one-minute window per key).
 */

/** One endpoint's limits, in requests per window; null where Plaid sets none. */
export interface RateLimitRule {
  perItem: number | null;
  perClient: number | null;
  code: PlaidErrorCode;
}

/** Limits by route path. */
export type RateLimitTable = Readonly<Record<string, RateLimitRule>>;

/**
 * Plaid's published Production limits (requests per minute) for the endpoints Weft serves or
 * will serve; endpoints Plaid does not list are not limited.
 */
export const PLAID_RATE_LIMITS: RateLimitTable = {
  '/accounts/balance/get': { perItem: 5, perClient: 1200, code: 'ACCOUNTS_BALANCE_GET_LIMIT' },
  '/accounts/get': { perItem: 15, perClient: 15000, code: 'ACCOUNTS_LIMIT' },
  '/auth/get': { perItem: 15, perClient: 12000, code: 'AUTH_LIMIT' },
  '/identity/get': { perItem: 15, perClient: 2000, code: 'IDENTITY_LIMIT' },
  '/institutions/get': { perItem: null, perClient: 50, code: 'INSTITUTIONS_GET_LIMIT' },
  '/institutions/get_by_id': { perItem: null, perClient: 400, code: 'INSTITUTIONS_GET_BY_ID_LIMIT' },
  '/investments/holdings/get': { perItem: 15, perClient: 2000, code: 'INVESTMENT_HOLDINGS_GET_LIMIT' },
  '/investments/transactions/get': { perItem: 30, perClient: 20000, code: 'INVESTMENT_TRANSACTIONS_LIMIT' },
  '/item/get': { perItem: 15, perClient: 5000, code: 'ITEM_GET_LIMIT' },
  '/item/remove': { perItem: 30, perClient: 2000, code: 'RATE_LIMIT' },
  '/liabilities/get': { perItem: 15, perClient: 1000, code: 'RATE_LIMIT' },
};

/** The window every limit counts in. */
export const RATE_LIMIT_WINDOW_MS = 60_000;

/**
 * The table in force: Plaid's, unless `WEFT_RATE_LIMITS` says otherwise. `off` disables limits;
 * otherwise a comma-separated list of `<path>=<perItem>/<perClient>` overrides, `-` for none
 * (e.g. `/auth/get=2/10,/institutions/get=-/100`). Returns an error message for a bad value.
 */
export function rateLimitTable(
  raw: string | undefined,
  base: RateLimitTable = PLAID_RATE_LIMITS,
): RateLimitTable | string {
  const value = raw?.trim();
  if (!value) return base;
  if (value === 'off') return {};
  const table: Record<string, RateLimitRule> = { ...base };
  for (const entry of value
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const m = /^(\/[a-z0-9_/]+)=(\d+|-)\/(\d+|-)$/.exec(entry);
    if (!m) return `WEFT_RATE_LIMITS: "${entry}" is not <path>=<perItem>/<perClient>`;
    const [, path, item, client] = m;
    table[path!] = {
      perItem: item === '-' ? null : Number(item),
      perClient: client === '-' ? null : Number(client),
      code: base[path!]?.code ?? 'RATE_LIMIT',
    };
  }
  return table;
}

/** The state of one counter after a request was counted (or refused). */
export interface WindowState {
  limit: number;
  remaining: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Fixed-window counters keyed by string, timed by an injectable clock. */
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = RATE_LIMIT_WINDOW_MS,
  ) {}

  /** Where a key stands, without counting. */
  peek(key: string, limit: number): WindowState & { allowed: boolean } {
    const now = this.clock.now().getTime();
    const w = this.current(key, now);
    const count = w?.count ?? 0;
    return {
      allowed: count < limit,
      limit,
      remaining: Math.max(0, limit - count),
      resetMs: w ? w.start + this.windowMs - now : this.windowMs,
    };
  }

  /** Counts one request against a key. */
  take(key: string, limit: number): WindowState {
    const now = this.clock.now().getTime();
    this.sweep(now);
    let w = this.current(key, now);
    if (!w) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return { limit, remaining: Math.max(0, limit - w.count), resetMs: w.start + this.windowMs - now };
  }

  /**
   * Counts one request against every key, unless one of them is exhausted: then nothing is
   * counted and `blocked` is that key's index (-1 when admitted). One clock read and one lookup
   * per key, as this runs on every limited request.
   */
  admit(keys: readonly { key: string; limit: number }[]): { blocked: number; states: WindowState[] } {
    const now = this.clock.now().getTime();
    this.sweep(now);
    const windows = keys.map(({ key }) => {
      let w = this.current(key, now);
      if (!w) {
        w = { start: now, count: 0 };
        this.windows.set(key, w);
      }
      return w;
    });
    const blocked = windows.findIndex((w, i) => w.count >= keys[i]!.limit);
    if (blocked < 0) for (const w of windows) w.count++;
    const states = windows.map((w, i) => {
      const limit = keys[i]!.limit;
      return { limit, remaining: Math.max(0, limit - w.count), resetMs: w.start + this.windowMs - now };
    });
    return { blocked, states };
  }

  /** Number of live counters (for tests and metrics). */
  get size(): number {
    return this.windows.size;
  }

  private current(key: string, now: number): { start: number; count: number } | undefined {
    const w = this.windows.get(key);
    return w && now - w.start < this.windowMs ? w : undefined;
  }

  /** Drops expired windows at most once per window, so memory follows the active keys. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.windowMs) return;
    this.lastSweep = now;
    for (const [key, w] of this.windows) if (now - w.start >= this.windowMs) this.windows.delete(key);
  }
}

/**
 * Registers the limits as a preHandler (after the body is validated, before the route runs) of
 * each limited route, which knows its rule: other routes pay nothing, and a request no lookup.
 * Only authenticated callers are counted, so a stranger cannot spend a client's budget by sending
 * its client_id with a wrong secret; a request that fails authentication or names an unknown
 * Item is left to the route, which rejects it as usual.
 */
export function installRateLimits(app: WeftApp, ctx: WeftContext, table: RateLimitTable): void {
  if (Object.keys(table).length === 0) return;
  const counters =
    ctx.dialect === 'postgres' ? postgresCounters(ctx.db, ctx.clock) : memoryCounters(ctx.clock);
  app.addHook('onRoute', (r) => {
    if (!Object.hasOwn(table, r.url)) return;
    r.preHandler = [limiter(ctx, counters, r.url, table[r.url]!), ...[r.preHandler ?? []].flat()];
  });
}

/**
 * One route's limit. Where the client and Item are cached and the counters in memory, nothing is
 * awaited: this runs on every request of the busiest routes.
 */
function limiter(ctx: WeftContext, counters: CounterStore, path: string, rule: RateLimitRule) {
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const client = ctx.auth.cached(req) ?? (await ctx.auth.authenticate(req).catch(() => undefined));
    if (!client) return;
    const checks: { key: string; limit: number; scope: 'item' | 'client' }[] = [];
    if (rule.perItem !== null) {
      const found = itemOf(ctx, client.clientId, req);
      const itemId = found instanceof Promise ? await found : found;
      if (itemId) checks.push({ key: `i\u0000${path}\u0000${itemId}`, limit: rule.perItem, scope: 'item' });
    }
    if (rule.perClient !== null)
      checks.push({ key: `c\u0000${path}\u0000${client.clientId}`, limit: rule.perClient, scope: 'client' });
    if (checks.length === 0) return;

    const admission = counters.admit(checks);
    const { blocked, states } = admission instanceof Promise ? await admission : admission;
    if (blocked >= 0) {
      const state = states[blocked]!;
      const error = new PlaidError(
        rule.code,
        checks[blocked]!.scope === 'item'
          ? undefined
          : `rate limit exceeded for this client on ${path}. please try again later`,
      );
      error.headers = { ...headersFor(state), 'retry-after': String(seconds(state.resetMs)) };
      throw error;
    }
    const tightest = states.reduce((a, b) => (b.remaining < a.remaining ? b : a));
    reply.headers(headersFor(tightest));
  };
}

/** The request's Item id; null without an access token or when it reaches no Item (the route says why). */
function itemOf(
  ctx: WeftContext,
  clientId: string,
  req: FastifyRequest,
): string | null | Promise<string | null> {
  const body = req.body as { access_token?: unknown } | undefined;
  if (!body || typeof body.access_token !== 'string') return null;
  const cached = cachedRequestItem(ctx, req, clientId, body.access_token);
  if (cached) return cached.item_id;
  return requestItem(ctx, req, clientId, body.access_token).then(
    (item) => item.item_id,
    () => null,
  );
}

/** IETF RateLimit header fields (draft-ietf-httpapi-ratelimit-headers): reset in seconds. */
function headersFor(s: WindowState): Record<string, string> {
  return {
    'ratelimit-limit': String(s.limit),
    'ratelimit-remaining': String(s.remaining),
    'ratelimit-reset': String(seconds(s.resetMs)),
  };
}

function seconds(ms: number): number {
  return Math.max(1, Math.ceil(ms / 1000));
}
