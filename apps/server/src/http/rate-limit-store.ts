import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { Clock } from '../lib/clock';
import { RATE_LIMIT_WINDOW_MS, RateLimiter, type WindowState } from './rate-limit';

/** One counter a request is counted against. */
export interface CounterKey {
  key: string;
  limit: number;
}

/** What admitting a request did: `blocked` is the exhausted key's index, or -1 when admitted. */
export interface Admission {
  blocked: number;
  states: WindowState[];
}

/**
 * Where rate-limit counters live. A request is counted against every key, unless one of them is
 * exhausted: then it is refused. Answered at once where no round trip is needed (memory, a lease).
 */
export interface CounterStore {
  admit(keys: readonly CounterKey[]): Admission | Promise<Admission>;
}

/** Counters in this process's memory (SQLite, one process): each window opens at its first request. */
export function memoryCounters(clock: Clock): CounterStore {
  const limiter = new RateLimiter(clock);
  return { admit: (keys) => limiter.admit(keys) };
}

interface GrantRow {
  key: string;
  count: number;
  granted: number;
}

interface Pending {
  keys: readonly CounterKey[];
  resolve(a: Admission): void;
  reject(e: unknown): void;
}

/** Budget a process holds for one key in one window: granted by the database, not yet used. */
interface Lease {
  window: number;
  left: number;
  /** The key's count in the database after this process's last statement on it. */
  count: number;
}

/**
 * Counters shared by every process on one PostgreSQL database (table rate_limit_counters), in
 * windows aligned to the clock so all processes agree where one starts. Requests that arrive while
 * a statement is in flight wait for the next one, which counts all of them: per key, it grants as
 * many as are left under the limit, atomically, so together the processes never admit more than a
 * limit. The grants go to the waiting requests in order.
 *
 * Where a limit is large (LEASE_DIVISOR or more), each statement also asks for a hundredth of it
 * beyond what the waiting requests need, and later requests are admitted from that lease without a
 * round trip; a process may leave up to that much of a window unused, never more admitted. Under
 * smaller limits, a request refused on one key hands back in a follow-up statement what it was
 * granted on the others (a request racing that hand-back may be refused too early).
 */
export function postgresCounters(
  db: Kysely<Database>,
  clock: Clock,
  windowMs = RATE_LIMIT_WINDOW_MS,
): CounterStore {
  let queue: Pending[] = [];
  let flushing = false;
  const leases = new Map<string, Lease>();

  async function flush(): Promise<void> {
    flushing = true;
    while (queue.length > 0) {
      const batch = queue;
      queue = [];
      try {
        const admissions = await count(batch);
        batch.forEach((p, i) => {
          p.resolve(admissions[i]!);
        });
      } catch (e) {
        for (const p of batch) p.reject(e);
      }
    }
    flushing = false;
  }

  function windowAt(now: number) {
    const start = now - (now % windowMs);
    return { start, resetMs: start + windowMs - now };
  }

  /** Admits from the leases alone when every key has one left in this window; null otherwise. */
  function fromLeases(keys: readonly CounterKey[], window: number, resetMs: number): Admission | null {
    const held = keys.map((k) => leases.get(stored(k.key)));
    if (!held.every((l) => l !== undefined && l.window === window && l.left > 0)) return null;
    return {
      blocked: -1,
      states: keys.map((k, i) => {
        const lease = held[i]!;
        lease.left--;
        return { limit: k.limit, remaining: Math.max(0, k.limit - lease.count + lease.left), resetMs };
      }),
    };
  }

  async function count(batch: Pending[]): Promise<Admission[]> {
    const { start, resetMs } = windowAt(clock.now().getTime());
    const admissions: (Admission | null)[] = batch.map((p) => fromLeases(p.keys, start, resetMs));
    // Per key: the requests that need it, topped up to a lease where the limit is large, less
    // what this process already holds.
    const needs = new Map<string, { limit: number; n: number }>();
    batch.forEach((p, i) => {
      if (admissions[i]) return;
      for (const k of p.keys) {
        const need = needs.get(stored(k.key)) ?? { limit: k.limit, n: 0 };
        need.n++;
        needs.set(stored(k.key), need);
      }
    });
    const wants = new Map<string, { limit: number; want: number }>();
    for (const [name, { limit, n }] of needs) {
      const held = leases.get(name);
      const left = held?.window === start ? held.left : 0;
      const want = n + Math.floor(limit / LEASE_DIVISOR) - left;
      if (want > 0) wants.set(name, { limit, want });
    }
    const names = [...wants.keys()];
    const { rows } =
      names.length === 0
        ? { rows: [] as GrantRow[] }
        : await sql<GrantRow>`
      WITH input AS (
        SELECT * FROM unnest(${names}::text[], ${names.map((n) => wants.get(n)!.limit)}::int[],
          ${names.map((n) => wants.get(n)!.want)}::int[]) AS t(key, lim, want)
      )
      INSERT INTO rate_limit_counters AS c (key, window_start, count, granted)
      SELECT key, ${start}, LEAST(want, GREATEST(lim, 0)), LEAST(want, GREATEST(lim, 0)) FROM input
      ON CONFLICT (key) DO UPDATE SET
        granted = CASE WHEN c.window_start = excluded.window_start
          THEN LEAST(excluded.granted, GREATEST((SELECT lim FROM input WHERE input.key = c.key) - c.count, 0))
          ELSE excluded.granted END,
        count = CASE WHEN c.window_start = excluded.window_start
          THEN c.count + LEAST(excluded.granted, GREATEST((SELECT lim FROM input WHERE input.key = c.key) - c.count, 0))
          ELSE excluded.granted END,
        window_start = excluded.window_start
      RETURNING c.key, c.count, c.granted`.execute(db);
    for (const r of rows) {
      const held = leases.get(r.key);
      const left = (held?.window === start ? held.left : 0) + r.granted;
      leases.set(r.key, { window: start, left, count: r.count });
    }
    batch.forEach((p, i) => {
      if (admissions[i]) return;
      const admitted = fromLeases(p.keys, start, resetMs);
      if (admitted) admissions[i] = admitted;
      else {
        const blocked = p.keys.findIndex((k) => !((leases.get(stored(k.key))?.left ?? 0) > 0));
        admissions[i] = refusedAt(blocked, p.keys, resetMs);
      }
    });
    // What small limits granted but no request used goes back, so other processes can use it.
    const unused = names.filter((n) => wants.get(n)!.limit < LEASE_DIVISOR && leases.get(n)!.left > 0);
    if (unused.length > 0) {
      const back = unused.map((n) => leases.get(n)!.left);
      for (const n of unused) leases.get(n)!.left = 0;
      await sql`
        UPDATE rate_limit_counters AS c SET count = c.count - u.n
        FROM unnest(${unused}::text[], ${back}::int[]) AS u(key, n)
        WHERE c.key = u.key AND c.window_start = ${start}`.execute(db);
    }
    return admissions as Admission[];
  }

  return {
    admit(keys) {
      const { start, resetMs } = windowAt(clock.now().getTime());
      // Nothing waits ahead of it and every key has budget here: no round trip.
      const leased = queue.length === 0 ? fromLeases(keys, start, resetMs) : null;
      if (leased) return leased;
      return new Promise<Admission>((resolve, reject) => {
        queue.push({ keys, resolve, reject });
        if (!flushing) void flush();
      });
    },
  };
}

/** Limits from this size up are leased a hundredth at a time. */
const LEASE_DIVISOR = 100;

/** PostgreSQL text cannot hold the NUL that separates a key's parts in memory. */
function stored(key: string): string {
  return key.replaceAll('\u0000', '|');
}

function refusedAt(blocked: number, keys: readonly CounterKey[], resetMs: number): Admission {
  return {
    blocked,
    states: keys.map((k, i) => ({ limit: k.limit, remaining: i === blocked ? 0 : k.limit, resetMs })),
  };
}
