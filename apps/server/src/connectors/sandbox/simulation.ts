import {
  type GenAccount,
  type GenEvent,
  MAX_LAG_DAYS,
  stateAt,
} from '../../engines/transactions-generator/generator';
import { dateOf, dayNumber } from '../../lib/days';
import { toMinor } from '../../lib/money';
import type { LinkedSource, NormalizedAccount, ReadContext, StoredAccount } from '../connector';
import type { SourceTransaction, SourceTransactionRef } from '../source-data';
import { eventSourceFor } from './credit-users/credit-users';

/** Plaid's sandbox user whose transactions move a day on every /transactions/refresh. */
const DYNAMIC_USER = 'user_transactions_dynamic';

/** Days of history a sandbox bank keeps (Plaid's longest `days_requested`). */
const HISTORY_DAYS = 730;

/** A transaction a custom user lists itself, as Plaid's custom sandbox user states it. */
export interface ListedTransaction {
  date_transacted?: string;
  date_posted?: string;
  /** Units of the currency, Plaid's sign (positive when money leaves). */
  amount?: number;
  description?: string;
  currency?: string;
}

/** What the sandbox's transactions are on a read: see `sandboxTransactions`. */
export interface SandboxRead {
  transactions: SourceTransaction[];
  released: SourceTransactionRef[];
  day?: string;
  complete?: boolean;
}

/**
 * The sandbox's transactions as they stand on the read's day, by the login's accounts (`accounts`,
 * in link order: a stored account's position is its index). A custom user's listed transactions
 * are all there is, as listed on the first read's day: they never move with the clock. Other
 * logins' transactions are generated from the seed (the same login always gives the same ones; a
 * Credit and Income user's from its persona, credit-users/)
 * from `since`, plus those still pending on the previous read; Plaid's dynamic user moves a day
 * forward on each refresh the app asks for.
 */
export function sandboxTransactions(
  source: LinkedSource,
  accounts: readonly NormalizedAccount[],
  since: string | null,
  ctx: ReadContext,
): SandboxRead {
  const listed = listedTransactions(source);
  if (listed) return { transactions: listedRows(listed, accounts, ctx), released: [], complete: true };
  const day =
    ctx.onDemand && source.login.username === DYNAMIC_USER ? dateOf(dayNumber(ctx.day) + 1) : ctx.day;
  return { ...generatedRows(source, accounts, since, { ...ctx, day }), day };
}

/** The transactions a custom user lists itself, by account position; null when it lists none. */
export function listedTransactions(source: LinkedSource): Map<number, ListedTransaction[]> | null {
  const custom = source.login.extra?.custom as { override_accounts?: unknown } | undefined;
  const accounts = custom?.override_accounts;
  if (!Array.isArray(accounts)) return null;
  return new Map(
    accounts.map((a: { transactions?: unknown } | null, i) => [
      i,
      (Array.isArray(a?.transactions) ? a.transactions : []) as ListedTransaction[],
    ]),
  );
}

/** Listed transactions: posted unless dated after the read's day, ids by account position and order. */
function listedRows(
  listed: ReadonlyMap<number, readonly ListedTransaction[]>,
  accounts: readonly NormalizedAccount[],
  ctx: ReadContext,
): SourceTransaction[] {
  const out: SourceTransaction[] = [];
  for (const a of ctx.accounts) {
    const accountKey = accounts[a.position]?.key;
    if (accountKey === undefined) continue;
    (listed.get(a.position) ?? []).forEach((t, i) => {
      const postedDate = t.date_posted ?? t.date_transacted ?? ctx.day;
      const pending = postedDate > ctx.day;
      const key = `custom:${a.position}:${i}`;
      out.push({
        accountKey,
        id: key,
        loginKey: key,
        date: pending ? (t.date_transacted ?? ctx.day) : postedDate,
        authorizedDate: t.date_transacted ?? null,
        datetime: null,
        amount: toMinor(t.amount ?? 0, t.currency ?? a.currency ?? 'USD'),
        currency: t.currency ?? a.currency ?? 'USD',
        description: t.description ?? 'TRANSACTION',
        pending,
        checkNumber: null,
      });
    });
  }
  return out;
}

/** Account types the generator writes to (investment accounts have their own product). */
function carriesTransactions(a: StoredAccount): boolean {
  return a.type === 'depository' || a.type === 'credit' || a.type === 'loan';
}

function generatedRows(
  source: LinkedSource,
  accounts: readonly NormalizedAccount[],
  since: string | null,
  ctx: ReadContext,
): Omit<SandboxRead, 'day'> {
  const genAccounts: GenAccount[] = ctx.accounts.filter(carriesTransactions).map((a) => ({
    id: a.id,
    type: a.type,
    subtype: a.subtype,
    current: a.current ?? 0,
    mask: a.mask,
  }));
  const byId = new Map(ctx.accounts.map((a) => [a.id, a]));
  const dayNum = dayNumber(ctx.day);
  const previous = ctx.previous === null ? null : dayNumber(ctx.previous);
  const sinceNum = since === null ? dayNum - HISTORY_DAYS : dayNumber(since);
  // Transactions still pending on the previous read can post, change or drop on this one.
  const from = previous === null ? sinceNum : Math.min(sinceNum, previous - MAX_LAG_DAYS - 1);
  const events = eventSourceFor(source.login, genAccounts).eventsBetween(dateOf(from), ctx.day);
  const transactions: SourceTransaction[] = [];
  const released: SourceTransactionRef[] = [];
  for (const ev of events) {
    const account = byId.get(ev.accountId);
    const accountKey = account && accounts[account.position]?.key;
    if (!account || accountKey === undefined) continue;
    if (ev.day < sinceNum && (previous === null || stateAt(ev, previous).status !== 'pending')) continue;
    const s = stateAt(ev, dayNum);
    if (s.status === 'gone' && previous !== null && stateAt(ev, previous).status === 'pending')
      released.push({ accountKey, id: ev.key, loginKey: ev.key });
    if (s.status !== 'pending' && s.status !== 'posted') continue;
    transactions.push(
      eventRow(ev, accountKey, account.currency, s.status, s.amount, {
        // Authorized and posted between two reads, a transaction was never seen pending.
        hadPending: ev.lag > 0 && (previous === null || ev.day <= previous),
      }),
    );
  }
  return { transactions, released };
}

function at(date: string, minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:00Z`;
}

function eventRow(
  ev: GenEvent,
  accountKey: string,
  currency: string | null,
  status: 'pending' | 'posted',
  amount: number,
  opts: { hadPending: boolean },
): SourceTransaction {
  const authorized = dateOf(ev.day);
  const date = status === 'pending' ? authorized : dateOf(ev.day + ev.lag);
  return {
    accountKey,
    id: ev.key,
    loginKey: ev.key,
    date,
    authorizedDate: authorized,
    datetime: status === 'posted' ? at(date, ev.minute) : null,
    authorizedDatetime: at(authorized, ev.minute),
    amount,
    currency: currency ?? 'USD',
    description: ev.description,
    pending: status === 'pending',
    checkNumber: null,
    hadPending: status === 'posted' && opts.hadPending,
    location: ev.location,
    merchantCategoryCode: ev.mcc,
    series: ev.series,
  };
}
