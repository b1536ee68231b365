import { describe, expect, it } from 'vitest';
import { positionValue } from '../../investments';
import { goodUserAccounts } from '../accounts';
import { sandboxInvestments } from './sandbox-investments';
import { cusipCheckDigit, identifiersOf, isinCheckDigit, SECURITIES } from './securities';

const SOURCE = { institutionId: 'ins_109508', login: { username: 'user_good', seed: 'abc123' } };
const ACCOUNTS = goodUserAccounts('USD').map((a, position) => ({ ...a, position }));

describe('sandbox securities', () => {
  it('computes CUSIP and ISIN check digits as published identifiers have them', () => {
    // Apple Inc: 037833100 / US0378331005; Microsoft: 594918104 / US5949181045.
    expect(cusipCheckDigit('03783310')).toBe('0');
    expect(cusipCheckDigit('59491810')).toBe('4');
    expect(isinCheckDigit('US037833100')).toBe('5');
    expect(isinCheckDigit('US594918104')).toBe('5');
    // With a letter: Google's former class A, 38259P508 / US38259P5089.
    expect(cusipCheckDigit('38259P50')).toBe('8');
    expect(isinCheckDigit('US38259P508')).toBe('9');
  });

  it('gives every security with a CUSIP a valid CUSIP and ISIN', () => {
    for (const spec of Object.values(SECURITIES)) {
      const { cusip, isin } = identifiersOf(spec);
      if (!spec.cusipBase) continue;
      expect(cusip).toMatch(/^[0-9A-Z]{9}$/);
      expect(cusip!.at(-1)).toBe(cusipCheckDigit(cusip!.slice(0, 8)));
      expect(isin).toBe(`US${cusip}${isinCheckDigit(`US${cusip}`)}`);
    }
  });
});

describe('sandbox investments', () => {
  const read = sandboxInvestments.read(SOURCE, ACCOUNTS, '2024-12-03', '2026-12-03');

  it('is deterministic and moves with the day asked', () => {
    expect(sandboxInvestments.read(SOURCE, ACCOUNTS, '2024-12-03', '2026-12-03')).toEqual(read);
    const next = sandboxInvestments.read(SOURCE, ACCOUNTS, '2024-12-03', '2026-12-04');
    expect(next.holdings.map((h) => h.price)).not.toEqual(read.holdings.map((h) => h.price));
  });

  it('holds only in the investment accounts, with every kind of security and transaction', () => {
    expect(new Set(read.holdings.map((h) => h.account))).toEqual(new Set([5, 6]));
    expect(new Set(read.securities.map((s) => s.type))).toEqual(
      new Set(['equity', 'etf', 'fixed income', 'mutual fund', 'cash', 'derivative', 'cryptocurrency']),
    );
    const kinds = new Set(read.transactions.map((t) => `${t.type}/${t.subtype}`));
    for (const k of [
      'buy/buy',
      'sell/sell',
      'cash/dividend',
      'buy/dividend reinvestment',
      'cash/contribution',
      'fee/account fee',
      'fee/management fee',
      'cash/interest',
      'transfer/split',
    ])
      expect(kinds, k).toContain(k);
  });

  it('derives holdings from transactions: quantity, cost basis, value, and balance = holdings + cash', () => {
    for (const account of [5, 6]) {
      const txs = read.transactions.filter((t) => t.account === account);
      const qty = new Map<string, number>();
      const cost = new Map<string, number>();
      for (const t of txs) {
        if (!t.securityKey || t.quantity === 0) continue;
        const q = qty.get(t.securityKey) ?? 0;
        const c = cost.get(t.securityKey) ?? 0;
        if (t.type === 'sell') cost.set(t.securityKey, c - Math.round((c * -t.quantity) / q));
        else if (t.type === 'buy') cost.set(t.securityKey, c + t.amount);
        qty.set(t.securityKey, q + t.quantity);
      }
      const holdings = read.holdings.filter((h) => h.account === account);
      expect(holdings.length).toBeGreaterThan(2);
      for (const h of holdings) {
        expect(h.quantity).toBe(qty.get(h.securityKey));
        expect(h.costBasis).toBe(cost.get(h.securityKey));
        expect(h.value).toBe(positionValue(h.quantity, h.price));
      }
      const cash = -txs.reduce((s, t) => s + t.amount, 0);
      expect(read.cash.get(account)).toBe(cash);
      expect(cash).toBeGreaterThanOrEqual(0);
    }
  });

  it("matches the first investment account's contributions to the monthly transfer out of checking", () => {
    const contributions = read.transactions.filter(
      (t) => t.account === 5 && t.name.startsWith('CONTRIBUTION'),
    );
    expect(contributions.length).toBe(24);
    expect(contributions.every((t) => t.date.endsWith('-16') && t.name.endsWith('...0000'))).toBe(true);
    expect(new Set(contributions.map((t) => t.amount)).size).toBe(1);
  });
});
