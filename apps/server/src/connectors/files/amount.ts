/**
 * Amounts as people write them in CSV and QIF exports: "1,234.56", "1.234,56", "(12.00)",
 * "12.00-", "$ -4.50", "+ €10", "12.00 CR". Read exactly into minor units; the decimal mark is
 * decided once per column (see `detectDecimal`), not per value, so "1,234" means the same in every
 * row.
 */
import { parseDecimal } from './currency';

/** Currency symbols that may surround an amount, with the code they imply. */
const SYMBOLS: readonly [string, string][] = [
  ['R$', 'BRL'],
  ['€', 'EUR'],
  ['£', 'GBP'],
  ['¥', 'JPY'],
  ['₹', 'INR'],
  ['$', 'USD'],
];

/** The currency a symbol in the value implies, if any. */
export function symbolCurrency(raw: string): string | null {
  for (const [sym, code] of SYMBOLS) if (raw.includes(sym)) return code;
  return null;
}

/**
 * Which decimal mark a column uses, voted over its values: a separator followed by exactly one or
 * two final digits is a decimal mark; with both marks in one value, the last is. Null when no
 * value decides (e.g. only whole numbers).
 */
export function detectDecimal(values: readonly string[]): '.' | ',' | null {
  let dot = 0;
  let comma = 0;
  for (const v of values) {
    const s = v.replace(/[^\d.,]/g, '').replace(/^[.,]+/, '');
    const lastDot = s.lastIndexOf('.');
    const lastComma = s.lastIndexOf(',');
    if (lastDot >= 0 && lastComma >= 0) {
      if (lastDot > lastComma) dot++;
      else comma++;
      continue;
    }
    const at = Math.max(lastDot, lastComma);
    if (at < 0) continue;
    const mark = s[at]!;
    const tail = s.length - at - 1;
    if (tail !== 3) {
      if (mark === '.') dot++;
      else comma++;
    } else if (s.indexOf(mark) !== at) {
      // "1.234.567": a repeated mark before three digits groups thousands, so the other is decimal.
      if (mark === '.') comma++;
      else dot++;
    }
    // A single mark before exactly three digits ("1,234") could be either: no vote.
  }
  if (dot === 0 && comma === 0) return null;
  return comma > dot ? ',' : '.';
}

/**
 * Reads a human-written amount into signed minor units (sign as written), or null when it is not
 * an amount. Empty strings are null too: callers decide whether an empty cell means zero.
 */
export function parseLooseAmount(raw: string, currency: string, decimal: '.' | ','): number | null {
  let s = raw.trim();
  if (s.length === 0 || s.length > 60) return null;
  let negative = false;
  if (/^\(.*\)$/.test(s)) {
    negative = true;
    s = s.slice(1, -1).trim();
  }
  const suffix = /\s*(CR|DR|Cr|Dr|-|\+)$/.exec(s);
  if (suffix && s.length > suffix[0].length) {
    if (suffix[1] === '-' || suffix[1]!.toUpperCase() === 'DR') negative = !negative;
    s = s.slice(0, -suffix[0].length);
  }
  // Everything but digits, marks and signs: currency symbols and codes (also "د.إ"), spaces,
  // apostrophes (Swiss grouping) and the bidi marks right-to-left exports put around numbers.
  s = s.replace(/[^\d.,+-]/g, '').replace(/^[.,]+(?=[+-]?\d)/, '');
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  } else if (s.startsWith('+')) s = s.slice(1);
  if (s.startsWith('-')) {
    negative = !negative;
    s = s.slice(1);
  }
  const group = decimal === '.' ? ',' : '.';
  s = s.split(group).join('');
  if (!/^\d*[.,]?\d*$/.test(s) || !/\d/.test(s)) return null;
  const value = parseDecimal(s, currency, decimal);
  if (!value) return null;
  return negative && value.minor !== 0 ? -value.minor : value.minor;
}
