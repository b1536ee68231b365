import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { WeftContext } from '../../app-context';
import { type CounterStore, memoryCounters, postgresCounters } from '../../http/rate-limit-store';
import { RequestSlot } from '../../http/request-slot';
import { DashboardError, type DashboardService, SESSION_MS, type Viewer } from './dashboard.service';
import type { DashboardRole } from './dashboard.tables';

/** The session cookie: HttpOnly, SameSite=Strict, only sent to /dashboard; Secure over TLS. */
export const SESSION_COOKIE = 'weft_dashboard';
/** The header every state-changing request carries its session's CSRF token in. */
export const CSRF_HEADER = 'x-csrf-token';
/**
 * Sign-in and setup have no session yet: they must carry this header instead, which a cross-site
 * form cannot send and a cross-site script cannot send without a CORS preflight Weft never grants.
 */
export const PRE_SESSION_HEADER = 'x-requested-with';
export const PRE_SESSION_VALUE = 'weft-dashboard';

/** Sign-in attempts per minute, per remote address and per email. */
export const LOGIN_LIMIT = 10;

/** Headers and body fields that carry Plaid API keys, which no dashboard endpoint accepts. */
const API_KEY_HEADERS = ['plaid-client-id', 'plaid-secret', 'authorization'];

const RANK: Record<DashboardRole, number> = { owner: 3, developer: 2, viewer: 1 };

/** The CSRF token of a session: derived from its token, so nothing more is stored. */
export function csrfTokenOf(sessionToken: string): string {
  return createHmac('sha256', sessionToken).update('weft-dashboard-csrf').digest('base64url');
}

/** The session token a request's cookie carries. */
export function sessionTokenOf(req: FastifyRequest): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === SESSION_COOKIE) {
      const value = part.slice(eq + 1).trim();
      return /^[A-Za-z0-9_-]{20,100}$/.test(value) ? value : undefined;
    }
  }
  return undefined;
}

/** Set-Cookie for a new session (or, with null, one that ends it). */
export function sessionCookie(token: string | null, secure: boolean): string {
  const parts = [
    `${SESSION_COOKIE}=${token ?? ''}`,
    'Path=/dashboard',
    'HttpOnly',
    'SameSite=Strict',
    `Max-Age=${token ? SESSION_MS / 1000 : 0}`,
  ];
  if (secure) parts.push('Secure');
  return parts.join('; ');
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Who may do what on /dashboard/api: no API keys, a live session for everything but sign-in, a
 * CSRF token on every state-changing request, and an Origin (when the browser sends one) that is
 * Weft's own.
 */
export class DashboardGuard {
  private readonly viewer = new RequestSlot<Viewer>('weft.dashboard.viewer');
  private readonly counters: CounterStore;
  private readonly origins: Set<string>;

  constructor(
    private readonly ctx: WeftContext,
    private readonly service: DashboardService,
  ) {
    this.counters =
      ctx.dialect === 'postgres' ? postgresCounters(ctx.db, ctx.clock) : memoryCounters(ctx.clock);
    this.origins = new Set([new URL(ctx.config.publicUrl).origin]);
  }

  /** Whether cookies get the Secure attribute: when Weft's public URL is https. */
  get secure(): boolean {
    return this.ctx.config.publicUrl.startsWith('https:');
  }

  /** Refuses API keys and foreign origins; for every dashboard API request. */
  checkRequest(req: FastifyRequest): void {
    if (API_KEY_HEADERS.some((h) => req.headers[h] !== undefined))
      throw new DashboardError(
        401,
        'API_KEYS_NOT_ACCEPTED',
        'the dashboard takes no API keys: sign in instead',
      );
    const origin = req.headers.origin;
    if (req.method !== 'GET' && origin !== undefined) {
      const own = `${this.secure ? 'https' : 'http'}://${req.headers.host ?? ''}`;
      if (!this.origins.has(origin) && origin !== own)
        throw new DashboardError(403, 'CSRF_REFUSED', 'request from another origin');
    }
  }

  /**
   * For sign-in and setup: the pre-session header, and a budget per address and per name. A
   * password change (which has a session and its CSRF token instead) counts against the budget too.
   */
  async checkPreSession(req: FastifyRequest, subject: string, needsHeader = true): Promise<void> {
    if (needsHeader && req.headers[PRE_SESSION_HEADER] !== PRE_SESSION_VALUE)
      throw new DashboardError(403, 'CSRF_REFUSED', `missing ${PRE_SESSION_HEADER} header`);
    const admission = await this.counters.admit([
      { key: `dashboard-login\u0000ip\u0000${req.ip}`, limit: LOGIN_LIMIT },
      { key: `dashboard-login\u0000name\u0000${subject.toLowerCase()}`, limit: LOGIN_LIMIT },
    ]);
    if (admission.blocked >= 0)
      throw new DashboardError(429, 'RATE_LIMIT_EXCEEDED', 'too many sign-in attempts; wait a minute');
  }

  /** The signed-in member, or 401; for a state-changing request also its CSRF token, or 403. */
  async viewerOf(req: FastifyRequest): Promise<Viewer> {
    const known = this.viewer.get(req);
    if (known) return known;
    const token = sessionTokenOf(req);
    const viewer = token ? await this.service.viewerOf(token) : null;
    if (!token || !viewer) throw new DashboardError(401, 'NOT_SIGNED_IN', 'sign in to the dashboard');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      const given = req.headers[CSRF_HEADER];
      if (typeof given !== 'string' || !same(given, csrfTokenOf(token)))
        throw new DashboardError(403, 'CSRF_REFUSED', `missing or wrong ${CSRF_HEADER} header`);
    }
    this.viewer.set(req, viewer);
    return viewer;
  }

  /** The signed-in member, if their role is at least `role`; 403 otherwise. */
  async require(req: FastifyRequest, role: DashboardRole): Promise<Viewer> {
    const v = await this.viewerOf(req);
    if (RANK[v.role] < RANK[role])
      throw new DashboardError(403, 'FORBIDDEN', `this needs the ${role} role; you are ${v.role}`);
    return v;
  }
}
