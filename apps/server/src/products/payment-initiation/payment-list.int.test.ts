import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { payment, recipient } from './payment-test-kit';

interface ListBody {
  payments: { payment_id: string }[];
  next_cursor: string | null;
}

describe('payment initiation: /payment_initiation/payment/list paging', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-25T10:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  it('pages by timestamp without skipping or repeating payments created in the same instant', async () => {
    const rid = await recipient(w, w.clientA);
    const made: string[] = [];
    for (const [tick, n] of [
      [0, 1],
      [1, 5],
      [2, 1],
      [3, 3],
    ] as const) {
      clock.set(new Date(Date.parse('2026-11-25T10:00:00Z') + tick * 1000));
      for (let i = 0; i < n; i++) made.push(await payment(w, w.clientA, rid));
    }
    for (const count of [1, 2, 3, 4, 10]) {
      const seen: string[] = [];
      let cursor: string | null = null;
      for (let page = 0; page < 20; page++) {
        const r: { status: number; body: ListBody } = await post<ListBody>(
          w,
          '/payment_initiation/payment/list',
          { ...auth(w.clientA), count, ...(cursor ? { cursor } : {}) },
        );
        expect(r.status).toBe(200);
        seen.push(...r.body.payments.map((p) => p.payment_id));
        cursor = r.body.next_cursor;
        if (!cursor) break;
      }
      expect(seen.length, `count ${count}`).toBe(made.length);
      expect(new Set(seen)).toEqual(new Set(made));
    }
  });
});
