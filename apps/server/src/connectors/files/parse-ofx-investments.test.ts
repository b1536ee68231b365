import { describe, expect, it } from 'vitest';
import { parseStatement } from './index';
import { FEBRUARY, investmentOfx, JANUARY, KIT } from './ofx-investments.test-kit';
import { fixedPoint } from './parse-ofx-investments';
import type { StatementAccount } from './statement';

function account(text: string): StatementAccount {
  const r = parseStatement(new TextEncoder().encode(text));
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (line ${r.error.line})`);
  expect(r.statement.accounts).toHaveLength(1);
  return r.statement.accounts[0]!;
}

describe('OFX investment statements', () => {
  it.each([1, 2] as const)('reads securities, positions and trades from OFX %i.x', (version) => {
    const a = account(investmentOfx(JANUARY, version));
    expect(a).toMatchObject({
      type: 'investment',
      subtype: 'brokerage',
      accountNumber: KIT.account,
      available: 54465,
    });
    const inv = a.investments!;
    expect(inv.asOf).toBe('2024-01-31');
    expect(inv.cash).toBe(54465);
    expect(inv.securities.map((s) => [s.key, s.name, s.ticker, s.type, s.price])).toEqual([
      [`cusip:${KIT.acme}`, 'Acme Corp', 'ACME', 'equity', 5100],
      [`cusip:${KIT.fund}`, 'Weft Index Fund', 'WIDX', 'mutual fund', 2000],
    ]);
    expect(inv.positions).toEqual([
      {
        securityKey: `cusip:${KIT.acme}`,
        quantity: 10_000_000,
        price: 5100,
        priceAsOf: '2024-01-31',
        value: 51000,
        currency: 'USD',
      },
      {
        securityKey: `cusip:${KIT.fund}`,
        quantity: 8_100_000,
        price: 2000,
        priceAsOf: '2024-01-31',
        value: 16200,
        currency: 'USD',
      },
    ]);
    expect(
      inv.transactions.map((t) => [t.id, t.date, t.type, t.subtype, t.quantity, t.price, t.amount, t.fees]),
    ).toEqual([
      ['B1', '2024-01-05', 'buy', 'buy', 10_000_000, 5025, 50745, 495],
      ['S1', '2024-01-10', 'sell', 'sell', -2_500_000, 2000, -4900, 100],
      ['D1', '2024-01-25', 'cash', 'dividend', 0, 0, -310, null],
      ['R1', '2024-01-31', 'buy', 'long-term capital gain reinvestment', 600_000, 2000, 1200, null],
    ]);
    expect(inv.transactions[0]!.name).toBe('Buy ACME');
    expect(inv.transactions[3]!.name).toBe('long-term capital gain reinvestment Weft Index Fund');
  });

  it('maps cash moves, fees, splits and transfers in of a later statement', () => {
    const inv = account(investmentOfx(FEBRUARY, 1)).investments!;
    expect(
      inv.transactions.map((t) => [t.id, t.type, t.subtype, t.securityKey, t.quantity, t.amount]),
    ).toEqual([
      ['R1', 'buy', 'long-term capital gain reinvestment', `cusip:${KIT.fund}`, 600_000, 1200],
      ['C1', 'cash', 'deposit', null, 0, -100000],
      ['E1', 'fee', 'miscellaneous fee', `cusip:${KIT.fund}`, 0, 750],
      ['P1', 'transfer', 'split', `cusip:${KIT.acme}`, 10_000_000, 0],
      ['T1', 'transfer', 'transfer', `isin:${KIT.bond}`, 1_000_000_000, 0],
    ]);
    expect(inv.securities.find((s) => s.key === `isin:${KIT.bond}`)).toMatchObject({
      isin: KIT.bond,
      cusip: null,
      type: 'fixed income',
      price: 99,
    });
  });

  it('refuses an investment transaction without a trade date, with its line', () => {
    const text = investmentOfx(JANUARY, 2).replace('<DTTRADE>20240110</DTTRADE>', '');
    const r = parseStatement(new TextEncoder().encode(text));
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatchObject({ code: 'MALFORMED_FILE', message: 'SELLMF has no DTTRADE' });
    if (!r.ok) expect(r.error.line).toBeGreaterThan(1);
  });

  it('reads fixed-point decimals exactly, with either decimal mark', () => {
    expect(fixedPoint('1.2345675', 6)).toBe(1_234_568);
    expect(fixedPoint('-0,5', 2)).toBe(-50);
    expect(fixedPoint('1.234,5', 2)).toBe(123450);
    expect(fixedPoint('12', 0)).toBe(12);
    expect(fixedPoint('abc', 2)).toBeNull();
    expect(fixedPoint('.', 2)).toBeNull();
  });
});
