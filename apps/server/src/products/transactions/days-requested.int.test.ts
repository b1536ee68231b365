import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';

describe('days_requested set at Item creation', () => {
  const clock = new FixedClock(new Date('2026-06-15T12:00:00Z'));
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  /** Dates of every transaction the Item has, after its pulls complete. */
  async function dates(accessToken: string): Promise<string[]> {
    await post(w, '/transactions/refresh', { ...auth(w.clientA), access_token: accessToken });
    clock.advance(10_000);
    const out: string[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await post<{ transactions: { date: string }[]; total_transactions: number }>(
        w,
        '/transactions/get',
        {
          ...auth(w.clientA),
          access_token: accessToken,
          start_date: '2024-01-01',
          end_date: '2026-06-15',
          options: { count: 500, offset },
        },
      );
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      out.push(...r.body.transactions.map((t) => t.date));
      if (offset + 500 >= r.body.total_transactions) return out;
    }
  }

  it('limits the history of a sandbox Item to the days requested', async () => {
    const short = await createItem(w, w.clientA, { options: { transactions: { days_requested: 60 } } });
    const full = await createItem(w, w.clientA);
    const shortDates = await dates(short.accessToken);
    const fullDates = await dates(full.accessToken);
    expect(shortDates.length).toBeGreaterThan(0);
    expect(shortDates.every((d) => d >= '2026-04-15')).toBe(true);
    expect(fullDates.some((d) => d < '2025-01-01')).toBe(true);
  });
});
