import { describe, expect, it } from 'vitest';
import { byMonth, categorize, detectIncome, type IncomeInput, monthsOf } from './income';

let seq = 0;
/** A posted deposit (amount in dollars, positive = money in) into `acc`. */
function dep(
  date: string,
  dollars: number,
  description: string,
  extra: Partial<IncomeInput> = {},
): IncomeInput {
  return {
    id: `t${++seq}`,
    accountId: 'acc',
    date,
    amount: -Math.round(dollars * 100),
    description,
    merchantName: null,
    pfcDetailed: null,
    pending: false,
    ...extra,
  };
}

/** Dates every `step` days from `first`, `n` of them. */
function every(first: string, step: number, n: number): string[] {
  const d0 = Date.parse(`${first}T00:00:00Z`);
  return Array.from({ length: n }, (_, i) => new Date(d0 + i * step * 86_400_000).toISOString().slice(0, 10));
}

const WINDOW = { start: '2026-06-01', end: '2026-11-30' };

describe('categorize', () => {
  it.each([
    ['ACME ROBOTICS INC PAYROLL PPD ID: 9111111101', null, 'SALARY'],
    ['GUSTO PAY 123456 DIRECT DEP', null, 'SALARY'],
    ['UBER TECHNOLOGIES DRIVER PAYMENT', null, 'GIG_ECONOMY'],
    ['SSA TREAS 310 XXSOC SEC', null, 'BENEFIT_OTHER'],
    ['EDD UI BENEFIT PAYMENT', null, 'UNEMPLOYMENT'],
    ['DFAS-CLEVELAND MIL PAY', null, 'MILITARY'],
    ['IRS TREAS 310 TAX REF', null, 'TAX_REFUND'],
    ['VENMO CASHOUT', null, 'TRANSFER_FROM_APPLICATION'],
    ['MONTHLY INTEREST PAID', null, 'BANK_INTEREST'],
    ['ATM CASH DEPOSIT', 'TRANSFER_IN_DEPOSIT', 'CASH_DEPOSIT'],
    ['SOMETHING ELSE', 'INCOME_DIVIDENDS', 'OTHER'],
    ['TRANSFER FROM SAVINGS', 'TRANSFER_IN_SAVINGS', null],
  ] as const)('%s (%s) is %s', (description, pfc, category) => {
    expect(categorize(dep('2026-07-01', 100, description, { pfcDetailed: pfc }))).toBe(category);
  });

  it('never counts money going out, however it is described', () => {
    expect(categorize({ ...dep('2026-07-01', 100, 'PAYROLL'), amount: 10000 })).toBeNull();
  });
});

describe('detectIncome', () => {
  it('finds biweekly pay with its frequency, total, months and next pay date', () => {
    const pay = every('2026-06-05', 14, 13).map((d, i) =>
      dep(d, 2000 + (i % 3), 'ACME ROBOTICS INC PAYROLL PPD ID: 9111111101'),
    );
    const [s, ...rest] = detectIncome(pay, WINDOW);
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      category: 'SALARY',
      payFrequency: 'BIWEEKLY',
      startDate: '2026-06-05',
      endDate: '2026-11-20',
      nextPayDate: '2026-12-04',
    });
    expect(s!.transactions).toHaveLength(13);
    expect(s!.total).toBe(pay.reduce((t, p) => t - p.amount, 0));
    expect(s!.months.map((m) => m.start)).toEqual([
      '2026-06-01',
      '2026-07-01',
      '2026-08-01',
      '2026-09-01',
      '2026-10-01',
      '2026-11-01',
    ]);
    expect(s!.months.reduce((t, m) => t + m.total, 0)).toBe(s!.total);
  });

  it.each([
    ['WEEKLY', every('2026-09-04', 7, 12)],
    [
      'SEMI_MONTHLY',
      ['2026-08-15', '2026-08-31', '2026-09-15', '2026-09-30', '2026-10-15', '2026-10-31', '2026-11-13'],
    ],
    ['MONTHLY', ['2026-06-03', '2026-07-03', '2026-08-03', '2026-09-03', '2026-10-02', '2026-11-03']],
  ] as const)('reads %s pay', (frequency, dates) => {
    const [s] = detectIncome(
      dates.map((d) => dep(d, 1500, 'PLATYPUS LABS DIR DEP PAYROLL')),
      WINDOW,
    );
    expect(s?.payFrequency).toBe(frequency);
    expect(s?.nextPayDate).not.toBeNull();
  });

  it('keeps one-off income (a tax refund) with no frequency, and drops a one-off payment-app transfer', () => {
    const sources = detectIncome(
      [dep('2026-07-10', 812.4, 'IRS TREAS 310 TAX REF'), dep('2026-07-11', 40, 'VENMO CASHOUT')],
      WINDOW,
    );
    expect(sources.map((s) => [s.category, s.payFrequency, s.nextPayDate])).toEqual([
      ['TAX_REFUND', 'UNKNOWN', null],
    ]);
  });

  it('keeps a payment-app payer that pays regularly (gig work paid through an app)', () => {
    const sources = detectIncome(
      every('2026-08-07', 7, 10).map((d) => dep(d, 310, 'VENMO CASHOUT')),
      WINDOW,
    );
    expect(sources.map((s) => [s.category, s.payFrequency])).toEqual([
      ['TRANSFER_FROM_APPLICATION', 'WEEKLY'],
    ]);
  });

  it('separates payers and accounts, ignores pendings, outflows, transfers and deposits outside the window', () => {
    const txs = [
      ...every('2026-06-05', 14, 13).map((d) => dep(d, 2000, 'GUSTO PAY 123456 DIRECT DEP')),
      ...every('2026-06-05', 14, 13).map((d) =>
        dep(d, 900, 'GUSTO PAY 123456 DIRECT DEP', { accountId: 'acc2' }),
      ),
      ...['2026-06-03', '2026-07-03', '2026-08-03', '2026-09-03', '2026-10-03', '2026-11-03'].map((d) =>
        dep(d, 1200, 'SSA TREAS 310 XXSOC SEC'),
      ),
      dep('2026-11-27', 2000, 'GUSTO PAY 123456 DIRECT DEP', { pending: true }),
      { ...dep('2026-07-01', 50, 'PAYROLL FEE'), amount: 5000 },
      dep('2026-07-02', 500, 'TRANSFER FROM SAVINGS', { pfcDetailed: 'TRANSFER_IN_SAVINGS' }),
      dep('2026-05-20', 2000, 'GUSTO PAY 123456 DIRECT DEP'),
    ];
    const sources = detectIncome(txs, WINDOW);
    expect(sources.map((s) => [s.accountId, s.category, s.transactions.length])).toEqual([
      ['acc', 'SALARY', 13],
      ['acc', 'BENEFIT_OTHER', 6],
      ['acc2', 'SALARY', 13],
    ]);
  });

  it('gives a source that stopped no next pay date', () => {
    const pay = every('2026-06-05', 14, 5).map((d) => dep(d, 2000, 'INITECH CORP ACH CREDIT PAYROLL'));
    const [s] = detectIncome(pay, WINDOW);
    expect(s?.payFrequency).toBe('BIWEEKLY');
    expect(s?.nextPayDate).toBeNull();
  });
});

describe('months', () => {
  it('clips the first and last month to the window and keeps empty months', () => {
    expect(monthsOf({ start: '2026-09-15', end: '2026-11-03' })).toEqual([
      { start: '2026-09-15', end: '2026-09-30' },
      { start: '2026-10-01', end: '2026-10-31' },
      { start: '2026-11-01', end: '2026-11-03' },
    ]);
    const months = byMonth([dep('2026-11-02', 10, 'PAYROLL')], { start: '2026-09-15', end: '2026-11-03' });
    expect(months.map((m) => m.total)).toEqual([0, 0, 1000]);
  });

  it('crosses a year end', () => {
    expect(monthsOf({ start: '2026-12-20', end: '2027-01-05' }).map((m) => m.start)).toEqual([
      '2026-12-20',
      '2027-01-01',
    ]);
  });
});
