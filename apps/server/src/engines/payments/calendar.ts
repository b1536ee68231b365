/**
 * England and Wales bank holidays (gov.uk), on which Faster Payments standing orders do not run.
 * Data, not logic: extend the list as years are published.
 */
export const UK_BANK_HOLIDAYS: ReadonlySet<string> = new Set([
  '2025-01-01',
  '2025-04-18',
  '2025-04-21',
  '2025-05-05',
  '2025-05-26',
  '2025-08-25',
  '2025-12-25',
  '2025-12-26',
  '2026-01-01',
  '2026-04-03',
  '2026-04-06',
  '2026-05-04',
  '2026-05-25',
  '2026-08-31',
  '2026-12-25',
  '2026-12-28',
  '2027-01-01',
  '2027-03-26',
  '2027-03-29',
  '2027-05-03',
  '2027-05-31',
  '2027-08-30',
  '2027-12-27',
  '2027-12-28',
]);

const DAY_MS = 86_400_000;

/** Parses YYYY-MM-DD strictly (rejects 2026-02-30); null when it is not a real date. */
export function parseDate(s: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return null;
  const d = new Date(`${s}T00:00:00Z`);
  return Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== s ? null : d;
}

/** YYYY-MM-DD of a UTC instant. */
export function formatDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** The date `n` days after `d`. */
export function addDays(d: Date, n: number): Date {
  return new Date(d.getTime() + n * DAY_MS);
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(d: Date): number {
  return ((d.getUTCDay() + 6) % 7) + 1;
}

/** Days in the month of a UTC date. */
export function daysInMonth(year: number, month0: number): number {
  return new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();
}

/** True on weekdays that are not bank holidays. */
export function isWorkingDay(d: Date): boolean {
  return isoWeekday(d) <= 5 && !UK_BANK_HOLIDAYS.has(formatDate(d));
}

/** The day itself when it is a working day, otherwise the next working day. */
export function nextWorkingDay(d: Date): Date {
  let cur = d;
  while (!isWorkingDay(cur)) cur = addDays(cur, 1);
  return cur;
}
