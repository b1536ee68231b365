import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Clock } from '../lib/clock';
import { randomHex } from '../lib/ids';

/** The browser's handle on its demo session; the access token itself never leaves the server. */
export const SESSION_COOKIE = 'weft_demo_session';

const SESSION_TTL_MS = 2 * 60 * 60 * 1000;
const MAX_SESSIONS = 1000;
const ID_RE = /^[0-9a-f]{48}$/;

/** One visitor's demo state, held in process memory only. */
export interface DemoSession {
  id: string;
  /** The demo mode the last link token was made for (see demo-modes.ts). */
  mode: string;
  accessToken: string | null;
  itemId: string | null;
  /** Mode-specific values (e.g. a payment id) that must survive from link token to success page. */
  extras: Record<string, string>;
  lastSeen: number;
}

/**
 * In-memory demo sessions keyed by an HttpOnly cookie. Bounded in count and age: the oldest session
 * is dropped first, so a flood of visitors cannot grow memory without limit.
 */
export class DemoSessions {
  private readonly sessions = new Map<string, DemoSession>();

  constructor(private readonly clock: Clock) {}

  /** The caller's live session, if its cookie names one. */
  find(req: FastifyRequest): DemoSession | null {
    const id = readCookie(req.headers.cookie, SESSION_COOKIE);
    if (!id || !ID_RE.test(id)) return null;
    const session = this.sessions.get(id);
    if (!session) return null;
    const now = this.clock.now().getTime();
    if (now - session.lastSeen > SESSION_TTL_MS) {
      this.sessions.delete(id);
      return null;
    }
    session.lastSeen = now;
    // Re-insert so Map order stays oldest-first for eviction.
    this.sessions.delete(id);
    this.sessions.set(id, session);
    return session;
  }

  /** The caller's session, starting one (and setting its cookie) when there is none. */
  ensure(req: FastifyRequest, reply: FastifyReply): DemoSession {
    const found = this.find(req);
    if (found) return found;
    while (this.sessions.size >= MAX_SESSIONS) {
      const oldest = this.sessions.keys().next().value;
      if (oldest === undefined) break;
      this.sessions.delete(oldest);
    }
    const session: DemoSession = {
      id: randomHex(24),
      mode: 'data',
      accessToken: null,
      itemId: null,
      extras: {},
      lastSeen: this.clock.now().getTime(),
    };
    this.sessions.set(session.id, session);
    const secure = req.protocol === 'https' ? '; Secure' : '';
    reply.header('set-cookie', `${SESSION_COOKIE}=${session.id}; Path=/; HttpOnly; SameSite=Lax${secure}`);
    return session;
  }

  /** Number of live sessions (for tests). */
  get size(): number {
    return this.sessions.size;
  }
}

/** One cookie's value from a Cookie header. */
export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
