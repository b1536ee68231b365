import { describe, expect, it } from 'vitest';
import {
  balanceAt,
  impliedRate,
  type LoanHistory,
  lastStatementDay,
  monthDay,
  monthsBetween,
  yearToDate,
} from './ledger';

describe('the liabilities ledger', () => {
  it.each([
    ['2026-11-18', 0, 25, '2026-11-25'],
    ['2026-11-18', 1, 1, '2026-12-01'],
    ['2026-12-31', 1, 5, '2027-01-05'],
    ['2026-01-15', -13, 1, '2024-12-01'],
    ['2026-03-31', -360, 1, '1996-03-01'],
  ])('day %s, %i months on, day %i is %s', (date, months, dom, expected) => {
    expect(monthDay(date, months, dom)).toBe(expected);
  });

  it.each([
    ['2026-11-18', '2026-10-31'],
    ['2026-03-01', '2026-02-28'],
    ['2024-03-31', '2024-02-29'],
    ['2026-01-05', '2025-12-31'],
  ])('a statement seen on %s was issued on %s', (date, issued) => {
    expect(lastStatementDay(date)).toBe(issued);
  });

  it('counts calendar months between two days', () => {
    expect(monthsBetween('2020-07-05', '2026-12-05')).toBe(77);
    expect(monthsBetween('2026-12-05', '2026-12-31')).toBe(0);
  });

  const history: LoanHistory = {
    payments: [
      { date: '2025-12-05', amount: 300_00 },
      { date: '2026-01-05', amount: 300_00 },
      { date: '2026-02-05', amount: 300_00 },
    ],
    interest: [
      { date: '2025-12-31', amount: 120_00 },
      { date: '2026-01-31', amount: 110_00 },
    ],
  };

  it("splits this year's payments into interest and principal that add up to them", () => {
    expect(yearToDate(history, '2026-02-10')).toEqual({ interest: 110_00, principal: 490_00 });
    // Interest not yet covered by payments is not paid.
    expect(yearToDate({ payments: [], interest: history.interest }, '2026-02-10')).toEqual({
      interest: 0,
      principal: 0,
    });
  });

  it('reads a past balance back from today through what posted since', () => {
    // Today 10,000.00; since Jan 31 only the Feb 5 payment posted.
    expect(balanceAt(10_000_00, history, '2026-01-31')).toBe(10_300_00);
    expect(balanceAt(10_000_00, history, '2026-01-30')).toBe(10_190_00);
  });

  it('implies a yearly rate from the last interest charge and the balance it was charged on', () => {
    // 110.00 a month on 26,400.00 is 5% a year.
    expect(impliedRate(history, 26_510_00)).toBe(5);
    expect(impliedRate({ payments: [], interest: [] }, 1_000_00)).toBeNull();
  });
});
