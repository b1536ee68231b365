import { describe, expect, it } from 'vitest';
import {
  accountAttributes,
  CONTEXT_ATTRIBUTES,
  computeAttributes,
  contextAttributes,
  MONEY_ATTRIBUTES,
} from '../../engines/signal/attributes';
import { dateOf, dayNumber } from '../../lib/days';
import { decimalAttributes } from './signal.presenter';

const DAY = '2026-12-01';
const ago = (n: number) => dateOf(dayNumber(DAY) - n);

/**
 * An evaluation converts an account's own attributes to decimals once per change of its data and
 * lays the attributes that vary per evaluation over them (SignalService): that must give exactly
 * what converting the whole set each time gives, keys in the same order.
 */
describe('signal: decimals precomputed per account', () => {
  it('names no money attribute among those that vary per evaluation', () => {
    const money = new Set<string>(MONEY_ATTRIBUTES);
    expect(CONTEXT_ATTRIBUTES.filter((name) => money.has(name))).toEqual([]);
  });

  it('gives the same decimals, in the same order, as converting the whole set', () => {
    const account = {
      type: 'depository',
      subtype: 'checking',
      current: 123_456,
      available: 100_001,
      balanceUpdatedAt: null,
    };
    const transactions = Array.from({ length: 60 }, (_, i) => ({
      date: ago(i * 2),
      amount: i % 4 === 0 ? -180_050 : 4_321 + i,
      name: i % 9 === 0 ? 'NSF FEE' : 'GROCER',
      pending: false,
      category: null,
    }));
    const own = {
      day: DAY,
      account,
      transactions,
      firstTransactionDate: ago(118),
      transactionsUpdatedAt: null,
    };
    const context = {
      day: DAY,
      account,
      connectionDays: [ago(40), ago(3)],
      identities: [
        { kind: 'ip' as const, value: 'a', firstSeen: ago(20), lastSeen: ago(1) },
        { kind: 'email' as const, value: 'b', firstSeen: ago(70), lastSeen: ago(70) },
        { kind: 'email' as const, value: 'c', firstSeen: ago(5), lastSeen: DAY },
      ],
    };
    for (const currency of ['USD', 'JPY', 'BHD']) {
      const base = accountAttributes(own);
      const laid = { ...decimalAttributes(base, currency), ...contextAttributes(context, 98_765) };
      const whole = decimalAttributes(computeAttributes({ ...own, ...context }, 98_765), currency);
      expect(JSON.stringify(laid)).toBe(JSON.stringify(whole));
      expect(laid.total_plaid_connections_count).toBe(2);
    }
  });
});
