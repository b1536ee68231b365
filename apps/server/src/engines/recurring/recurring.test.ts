import { describe, expect, it } from 'vitest';
import { EnrichEngine } from '../enrich/enrich';
import { type GenAccount, historyAt, TransactionsGenerator } from '../transactions-generator/generator';
import { dateOf, dayNumber } from '../transactions-generator/rng';
import { detectStreams, type RecurringInput } from './recurring';

function series(
  desc: string,
  dates: string[],
  amounts: number | number[],
  accountId = 'chk',
): RecurringInput[] {
  return dates.map((date, i) => ({
    id: `${desc}-${i}`,
    accountId,
    date,
    amount: Array.isArray(amounts) ? amounts[i]! : amounts,
    description: desc,
    merchantName: null,
    category: null,
    pending: false,
  }));
}

const monthly = (day: number, months: number) =>
  Array.from(
    { length: months },
    (_, i) => `2026-${String(i + 1).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
  );

describe('recurring streams (table-driven)', () => {
  it.each([
    {
      name: 'monthly subscription',
      txs: series('NETFLIX.COM', monthly(7, 6), 1549),
      frequency: 'MONTHLY',
      next: '2026-07-07',
    },
    {
      name: 'biweekly payroll (same weekday)',
      txs: series(
        'ACME PAYROLL',
        ['2026-01-02', '2026-01-16', '2026-01-30', '2026-02-13', '2026-02-27'],
        -250000,
      ),
      frequency: 'BIWEEKLY',
      next: '2026-03-13',
    },
    {
      name: 'semi-monthly payroll (15th and month end)',
      txs: series(
        'ACME PAYROLL',
        ['2026-01-15', '2026-01-31', '2026-02-15', '2026-02-28', '2026-03-15', '2026-03-31'],
        -250000,
      ),
      frequency: 'SEMI_MONTHLY',
      next: '2026-04-15',
    },
    {
      name: 'weekly',
      txs: series('YOGA CLASS', ['2026-03-02', '2026-03-09', '2026-03-16', '2026-03-23', '2026-03-30'], 2000),
      frequency: 'WEEKLY',
      next: '2026-04-06',
    },
    {
      name: 'utility bill with varying amounts',
      txs: series('PGANDE WEB ONLINE PAYMENT', monthly(12, 6), [9000, 12000, 15000, 11000, 8000, 10000]),
      frequency: 'MONTHLY',
      next: '2026-07-12',
    },
  ])('detects a $name', ({ txs, frequency, next }) => {
    const [s] = detectStreams(txs, txs[txs.length - 1]!.date);
    expect(s).toMatchObject({ frequency, status: 'MATURE', predictedNextDate: next });
    expect(s!.transactionIds).toHaveLength(txs.length);
  });

  it.each([
    {
      name: 'irregular purchases',
      txs: series('STARBUCKS', ['2026-01-01', '2026-01-03', '2026-01-11', '2026-01-12', '2026-02-20'], 500),
    },
    {
      name: 'wildly different amounts',
      txs: series('AMAZON', monthly(3, 5), [500, 90000, 1200, 45000, 300]),
    },
    { name: 'two occurrences', txs: series('GYM', monthly(1, 2), 2500) },
  ])('finds no stream in $name', ({ txs }) => {
    expect(detectStreams(txs, '2026-06-30')).toEqual([]);
  });

  it('tombstones a stream that stopped', () => {
    const [s] = detectStreams(series('HULU', monthly(5, 4), 1799), '2026-09-30');
    expect(s).toMatchObject({ status: 'TOMBSTONED', predictedNextDate: null });
  });

  it("finds the generator's payroll and every subscription it knows about", () => {
    const accounts: GenAccount[] = [
      { id: 'chk', type: 'depository', subtype: 'checking', current: 11000, mask: '0000' },
      { id: 'card', type: 'credit', subtype: 'credit card', current: 41000, mask: '3333' },
    ];
    const engine = new EnrichEngine();
    const today = '2026-11-28';
    for (const seed of ['a', 'b', 'c', 'd']) {
      const gen = new TransactionsGenerator(seed, accounts);
      const txs: RecurringInput[] = historyAt(gen, dateOf(dayNumber(today) - 730), today).map((v) => {
        const e = engine.enrich({ description: v.event.description, amount: v.amount, mcc: v.event.mcc });
        return {
          id: v.event.key,
          accountId: v.event.accountId,
          date: dateOf(v.event.day + v.event.lag),
          amount: v.amount,
          description: v.event.description,
          merchantName: e.merchantName,
          category: e.category,
          pending: v.status === 'pending',
        };
      });
      const streams = detectStreams(txs, today);
      const payroll = streams.find(
        (s) => s.direction === 'inflow' && s.category?.detailed === 'INCOME_SALARY',
      );
      expect(payroll?.frequency, seed).toBe(gen.profile.payFrequency);
      for (const sub of gen.profile.subscriptions) {
        const s = streams.find((x) => x.direction === 'outflow' && x.description === sub.desc);
        expect(s, `${seed} ${sub.key}`).toMatchObject({
          frequency: 'MONTHLY',
          averageAmount: sub.amount,
          status: 'MATURE',
        });
      }
    }
  });
});
