import { counterpartyKey, detectStreams, type RecurringInput } from '../recurring/recurring';
import { DESCRIPTOR_RULES, type IncomeCategory, MUST_RECUR, PFC_CATEGORIES } from './income.data';

export type { IncomeCategory } from './income.data';

/** A deposit as income detection sees it. Amounts in minor units, Plaid's sign (inflows negative). */
export interface IncomeInput {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  description: string;
  merchantName: string | null;
  /** The transaction's detailed personal finance category (v2), if any. */
  pfcDetailed: string | null;
  pending: boolean;
}

/** Plaid's bank income pay frequencies. */
export type PayFrequency = 'WEEKLY' | 'BIWEEKLY' | 'SEMI_MONTHLY' | 'MONTHLY' | 'DAILY' | 'UNKNOWN';

/** One calendar month of a source (or of all sources): its deposits and their total. */
export interface IncomeMonth {
  start: string;
  end: string;
  /** Positive minor units. */
  total: number;
  transactions: IncomeInput[];
}

/** A detected income source: deposits from one payer into one account. */
export interface IncomeSource {
  /** Stable key: the account and the payer. */
  key: string;
  accountId: string;
  description: string;
  category: IncomeCategory;
  payFrequency: PayFrequency;
  startDate: string;
  endDate: string;
  /** The next deposit expected, null when the source is irregular or has stopped. */
  nextPayDate: string | null;
  /** Oldest first. */
  transactions: IncomeInput[];
  /** Positive minor units: the sum of the source's deposits. */
  total: number;
  /** Every month of the window, oldest first, empty months included. */
  months: IncomeMonth[];
}

/** The window deposits are looked for in, both ends included (YYYY-MM-DD). */
export interface IncomeWindow {
  start: string;
  end: string;
}

/** The income category of a deposit, or null when it is not income (or not a deposit). */
export function categorize(t: IncomeInput): IncomeCategory | null {
  if (t.amount >= 0) return null;
  const desc = ` ${t.description.toUpperCase()} `;
  for (const rule of DESCRIPTOR_RULES) if (rule.words.some((w) => desc.includes(w))) return rule.category;
  return (t.pfcDetailed && PFC_CATEGORIES[t.pfcDetailed]) || null;
}

const FREQUENCIES: Readonly<Record<string, PayFrequency>> = {
  WEEKLY: 'WEEKLY',
  BIWEEKLY: 'BIWEEKLY',
  SEMI_MONTHLY: 'SEMI_MONTHLY',
  MONTHLY: 'MONTHLY',
};

/** The calendar months from `start`'s to `end`'s, each clipped to the window. */
export function monthsOf(window: IncomeWindow): { start: string; end: string }[] {
  const out: { start: string; end: string }[] = [];
  let y = Number(window.start.slice(0, 4));
  let m = Number(window.start.slice(5, 7));
  for (;;) {
    const first = `${y}-${String(m).padStart(2, '0')}-01`;
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    const last = `${first.slice(0, 8)}${String(lastDay).padStart(2, '0')}`;
    if (first > window.end) break;
    out.push({
      start: first < window.start ? window.start : first,
      end: last > window.end ? window.end : last,
    });
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

/** Groups deposits by calendar month of the window, empty months included. */
export function byMonth(transactions: readonly IncomeInput[], window: IncomeWindow): IncomeMonth[] {
  return monthsOf(window).map((month) => {
    const inMonth = transactions.filter((t) => t.date >= month.start && t.date <= month.end);
    return { ...month, total: inMonth.reduce((s, t) => s - t.amount, 0), transactions: inMonth };
  });
}

/**
 * Finds income in an account's deposits: deposits whose descriptor or category marks them as pay,
 * benefits, gig work, interest, refunds…, grouped by payer and account. A group's pay frequency
 * and next pay date come from recurring-stream detection (engines/recurring); a group of a kind
 * that is income only when it recurs (a payment app, an unknown payer) is dropped unless it does.
 */
export function detectIncome(transactions: readonly IncomeInput[], window: IncomeWindow): IncomeSource[] {
  const deposits = transactions.filter(
    (t) => !t.pending && t.amount < 0 && t.date >= window.start && t.date <= window.end,
  );
  const grouped = new Map<string, IncomeInput[]>();
  for (const t of deposits) {
    if (!categorize(t)) continue;
    const key = `${t.accountId}|inflow|${counterpartyKey(asRecurring(t))}`;
    const list = grouped.get(key) ?? [];
    list.push(t);
    grouped.set(key, list);
  }
  const streams = new Map(
    detectStreams([...grouped.values()].flat().map(asRecurring), window.end).map((s) => [s.key, s]),
  );

  const sources: IncomeSource[] = [];
  for (const [key, list] of grouped) {
    const sorted = [...list].sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.id < b.id ? -1 : 1,
    );
    const last = sorted[sorted.length - 1]!;
    const category = categorize(last)!;
    const stream = streams.get(key);
    if (!stream && MUST_RECUR.has(category)) continue;
    sources.push({
      key,
      accountId: last.accountId,
      description: last.description,
      category,
      payFrequency: (stream && FREQUENCIES[stream.frequency]) ?? 'UNKNOWN',
      startDate: sorted[0]!.date,
      endDate: last.date,
      nextPayDate: stream && stream.status !== 'TOMBSTONED' ? stream.predictedNextDate : null,
      transactions: sorted,
      total: sorted.reduce((s, t) => s - t.amount, 0),
      months: byMonth(sorted, window),
    });
  }
  const order = (a: IncomeSource, b: IncomeSource) =>
    a.accountId !== b.accountId
      ? a.accountId < b.accountId
        ? -1
        : 1
      : a.key < b.key
        ? -1
        : a.key > b.key
          ? 1
          : 0;
  return sources.sort(order);
}

function asRecurring(t: IncomeInput): RecurringInput {
  return {
    id: t.id,
    accountId: t.accountId,
    date: t.date,
    amount: t.amount,
    description: t.description,
    merchantName: t.merchantName,
    category: null,
    pending: t.pending,
  };
}
