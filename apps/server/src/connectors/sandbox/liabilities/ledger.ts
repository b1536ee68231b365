import type { GenEvent } from '../../../engines/transactions-generator/generator';
import { dateOf, dayNumber } from '../../../lib/days';

/** YYYY-MM-DD of day `dom` in the month `months` after the month of `date` (negative: before). */
export function monthDay(date: string, months: number, dom: number): string {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dom).padStart(2, '0')}`;
}

/** The last day of the month before the month of `date`: when that month's statement is issued. */
export function lastStatementDay(date: string): string {
  return dateOf(dayNumber(monthDay(date, 0, 1)) - 1);
}

/** Whole months from `from` to `to` (by calendar month, ignoring the day). */
export function monthsBetween(from: string, to: string): number {
  const index = (d: string) => Number(d.slice(0, 4)) * 12 + Number(d.slice(5, 7));
  return index(to) - index(from);
}

/** A money movement on a loan as its transactions show it: a payment in, or interest charged. */
export interface LoanEntry {
  date: string;
  /** Minor units, positive. */
  amount: number;
}

/**
 * A loan's history up to `asOf`, from the same generated events its transactions are made of:
 * payments (credits to the loan) and interest charges (debits), posted by that day.
 */
export interface LoanHistory {
  payments: LoanEntry[];
  interest: LoanEntry[];
}

/** Splits a loan account's posted events into payments and interest charges. */
export function loanHistory(events: readonly GenEvent[], accountId: string, asOf: string): LoanHistory {
  const asOfDay = dayNumber(asOf);
  const history: LoanHistory = { payments: [], interest: [] };
  for (const e of events) {
    if (e.accountId !== accountId || e.drops || e.day + e.lag > asOfDay) continue;
    const entry = { date: dateOf(e.day + e.lag), amount: Math.abs(e.amount) };
    (e.amount < 0 ? history.payments : history.interest).push(entry);
  }
  return history;
}

/** Σ amounts of entries dated on or after `from`. */
export function sumSince(entries: readonly LoanEntry[], from: string): number {
  return entries.reduce((sum, e) => (e.date >= from ? sum + e.amount : sum), 0);
}

/**
 * Year-to-date interest and principal paid: payments go to the interest charged first, the rest
 * to principal, so the two always add up to what was paid this year.
 */
export function yearToDate(history: LoanHistory, asOf: string): { interest: number; principal: number } {
  const yearStart = `${asOf.slice(0, 4)}-01-01`;
  const paid = sumSince(history.payments, yearStart);
  const interest = Math.min(paid, sumSince(history.interest, yearStart));
  return { interest, principal: paid - interest };
}

/**
 * The yearly rate a loan's last interest charge implies on the balance it was charged on
 * (percent, three decimals), or null when there is no charge or no balance.
 */
export function impliedRate(history: LoanHistory, balanceAfterLastCharge: number): number | null {
  const last = history.interest[history.interest.length - 1];
  const base = balanceAfterLastCharge - (last?.amount ?? 0);
  if (!last || base <= 0) return null;
  return Math.round(((last.amount * 12) / base) * 100_000) / 1000;
}

/**
 * The balance a loan had at the end of `date`: today's balance less what posted after it
 * (charges raise a loan's balance, payments lower it).
 */
export function balanceAt(current: number, history: LoanHistory, date: string): number {
  const after = (entries: readonly LoanEntry[]) =>
    entries.reduce((s, e) => (e.date > date ? s + e.amount : s), 0);
  return current - after(history.interest) + after(history.payments);
}

/** A string of `length` digits drawn from a seeded random source. */
export function digits(next: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += String(Math.floor(next() * 10));
  return out;
}
