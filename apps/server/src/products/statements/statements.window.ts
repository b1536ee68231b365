import { PlaidError } from '../../http/errors';
import { dateOf, dayNumber } from '../../lib/days';

/** A date window of statements (inclusive), as link tokens, sandbox Items and refreshes give it. */
export interface StatementsWindow {
  startDate: string;
  endDate: string;
}

/** One calendar month of an account's statements. */
export interface StatementMonth {
  year: number;
  month: number;
  /** First and last day (YYYY-MM-DD). */
  start: string;
  end: string;
}

/** The same day `years` earlier (29 February becomes the 28th, which every year has). */
function yearsBefore(date: string, years: number): string {
  const day = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
  return `${String(Number(date.slice(0, 4)) - years).padStart(4, '0')}${day}`;
}

/**
 * A window from a request's `start_date` and `end_date`, refused with INVALID_FIELD when it runs
 * backwards or spans more than the two years Plaid extracts. `prefix` is where the two fields sit
 * in the request (`statements.`, or empty at the top level), for the message.
 */
export function parseWindow(prefix: string, startDate: string, endDate: string): StatementsWindow {
  if (startDate > endDate)
    throw new PlaidError('INVALID_FIELD', `${prefix}start_date must be on or before ${prefix}end_date`);
  if (startDate < yearsBefore(endDate, 2))
    throw new PlaidError(
      'INVALID_FIELD',
      `${prefix}start_date and ${prefix}end_date may be at most two years apart`,
    );
  return { startDate, endDate };
}

/**
 * The window of an Item's statements options (`statements` of a link token, `options.statements`
 * of /sandbox/public_token/create); undefined when not given (null is not given).
 */
export function windowOption(
  prefix: string,
  o: { start_date: string; end_date: string } | null | undefined,
): StatementsWindow | undefined {
  return o ? parseWindow(prefix, o.start_date, o.end_date) : undefined;
}

/** The window of an Item that asked for no dates: the two years up to `today`. */
export function defaultWindow(today: string): StatementsWindow {
  return { startDate: dateOf(dayNumber(yearsBefore(today, 2)) + 1), endDate: today };
}

/** The calendar month holding `date`. */
export function monthOf(date: string): StatementMonth {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const start = `${date.slice(0, 7)}-01`;
  const next =
    month === 12 ? `${year + 1}-01-01` : `${date.slice(0, 5)}${String(month + 1).padStart(2, '0')}-01`;
  return { year, month, start, end: dateOf(dayNumber(next) - 1) };
}

/**
 * The months whose statements an Item has: those dated (on their last day) inside one of its
 * windows, already over on `today` (the day its data stands at), and wholly inside its ledger,
 * which starts on `ledgerStart`. Oldest first.
 */
export function statementMonths(
  windows: readonly StatementsWindow[],
  ledgerStart: string,
  today: string,
): StatementMonth[] {
  const out = new Map<string, StatementMonth>();
  for (const w of windows) {
    for (let m = monthOf(w.startDate); m.start <= w.endDate; m = monthOf(dateOf(dayNumber(m.end) + 1))) {
      if (m.end < w.startDate || m.end > w.endDate) continue;
      if (m.end >= today || m.start < ledgerStart) continue;
      out.set(m.start, m);
    }
  }
  return [...out.values()].sort((a, b) => a.start.localeCompare(b.start));
}
