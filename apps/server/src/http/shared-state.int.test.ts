import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, post, type TestWeft } from '../test/harness';
import { postTo, startWeftProcess, type WeftProcess } from '../test/weft-process';

/**
 * Two API processes on one database: this test's Weft and a `weft start` child. What one writes,
 * the other's next reads show (once the change has been notified, on PostgreSQL), and on
 * PostgreSQL they enforce one per-Item limit together.
 */
const KEYS = { clientId: 'sharedstateclient', secret: 'shared_state_secret_0000' };
const AUTH = { client_id: KEYS.clientId, secret: KEYS.secret };
const LIMIT = 5;
/** A limit large enough that each process leases a hundredth of it at a time. */
const LARGE = 200;

/** Polls `read` until `done` holds of its answer, for at most `ms`; the last answer. */
async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('state shared by two API processes', () => {
  let w: TestWeft;
  let other: WeftProcess;

  beforeAll(async () => {
    // /accounts/balance/get (same cache) is left unlimited, so polling it counts against nothing.
    const env = {
      WEFT_RATE_LIMITS: `/accounts/get=${LIMIT}/-,/accounts/balance/get=-/-,/item/get=${LARGE}/-`,
    };
    w = await createTestWeft({ env });
    other = await startWeftProcess(w.config, KEYS, env);
  }, 60_000);
  afterAll(async () => {
    await other?.stop();
    await w?.close();
  });

  async function itemMadeByOther(): Promise<string> {
    const pt = await postTo<{ public_token: string }>(other.base, '/sandbox/public_token/create', {
      ...AUTH,
      institution_id: 'ins_109508',
      initial_products: ['auth'],
    });
    const ex = await postTo<{ access_token: string }>(other.base, '/item/public_token/exchange', {
      ...AUTH,
      public_token: pt.body.public_token,
    });
    return ex.body.access_token;
  }

  it('serves cached reads, and a write in the other process is seen by a following read here', async () => {
    // Caching is on in both dialects (on PostgreSQL once the change feed listens).
    expect(
      await until(
        async () => w.ctx.changeEpoch(),
        (e) => e !== null,
      ),
    ).not.toBeNull();
    const accessToken = await itemMadeByOther();
    const get = () =>
      post<{ error_code?: string; accounts?: unknown[] }>(w, '/accounts/balance/get', {
        ...AUTH,
        access_token: accessToken,
      });
    expect((await get()).status).toBe(200);
    expect((await get()).status).toBe(200);

    const reset = await postTo(other.base, '/sandbox/item/reset_login', {
      ...AUTH,
      access_token: accessToken,
    });
    expect(reset.status).toBe(200);
    const seen = await until(get, (r) => r.status !== 200);
    expect(seen.body.error_code).toBe('ITEM_LOGIN_REQUIRED');
  });

  it.skipIf(!process.env.DATABASE_URL?.startsWith('postgres'))(
    'enforces one per-Item limit across both processes (PostgreSQL)',
    async () => {
      const accessToken = await itemMadeByOther();
      // Windows are aligned to the minute: start well inside one, so the count is not reset midway.
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      const body = { ...AUTH, access_token: accessToken };
      const statuses: number[] = [];
      for (let i = 0; i < 2 * LIMIT; i++) {
        const r =
          i % 2 === 0
            ? await post(w, '/accounts/get', body)
            : await postTo(other.base, '/accounts/get', body);
        statuses.push(r.status);
      }
      expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
      expect(statuses.slice(LIMIT)).toEqual(Array(LIMIT).fill(429));
      const refused = await postTo<{ error_code: string }>(other.base, '/accounts/get', body);
      expect(refused.body.error_code).toBe('ACCOUNTS_LIMIT');
    },
    70_000,
  );

  it.skipIf(!process.env.DATABASE_URL?.startsWith('postgres'))(
    'admits no more than the limit when both processes are sent requests at once (PostgreSQL)',
    async () => {
      const accessToken = await itemMadeByOther();
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 50_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      const body = { ...AUTH, access_token: accessToken };
      const burst = await Promise.all(
        Array.from({ length: 4 * LIMIT }, (_, i) =>
          i % 2 === 0 ? post(w, '/accounts/get', body) : postTo(other.base, '/accounts/get', body),
        ),
      );
      const statuses = burst.map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(LIMIT);
      expect(statuses.filter((s) => s === 429)).toHaveLength(3 * LIMIT);
    },
    70_000,
  );

  it.skipIf(!process.env.DATABASE_URL?.startsWith('postgres'))(
    'under a large limit, admits from leases and never past the limit across both processes (PostgreSQL)',
    async () => {
      const accessToken = await itemMadeByOther();
      const intoMinute = Date.now() % 60_000;
      if (intoMinute > 45_000) await new Promise((r) => setTimeout(r, 60_500 - intoMinute));
      const body = { ...AUTH, access_token: accessToken };
      const statuses: number[] = [];
      for (let round = 0; round < 13; round++) {
        const burst = await Promise.all(
          Array.from({ length: 20 }, (_, i) =>
            i % 2 === 0 ? post(w, '/item/get', body) : postTo(other.base, '/item/get', body),
          ),
        );
        statuses.push(...burst.map((r) => r.status));
      }
      const admitted = statuses.filter((s) => s === 200).length;
      // Each process may leave its last lease (a hundredth of the limit) unused; none admits past it.
      expect(admitted).toBeLessThanOrEqual(LARGE);
      expect(admitted).toBeGreaterThanOrEqual(LARGE - 2 * (LARGE / 100));
      expect(statuses.filter((s) => s !== 200 && s !== 429)).toEqual([]);
    },
    70_000,
  );
});
