import { createHash } from 'node:crypto';
import type { SecurityType, SourceSecurity } from '../../investments';

/**
 * The sandbox's securities master: fictional issuers with identifiers whose check digits are
 * valid, and a price for every day that depends only on the security and the date (the market is
 * the same for every Item), moving daily with the sandbox clock.
 */
export interface SecuritySpec {
  key: string;
  name: string;
  ticker: string | null;
  /** The first eight characters of the CUSIP (issuer and issue); null for securities without one. */
  cusipBase: string | null;
  type: SecurityType;
  subtype: string;
  /** Price on 2025-01-01, in hundredths. */
  basePrice: number;
  /** Yearly drift of the price (0.08: eight percent a year). */
  drift: number;
  /** Amplitude of the price's swing around its trend (0.1: ten percent). */
  swing: number;
  /** Yearly dividend or coupon as a fraction of the price (or of par, for bonds). */
  yield: number;
  /** Units bought in whole numbers (shares of a stock, contracts, bonds) or in thousandths (funds, coins). */
  fractional: boolean;
  option?: SourceSecurity['option'];
  fixedIncome?: SourceSecurity['fixedIncome'];
}

const BASE_DAY = Date.parse('2025-01-01T00:00:00Z') / 86_400_000;

/** The securities, by key. Prices are in the account's currency, whatever it is. */
export const SECURITIES: Readonly<Record<string, SecuritySpec>> = Object.fromEntries(
  (
    [
      {
        key: 'WFTX',
        name: 'Weftware Inc',
        ticker: 'WFTX',
        cusipBase: '94840W10',
        type: 'equity',
        subtype: 'common stock',
        basePrice: 142_35,
        drift: 0.11,
        swing: 0.08,
        yield: 0.012,
        fractional: false,
      },
      {
        key: 'ORBF',
        name: 'Orbit Foods Corp',
        ticker: 'ORBF',
        cusipBase: '68573Q10',
        type: 'equity',
        subtype: 'common stock',
        basePrice: 88_10,
        drift: 0.04,
        swing: 0.06,
        yield: 0.028,
        fractional: false,
      },
      {
        key: 'WTMK',
        name: 'Weft Total Market ETF',
        ticker: 'WTMK',
        cusipBase: '94841A20',
        type: 'etf',
        subtype: 'etf',
        basePrice: 251_40,
        drift: 0.07,
        swing: 0.05,
        yield: 0.015,
        fractional: false,
      },
      {
        key: 'UST-2032',
        name: 'United States Treasury Note 3.875% 05/15/2032',
        ticker: null,
        cusipBase: '91282CEP',
        type: 'fixed income',
        subtype: 'bond',
        basePrice: 97_25,
        drift: 0.005,
        swing: 0.015,
        yield: 0.03875,
        fractional: false,
        fixedIncome: {
          maturityDate: '2032-05-15',
          issueDate: '2022-05-15',
          faceValue: 100_00,
          couponPercent: 3.875,
        },
      },
      {
        key: 'WTDFX',
        name: 'Weft Target Retirement 2050 Fund',
        ticker: 'WTDFX',
        cusipBase: '94842B30',
        type: 'mutual fund',
        subtype: 'mutual fund',
        basePrice: 48_62,
        drift: 0.06,
        swing: 0.04,
        yield: 0.018,
        fractional: true,
      },
      {
        key: 'WIDXX',
        name: 'Weft 500 Index Fund Admiral Shares',
        ticker: 'WIDXX',
        cusipBase: '94842B40',
        type: 'mutual fund',
        subtype: 'mutual fund',
        basePrice: 512_08,
        drift: 0.08,
        swing: 0.06,
        yield: 0.013,
        fractional: true,
      },
      {
        key: 'CASH',
        name: 'Weft Bank Deposit Sweep',
        ticker: null,
        cusipBase: '94843C10',
        type: 'cash',
        subtype: 'cash',
        basePrice: 1_00,
        drift: 0,
        swing: 0,
        yield: 0.02,
        fractional: true,
      },
      {
        key: 'WFTX-C200',
        name: 'WFTX Jan 2029 200.00 Call',
        ticker: 'WFTX290119C00200000',
        cusipBase: null,
        type: 'derivative',
        subtype: 'option',
        basePrice: 1_210_00,
        drift: 0.2,
        swing: 0.25,
        yield: 0,
        fractional: false,
        option: {
          contractType: 'call',
          expirationDate: '2029-01-19',
          strikePrice: 200_00,
          underlyingTicker: 'WFTX',
        },
      },
      {
        key: 'BTC',
        name: 'Bitcoin',
        ticker: 'BTC',
        cusipBase: null,
        type: 'cryptocurrency',
        subtype: 'cryptocurrency',
        basePrice: 94_310_00,
        drift: 0.25,
        swing: 0.2,
        yield: 0,
        fractional: true,
      },
    ] satisfies SecuritySpec[]
  ).map((s) => [s.key, s]),
);

/** Character values of CUSIP and ISIN check-digit schemes: digits, then A=10 … Z=35. */
function charValue(c: string): number {
  const code = c.charCodeAt(0);
  if (code >= 48 && code <= 57) return code - 48;
  if (code >= 65 && code <= 90) return code - 55;
  if (c === '*') return 36;
  if (c === '@') return 37;
  if (c === '#') return 38;
  throw new Error(`not a CUSIP character: ${c}`);
}

/** The check digit of an eight-character CUSIP base (the "modulus 10 double add double" rule). */
export function cusipCheckDigit(base: string): string {
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    let v = charValue(base[i]!);
    if (i % 2 === 1) v *= 2;
    sum += Math.floor(v / 10) + (v % 10);
  }
  return String((10 - (sum % 10)) % 10);
}

/** The check digit of an eleven-character ISIN body: letters to numbers, then Luhn. */
export function isinCheckDigit(body: string): string {
  const digits = [...body].map((c) => String(charValue(c))).join('');
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A CUSIP with its check digit, and the ISIN of the country that wraps it. */
export function identifiersOf(
  spec: SecuritySpec,
  country = 'US',
): { cusip: string | null; isin: string | null } {
  if (!spec.cusipBase) return { cusip: null, isin: null };
  const cusip = spec.cusipBase + cusipCheckDigit(spec.cusipBase);
  const body = `${country}${cusip}`;
  return { cusip, isin: body + isinCheckDigit(body) };
}

/** A number in [0, 1) that depends only on the parts. */
function unit(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The security's price (hundredths) at the close of a day (a day number): a trend, a slow swing and
 * a little daily noise. `splitDay`/`splitRatio` divide the price from a split on.
 */
export function priceOn(spec: SecuritySpec, day: number, split?: { day: number; ratio: number }): number {
  if (spec.drift === 0 && spec.swing === 0) return spec.basePrice;
  const years = (day - BASE_DAY) / 365;
  const phase = unit('phase', spec.key) * 2 * Math.PI;
  const swing = spec.swing * Math.sin(2 * Math.PI * years + phase);
  const noise = (unit('noise', spec.key, day) - 0.5) * 0.02;
  const price = spec.basePrice * Math.exp(spec.drift * years) * (1 + swing) * (1 + noise);
  const ratio = split && day >= split.day ? split.ratio : 1;
  return Math.max(1, Math.round(price / ratio));
}
