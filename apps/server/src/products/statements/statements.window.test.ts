import { describe, expect, it } from 'vitest';
import { monthlyStatements } from './statements.ledger';
import { defaultWindow, monthOf, parseWindow, statementMonths } from './statements.window';

const months = (list: { year: number; month: number }[]) => list.map((m) => `${m.year}-${m.month}`);

describe('statement months', () => {
  it.each([
    ['2026-02-10', { start: '2026-02-01', end: '2026-02-28' }],
    ['2024-02-29', { start: '2024-02-01', end: '2024-02-29' }],
    ['2026-12-31', { start: '2026-12-01', end: '2026-12-31' }],
    ['2026-04-01', { start: '2026-04-01', end: '2026-04-30' }],
  ])('%s is in the month %o', (date, expected) => {
    expect(monthOf(date)).toMatchObject(expected);
  });

  it.each([
    // A month is in a window when its last day is; it must be over and wholly in the ledger.
    [
      [['2026-05-01', '2026-10-31']],
      '2025-01-01',
      '2026-11-18',
      ['2026-5', '2026-6', '2026-7', '2026-8', '2026-9', '2026-10'],
    ],
    [[['2026-05-15', '2026-07-30']], '2025-01-01', '2026-11-18', ['2026-5', '2026-6']],
    [[['2026-09-01', '2026-12-31']], '2025-01-01', '2026-11-18', ['2026-9', '2026-10']],
    [[['2026-09-01', '2026-12-31']], '2025-01-01', '2026-11-30', ['2026-9', '2026-10']],
    [[['2026-09-01', '2026-12-31']], '2025-01-01', '2026-12-01', ['2026-9', '2026-10', '2026-11']],
    [[['2026-01-01', '2026-03-31']], '2026-02-01', '2026-11-18', ['2026-2', '2026-3']],
    [[['2026-01-01', '2026-03-31']], '2026-01-02', '2026-11-18', ['2026-2', '2026-3']],
    [
      [
        ['2025-12-01', '2026-01-31'],
        ['2026-01-01', '2026-02-28'],
      ],
      '2025-01-01',
      '2026-11-18',
      ['2025-12', '2026-1', '2026-2'],
    ],
    [[['2026-03-02', '2026-03-30']], '2025-01-01', '2026-11-18', []],
  ])('windows %j over a ledger from %s on %s give %j', (windows, ledgerStart, today, expected) => {
    const w = windows.map(([startDate, endDate]) => ({ startDate: startDate!, endDate: endDate! }));
    expect(months(statementMonths(w, ledgerStart, today))).toEqual(expected);
  });

  it('refuses windows that run backwards or span more than two years', () => {
    expect(parseWindow('', '2024-10-31', '2026-10-31')).toEqual({
      startDate: '2024-10-31',
      endDate: '2026-10-31',
    });
    expect(() => parseWindow('', '2024-10-30', '2026-10-31')).toThrow(/at most two years/);
    expect(() => parseWindow('statements.', '2026-10-02', '2026-10-01')).toThrow(
      'statements.start_date must be on or before statements.end_date',
    );
    expect(parseWindow('', '2024-02-28', '2026-02-28').startDate).toBe('2024-02-28');
    expect(defaultWindow('2026-11-18')).toEqual({ startDate: '2024-11-19', endDate: '2026-11-18' });
    expect(defaultWindow('2028-02-29')).toEqual({ startDate: '2026-03-01', endDate: '2028-02-29' });
  });
});

describe('monthly statements from the ledger', () => {
  const [oct, nov] = [monthOf('2026-10-01'), monthOf('2026-11-01')];
  const line = (transaction_id: string, date: string, amount: number) => ({
    transaction_id,
    date,
    name: transaction_id,
    amount,
  });
  const ledger = [
    line('a', '2026-09-30', 1_000),
    line('c', '2026-10-05', 2_500),
    line('b', '2026-10-05', -10_000),
    line('d', '2026-11-30', 300),
    line('e', '2026-12-01', 999),
  ];

  it('opens each month at the balance before it and closes with every posted amount in it (cash falls as money leaves)', () => {
    const [o, n] = monthlyStatements(
      { accountId: 'x', type: 'depository', currency: 'USD', opening: 50_000 },
      ledger,
      [oct!, nov!],
    );
    expect(o).toMatchObject({ opening: 49_000, closing: 56_500 });
    expect(o!.lines.map((l) => l.transaction_id)).toEqual(['b', 'c']);
    expect(n).toMatchObject({ opening: 56_500, closing: 56_200 });
    expect(n!.lines.map((l) => l.transaction_id)).toEqual(['d']);
  });

  it('raises what a card owes with each charge', () => {
    const [o] = monthlyStatements({ accountId: 'x', type: 'credit', currency: 'USD', opening: 0 }, ledger, [
      oct!,
    ]);
    expect(o).toMatchObject({ opening: 1_000, closing: -6_500 });
  });

  it('issues a month without transactions at the balance it stood at', () => {
    const [empty] = monthlyStatements(
      { accountId: 'x', type: 'depository', currency: 'USD', opening: 7 },
      [],
      [oct!],
    );
    expect(empty).toMatchObject({ opening: 7, closing: 7, lines: [] });
  });
});
