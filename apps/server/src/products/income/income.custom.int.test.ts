import type { CreditBankIncome } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { bankIncomeUser } from './income.test-kit';

/** Dates every `step` days back from `last`, `n` of them, oldest first. */
function every(last: string, step: number, n: number): string[] {
  const d0 = Date.parse(`${last}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) =>
    new Date(d0 - (n - 1 - i) * step * 86_400_000).toISOString().slice(0, 10),
  );
}

const GIG = every('2026-11-13', 14, 12).map((d, i) => ({
  date_transacted: d,
  date_posted: d,
  amount: -(612.4 + i * 3.15),
  description: 'UBER TECHNOLOGIES DRIVER PAYOUT',
}));
const BENEFIT = ['2026-06-03', '2026-07-03', '2026-08-03', '2026-09-03', '2026-10-02', '2026-11-03'].map(
  (d) => ({
    date_transacted: d,
    date_posted: d,
    amount: -1204.5,
    description: 'SSA TREAS 310 XXSOC SEC',
  }),
);
const NOISE = [
  { date_transacted: '2026-09-20', date_posted: '2026-09-20', amount: -75, description: 'VENMO CASHOUT' },
  {
    date_transacted: '2026-10-10',
    date_posted: '2026-10-10',
    amount: -500,
    description: 'TRANSFER FROM SAVINGS',
  },
  {
    date_transacted: '2026-10-01',
    date_posted: '2026-10-01',
    amount: 1850,
    description: 'RENT PAYMENT OAKWOOD APTS',
  },
  {
    date_transacted: '2026-11-05',
    date_posted: '2026-11-05',
    amount: 64.12,
    description: 'WHOLEFDS MKT 10234',
  },
];

/** Bank income of a custom sandbox user: exactly the deposits its configuration lists. */
describe('bank income of a custom user', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ clock: new FixedClock(new Date('2026-11-18T12:00:00Z')) });
  });
  afterAll(() => w.close());

  it('finds the gig payouts and the benefit, with their frequencies and exact totals, and nothing else', async () => {
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 2500,
          transactions: [...GIG, ...BENEFIT, ...NOISE],
        },
      ],
    };
    const { userToken } = await bankIncomeUser(w, w.clientA, 'custom-1', {
      username: 'user_custom',
      password: JSON.stringify(config),
      days: 365,
    });
    const r = await post<{ bank_income: CreditBankIncome[] }>(w, '/credit/bank_income/get', {
      ...auth(w.clientA),
      user_token: userToken,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const sources = r.body.bank_income[0]!.items![0]!.bank_income_sources!;
    expect(
      sources.map((s) => [s.income_category, s.pay_frequency, s.transaction_count, s.start_date, s.end_date]),
    ).toEqual([
      ['BENEFIT_OTHER', 'MONTHLY', 6, '2026-06-03', '2026-11-03'],
      ['GIG_ECONOMY', 'BIWEEKLY', 12, GIG[0]!.date_posted, '2026-11-13'],
    ]);
    const cents = (n: number) => Math.round(n * 100);
    expect(cents(sources[1]!.total_amount!)).toBe(-GIG.reduce((t, g) => t + cents(g.amount), 0));
    expect(cents(sources[0]!.total_amount!)).toBe(6 * 120450);
    const summary = r.body.bank_income[0]!.bank_income_summary!;
    expect(summary.income_categories_count).toBe(2);
    expect(summary.income_transactions_count).toBe(18);
  });
});
