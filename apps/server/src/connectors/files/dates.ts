/** Calendar helpers shared by the parsers: dates are ISO `YYYY-MM-DD` strings, validated. */

/** True when y-m-d is a real calendar day. */
export function isValidDate(y: number, m: number, d: number): boolean {
  if (!Number.isInteger(y) || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1) return false;
  const days = [
    31,
    (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28,
    31,
    30,
    31,
    30,
    31,
    31,
    30,
    31,
    30,
    31,
  ];
  return d <= days[m - 1]!;
}

/** ISO date string, or null when the day does not exist. */
export function isoDate(y: number, m: number, d: number): string | null {
  if (!isValidDate(y, m, d)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** Two-digit years: 70-99 are 19xx (old MT940 and QIF files), the rest 20xx. */
export function expandYear(yy: number): number {
  return yy >= 70 ? 1900 + yy : 2000 + yy;
}

const OFX_DATE =
  /^(\d{4})(\d{2})(\d{2})(?:(\d{2})(\d{2})(?:(\d{2})(?:\.\d{1,6})?)?)?\s*(?:\[\s*([+-]?\d{1,2}(?:\.\d{1,2})?)(?::[^\]]{0,20})?\])?/;

/**
 * Reads an OFX date-time (`YYYYMMDD[HHMMSS[.XXX]][[±h[.mm]:TZ]]`). Returns the date as written (the
 * file's local day, not shifted to UTC) and an ISO date-time when the file gives a time.
 */
export function parseOfxDate(raw: string): { date: string; datetime: string | null } | null {
  const m = OFX_DATE.exec(raw.trim());
  if (!m) return null;
  const date = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
  if (!date) return null;
  if (m[4] === undefined) return { date, datetime: null };
  const hh = Number(m[4]);
  const mi = Number(m[5]);
  const ss = m[6] === undefined ? 0 : Number(m[6]);
  if (hh > 23 || mi > 59 || ss > 59) return { date, datetime: null };
  // Midnight without a zone is how most banks write "no time": keep the date only.
  if (hh === 0 && mi === 0 && ss === 0 && m[7] === undefined) return { date, datetime: null };
  let offset = 'Z';
  if (m[7] !== undefined) {
    const tz = Number(m[7]);
    if (Math.abs(tz) <= 14) {
      const mins = Math.round(Math.abs(tz) * 60);
      offset = `${tz < 0 || m[7].startsWith('-') ? '-' : '+'}${String(Math.floor(mins / 60)).padStart(2, '0')}:${String(mins % 60).padStart(2, '0')}`;
    }
  }
  const time = `${String(hh).padStart(2, '0')}:${String(mi).padStart(2, '0')}:${String(ss).padStart(2, '0')}`;
  return { date, datetime: `${date}T${time}${offset}` };
}

/** Reads `YYYY-MM-DD` optionally followed by a time (camt Dt / DtTm, ISO CSV dates). */
export function parseIsoDate(raw: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(raw.trim());
  return m ? isoDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}
