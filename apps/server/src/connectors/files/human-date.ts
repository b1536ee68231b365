/**
 * Dates as CSV and QIF exports write them. Whether "03/04/2024" is March 4 or April 3 is decided
 * once per file from all its dates: a first number above 12 proves day-first, a second above 12
 * proves month-first; when no date decides, the caller's declared order (or a default) applies and
 * the result says it was a guess.
 */
import { expandYear, isoDate } from './dates';

/** Order of day and month in `A/B/Y` dates. */
export type DateOrder = 'mdy' | 'dmy' | 'ymd';

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1,
  feb: 2,
  mar: 3,
  apr: 4,
  may: 5,
  jun: 6,
  jul: 7,
  aug: 8,
  sep: 9,
  sept: 9,
  oct: 10,
  nov: 11,
  dec: 12,
  // French, German, Spanish and Dutch abbreviations that differ from English.
  janv: 1,
  fevr: 2,
  févr: 2,
  mars: 3,
  avr: 4,
  mai: 5,
  juin: 6,
  juil: 7,
  aout: 8,
  août: 8,
  déc: 12,
  mär: 3,
  mrz: 3,
  okt: 10,
  dez: 12,
  ene: 1,
  abr: 4,
  ago: 8,
  dic: 12,
  mei: 5,
  maa: 3,
};

const YMD = /^\s*(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)/;
const COMPACT = /^\s*(\d{4})(\d{2})(\d{2})(?:$|[T\s])/;
const ABY = /^\s*(\d{1,2})\s*[-/.]\s*(\d{1,2})\s*['/.-]\s*(\d{1,4})/;
const D_MON_Y = /^\s*(\d{1,2})[\s.-]*([A-Za-zéûä]{3,5})\.?[\s.-]*(\d{2,4})(?!\d)/;
const MON_D_Y = /^\s*([A-Za-zéûä]{3,5})\.?\s+(\d{1,2}),?\s+(\d{2,4})(?!\d)/;

function year(raw: string): number {
  const n = Number(raw);
  if (raw.length === 4) return n;
  // Quicken wrote years after 1999 as three digits counted from 1900 ("099" = 1999, "101" = 2001).
  if (raw.length === 3) return 1900 + n;
  return expandYear(n);
}

function month(name: string): number | null {
  return MONTHS[name.toLowerCase().slice(0, 4)] ?? MONTHS[name.toLowerCase().slice(0, 3)] ?? null;
}

/** Reads one date with a known order; null when it is not a date. */
export function parseHumanDate(input: string, order: DateOrder): string | null {
  // Every pattern is anchored and needs at most ~20 characters; bounding the text bounds the work.
  const raw = input.trimStart().slice(0, 40);
  let m = YMD.exec(raw) ?? COMPACT.exec(raw);
  if (m) return isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  m = ABY.exec(raw);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = year(m[3]!);
    return order === 'dmy' ? isoDate(y, b, a) : isoDate(y, a, b);
  }
  m = D_MON_Y.exec(raw);
  if (m) {
    const mo = month(m[2]!);
    return mo ? isoDate(year(m[3]!), mo, Number(m[1])) : null;
  }
  m = MON_D_Y.exec(raw);
  if (m) {
    const mo = month(m[1]!);
    return mo ? isoDate(year(m[3]!), mo, Number(m[2])) : null;
  }
  return null;
}

/** Order evidence from a set of dates. */
export interface OrderEvidence {
  order: DateOrder | null;
  /** Both orders were proven by different dates: the column is not one date format. */
  conflict: boolean;
  /** Day-first separators ("." as in 31.12.2024) were seen. */
  dotted: boolean;
}

/** Decides day/month order from the dates of one column. */
export function detectDateOrder(values: readonly string[]): OrderEvidence {
  let dayFirst = false;
  let monthFirst = false;
  let dotted = false;
  for (const value of values) {
    const v = value.trimStart().slice(0, 40);
    if (YMD.test(v) || COMPACT.test(v)) continue;
    const m = ABY.exec(v);
    if (!m) continue;
    if (v.includes('.')) dotted = true;
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (a > 12 && b <= 12) dayFirst = true;
    if (b > 12 && a <= 12) monthFirst = true;
  }
  if (dayFirst && monthFirst) return { order: null, conflict: true, dotted };
  return { order: dayFirst ? 'dmy' : monthFirst ? 'mdy' : null, conflict: false, dotted };
}

/** True when some value is an `A/B/Y` date whose day and month order matters. */
export function hasDayMonthDates(values: readonly string[]): boolean {
  return values.some((value) => {
    const v = value.trimStart().slice(0, 40);
    return !YMD.test(v) && !COMPACT.test(v) && ABY.test(v);
  });
}
