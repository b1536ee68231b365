/**
 * Currencies and exact decimal parsing. Amounts are read from their decimal strings digit by digit,
 * never through a float, so "0.1" + "0.2" stays 30 minor units.
 */

import { minorUnits } from '../../lib/money';

export { minorUnits };

/** True for a three-letter upper-case code. */
export function isCurrencyCode(s: string): boolean {
  return /^[A-Z]{3}$/.test(s);
}

/** Result of reading a decimal string: minor units, and whether digits beyond them were rounded away. */
export interface DecimalReading {
  minor: number;
  rounded: boolean;
}

/**
 * Reads a plain decimal string (optional sign, digits, at most one `decimal` separator, no
 * grouping) into minor units of `currency`. Extra fraction digits round half away from zero (a file
 * with five decimals, e.g. Bank of America's "-3.77000", keeps its value); returns null for anything
 * that is not such a number.
 */
export function parseDecimal(raw: string, currency: string, decimal: '.' | ',' = '.'): DecimalReading | null {
  const s = raw.trim();
  if (s.length === 0 || s.length > 40) return null;
  let i = 0;
  let negative = false;
  if (s[0] === '-' || s[0] === '+') {
    negative = s[0] === '-';
    i = 1;
  }
  let intPart = '';
  let fracPart = '';
  let seenPoint = false;
  for (; i < s.length; i++) {
    const c = s[i]!;
    if (c >= '0' && c <= '9') {
      if (seenPoint) fracPart += c;
      else intPart += c;
    } else if (c === decimal && !seenPoint) seenPoint = true;
    else return null;
  }
  if (intPart.length === 0 && fracPart.length === 0) return null;
  const places = minorUnits(currency);
  const kept = (fracPart + '0'.repeat(places)).slice(0, places);
  const dropped = fracPart.slice(places);
  let minor = Number((intPart || '0') + kept);
  let rounded = false;
  if (/[1-9]/.test(dropped)) {
    rounded = true;
    if (dropped[0]! >= '5') minor += 1;
  }
  if (!Number.isSafeInteger(minor)) return null;
  return { minor: negative && minor !== 0 ? -minor : minor, rounded };
}
