import { describe, expect, it } from 'vitest';
import { ConnectorRegistry } from './registry';

describe('payer ledgers', () => {
  const registry = new ConnectorRegistry();

  it('are kept by the simulated banks only; a statement source moves nothing itself', () => {
    expect(registry.get('sandbox').payerLedger).toBeDefined();
    expect(registry.get('files').payerLedger).toBeUndefined();
    expect(() => registry.get('nowhere')).toThrow(/unknown connector/);
  });

  it('settle a simulated payment at once, converted into the account’s currency', () => {
    const ledger = registry.get('sandbox').payerLedger!;
    const gbp = { currency: 'GBP', current: 100_00, available: 90_00 };
    expect(ledger.post(gbp, { amount: -12_00, currency: 'GBP', description: 'PAYMENT TO A' })).toEqual({
      current: 88_00,
      available: 78_00,
      transaction: { amount: 12_00, description: 'PAYMENT TO A' },
    });
    expect(ledger.post(gbp, { amount: 10_00, currency: 'EUR', description: 'REFUND TO B' })).toEqual({
      current: 108_50,
      available: 98_50,
      transaction: { amount: -8_50, description: 'REFUND TO B EUR 10.00 @ 0.8500' },
    });
    expect(
      ledger.post(
        { currency: 'GBP', current: null, available: 5_00 },
        { amount: -1_00, currency: 'GBP', description: 'X' },
      ),
    ).toMatchObject({ current: null, available: 4_00 });
  });
});
