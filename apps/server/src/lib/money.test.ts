import { describe, expect, it } from 'vitest';
import { minorUnits, toDecimal, toDecimalOrNull, toMinor } from './money';

describe('money in minor units', () => {
  it('knows each currency’s minor units, and 2 for unlisted or missing codes', () => {
    expect([minorUnits('USD'), minorUnits('jpy'), minorUnits('KWD'), minorUnits('CLF')]).toEqual([
      2, 0, 3, 4,
    ]);
    expect([minorUnits(null), minorUnits(undefined), minorUnits('BTC')]).toEqual([2, 2, 2]);
  });

  it.each([
    [1005, 'USD', 10.05],
    [-1, 'USD', -0.01],
    [1234, 'JPY', 1234],
    [12345, 'KWD', 12.345],
    [-5, 'BHD', -0.005],
    [123456, 'CLF', 12.3456],
    [0, 'EUR', 0],
    [4207, null, 42.07],
  ] as const)('%d of %s is %d on the wire, and back', (minor, currency, decimal) => {
    expect(toDecimal(minor, currency)).toBe(decimal);
    expect(toMinor(decimal, currency)).toBe(minor);
  });

  it('rounds half away from zero through float noise', () => {
    expect(toMinor(1.005, 'USD')).toBe(101);
    expect(toMinor(-1.005, 'USD')).toBe(-101);
    expect(toMinor(0.1 + 0.2, 'USD')).toBe(30);
    expect(toMinor(2.5, 'JPY')).toBe(3);
    expect(toMinor(-0.0001, 'USD')).toBe(0);
    expect(Object.is(toMinor(-0.0001, 'USD'), -0)).toBe(false);
  });

  it('passes null through', () => {
    expect(toDecimalOrNull(null, 'USD')).toBeNull();
    expect(toDecimalOrNull(250, 'USD')).toBe(2.5);
  });
});
