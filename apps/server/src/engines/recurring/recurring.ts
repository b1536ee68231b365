/** A transaction as recurring detection sees it. Amounts in minor units, Plaid's sign. */
export interface RecurringInput {
  id: string;
  accountId: string;
  date: string;
  amount: number;
  description: string;
  merchantName: string | null;
  category: { primary: string; detailed: string } | null;
  pending: boolean;
}

/** Plaid's recurring frequencies. */
export type Frequency = 'WEEKLY' | 'BIWEEKLY' | 'SEMI_MONTHLY' | 'MONTHLY' | 'ANNUALLY';

/** A detected stream. */
export interface Stream {
  /** Stable key of the stream: account, direction and who the money goes to or comes from. */
  key: string;
  accountId: string;
  direction: 'inflow' | 'outflow';
  description: string;
  merchantName: string | null;
  category: { primary: string; detailed: string } | null;
  frequency: Frequency;
  firstDate: string;
  lastDate: string;
  predictedNextDate: string | null;
  transactionIds: string[];
  /** Minor units, Plaid's sign (inflows negative). */
  averageAmount: number;
  lastAmount: number;
  status: 'MATURE' | 'EARLY_DETECTION' | 'TOMBSTONED';
}

/** A frequency: the typical gap in days and how far a gap may stray from it. */
const CADENCES: readonly { frequency: Frequency; days: number; tolerance: number }[] = [
  { frequency: 'WEEKLY', days: 7, tolerance: 1 },
  { frequency: 'BIWEEKLY', days: 14, tolerance: 1 },
  { frequency: 'SEMI_MONTHLY', days: 15.2, tolerance: 3 },
  { frequency: 'MONTHLY', days: 30.4, tolerance: 4 },
  { frequency: 'ANNUALLY', days: 365, tolerance: 10 },
];

/** Minimum share of gaps that must fit the cadence. */
const REGULARITY = 0.75;
/** Spread of amounts (coefficient of variation) above which a series is not one bill. */
const MAX_AMOUNT_SPREAD = 0.45;

function day(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / 86_400_000);
}

function dateOf(n: number): string {
  return new Date(n * 86_400_000).toISOString().slice(0, 10);
}

/** Who a transaction pays or is paid by: the merchant, else the descriptor without numbers. */
export function counterpartyKey(t: RecurringInput): string {
  if (t.merchantName) return t.merchantName.toUpperCase();
  return t.description
    .toUpperCase()
    .replace(/[^A-Z ]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function cadenceOf(gaps: number[], dates: string[]): { frequency: Frequency; days: number } | null {
  const mid = median(gaps);
  for (const c of CADENCES) {
    if (Math.abs(mid - c.days) > c.tolerance) continue;
    const fitting = gaps.filter((g) => Math.abs(g - c.days) <= c.tolerance).length;
    if (fitting / gaps.length < REGULARITY) continue;
    // Every two weeks falls on one weekday; twice a month falls on dates (the 15th, month end).
    if (c.frequency === 'BIWEEKLY' || c.frequency === 'SEMI_MONTHLY') {
      const weekdays = new Set(dates.map((d) => day(d) % 7));
      return weekdays.size === 1
        ? { frequency: 'BIWEEKLY', days: 14 }
        : { frequency: 'SEMI_MONTHLY', days: 15.2 };
    }
    return c;
  }
  return null;
}

function nextDate(frequency: Frequency, last: string, days: number): string {
  if (frequency === 'MONTHLY' || frequency === 'ANNUALLY') {
    const d = new Date(`${last}T00:00:00Z`);
    const dom = d.getUTCDate();
    const months = frequency === 'MONTHLY' ? 1 : 12;
    const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + months, 1));
    const lastDom = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
    target.setUTCDate(Math.min(dom, lastDom));
    return target.toISOString().slice(0, 10);
  }
  if (frequency === 'SEMI_MONTHLY') {
    const d = new Date(`${last}T00:00:00Z`);
    const lastDom = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
    if (d.getUTCDate() < 15) return `${last.slice(0, 8)}15`;
    if (d.getUTCDate() < lastDom) return `${last.slice(0, 8)}${lastDom}`;
    return `${dateOf(day(last) + 1).slice(0, 8)}15`;
  }
  return dateOf(day(last) + Math.round(days));
}

/**
 * Finds recurring inflow and outflow streams: transactions to one counterparty on one account, in
 * one direction, at a regular cadence with similar amounts. `today` decides which streams stopped.
 */
export function detectStreams(transactions: readonly RecurringInput[], today: string): Stream[] {
  const groups = new Map<string, RecurringInput[]>();
  for (const t of transactions) {
    if (t.pending) continue;
    const direction = t.amount >= 0 ? 'outflow' : 'inflow';
    const key = `${t.accountId}|${direction}|${counterpartyKey(t)}`;
    const list = groups.get(key) ?? [];
    list.push(t);
    groups.set(key, list);
  }

  const streams: Stream[] = [];
  for (const [key, list] of groups) {
    if (list.length < 3) continue;
    const sorted = [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    const dates = sorted.map((t) => t.date);
    const gaps = sorted.slice(1).map((t, i) => day(t.date) - day(sorted[i]!.date));
    if (gaps.some((g) => g === 0)) continue;
    const cadence = cadenceOf(gaps, dates);
    if (!cadence) continue;
    const amounts = sorted.map((t) => t.amount);
    const mean = amounts.reduce((s, a) => s + a, 0) / amounts.length;
    const sd = Math.sqrt(amounts.reduce((s, a) => s + (a - mean) ** 2, 0) / amounts.length);
    if (mean === 0 || sd / Math.abs(mean) > MAX_AMOUNT_SPREAD) continue;
    const first = sorted[0]!;
    const last = sorted[sorted.length - 1]!;
    const overdue = day(today) - day(last.date) > cadence.days * 2 + 5;
    streams.push({
      key,
      accountId: first.accountId,
      direction: first.amount >= 0 ? 'outflow' : 'inflow',
      description: last.description,
      merchantName: last.merchantName,
      category: last.category,
      frequency: cadence.frequency,
      firstDate: first.date,
      lastDate: last.date,
      predictedNextDate: overdue ? null : nextDate(cadence.frequency, last.date, cadence.days),
      transactionIds: sorted.map((t) => t.id),
      averageAmount: Math.round(mean),
      lastAmount: last.amount,
      status: overdue ? 'TOMBSTONED' : sorted.length >= 4 ? 'MATURE' : 'EARLY_DETECTION',
    });
  }
  return streams.sort((a, b) => (a.key < b.key ? -1 : 1));
}
