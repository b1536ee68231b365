import { dateOf, dayNumber } from '../../lib/days';

/**
 * What the attributes are computed from: one account as the store holds it, its posted and pending
 * transactions, the Item's connection history and what the app told Weft of the user and device on
 * earlier evaluations. Money in integer minor units, Plaid's sign (positive when money leaves).
 */
export interface AttributeInput {
  /** The day the Item's data stands at (YYYY-MM-DD). */
  day: string;
  account: {
    type: string;
    subtype: string | null;
    current: number | null;
    available: number | null;
    /** When the balances were last written (ISO instant). */
    balanceUpdatedAt: string | null;
  };
  transactions: readonly AttributeTransaction[];
  /** The earliest posted transaction the store holds for the account (beyond the 90 days read). */
  firstTransactionDate: string | null;
  transactionsUpdatedAt: string | null;
  /** Creation days of every Item of the client linked to the same account (this one included). */
  connectionDays: readonly string[];
  /** Each value the app sent on an evaluation of this account: kind, value, first and last day seen. */
  identities: readonly IdentitySighting[];
}

/** One transaction as the attributes need it. */
export interface AttributeTransaction {
  date: string;
  amount: number;
  name: string;
  pending: boolean;
  /** Personal finance category (detailed), when the store categorized it. */
  category: string | null;
}

/** Kinds of identity data an app sends with an evaluation. */
export type IdentityKind = 'address' | 'phone' | 'email' | 'ip' | 'user_agent';

/** A value of one kind seen on evaluations of the account, first and last on these days. */
export interface IdentitySighting {
  kind: IdentityKind;
  value: string;
  firstSeen: string;
  lastSeen: string;
}

/**
 * The core attributes, in Plaid's names and in minor units where Plaid speaks money (the presenter
 * converts). Null where Weft's store holds nothing to compute one from.
 */
export interface CoreAttributes {
  unauthorized_transactions_count_7d: number;
  unauthorized_transactions_count_30d: number;
  unauthorized_transactions_count_60d: number;
  unauthorized_transactions_count_90d: number;
  nsf_overdraft_transactions_count_7d: number;
  nsf_overdraft_transactions_count_30d: number;
  nsf_overdraft_transactions_count_60d: number;
  nsf_overdraft_transactions_count_90d: number;
  days_since_first_plaid_connection: number | null;
  plaid_connections_count_7d: number;
  plaid_connections_count_30d: number;
  total_plaid_connections_count: number;
  is_savings_or_money_market_account: boolean;
  total_credit_transactions_amount_10d: number;
  total_debit_transactions_amount_10d: number;
  p50_credit_transactions_amount_28d: number | null;
  p50_debit_transactions_amount_28d: number | null;
  p95_credit_transactions_amount_28d: number | null;
  p95_debit_transactions_amount_28d: number | null;
  days_with_negative_balance_count_90d: number | null;
  p90_eod_balance_30d: number | null;
  p90_eod_balance_60d: number | null;
  p90_eod_balance_90d: number | null;
  p10_eod_balance_30d: number | null;
  p10_eod_balance_60d: number | null;
  p10_eod_balance_90d: number | null;
  available_balance: number | null;
  current_balance: number | null;
  balance_last_updated: string | null;
  phone_change_count_28d: number;
  phone_change_count_90d: number;
  email_change_count_28d: number;
  email_change_count_90d: number;
  address_change_count_28d: number;
  address_change_count_90d: number;
  plaid_non_oauth_authentication_attempts_count_3d: null;
  plaid_non_oauth_authentication_attempts_count_7d: null;
  plaid_non_oauth_authentication_attempts_count_30d: null;
  failed_plaid_non_oauth_authentication_attempts_count_3d: null;
  failed_plaid_non_oauth_authentication_attempts_count_7d: null;
  failed_plaid_non_oauth_authentication_attempts_count_30d: null;
  debit_transactions_count_10d: number;
  credit_transactions_count_10d: number;
  debit_transactions_count_30d: number;
  credit_transactions_count_30d: number;
  debit_transactions_count_60d: number;
  credit_transactions_count_60d: number;
  debit_transactions_count_90d: number;
  credit_transactions_count_90d: number;
  total_debit_transactions_amount_30d: number;
  total_credit_transactions_amount_30d: number;
  total_debit_transactions_amount_60d: number;
  total_credit_transactions_amount_60d: number;
  total_debit_transactions_amount_90d: number;
  total_credit_transactions_amount_90d: number;
  p50_eod_balance_30d: number | null;
  p50_eod_balance_60d: number | null;
  p50_eod_balance_90d: number | null;
  p50_eod_balance_31d_to_60d: number | null;
  p50_eod_balance_61d_to_90d: number | null;
  p90_eod_balance_31d_to_60d: number | null;
  p90_eod_balance_61d_to_90d: number | null;
  p10_eod_balance_31d_to_60d: number | null;
  p10_eod_balance_61d_to_90d: number | null;
  transactions_last_updated: string | null;
  is_account_closed: boolean;
  is_account_frozen_or_restricted: boolean;
  distinct_ip_addresses_count_3d: number;
  distinct_ip_addresses_count_7d: number;
  distinct_ip_addresses_count_30d: number;
  distinct_ip_addresses_count_90d: number;
  distinct_user_agents_count_3d: number;
  distinct_user_agents_count_7d: number;
  distinct_user_agents_count_30d: number;
  distinct_user_agents_count_90d: number;
  distinct_ssl_tls_connection_sessions_count_3d: null;
  distinct_ssl_tls_connection_sessions_count_7d: null;
  distinct_ssl_tls_connection_sessions_count_30d: null;
  distinct_ssl_tls_connection_sessions_count_90d: null;
  days_since_account_opening: null;
  /** Available (or current) balance over the amount, a plain ratio; null without a balance. */
  balance_to_transaction_amount_ratio: number | null;
}

/** Attributes in minor units that the presenter converts to decimals. */
export const MONEY_ATTRIBUTES = [
  'total_credit_transactions_amount_10d',
  'total_debit_transactions_amount_10d',
  'p50_credit_transactions_amount_28d',
  'p50_debit_transactions_amount_28d',
  'p95_credit_transactions_amount_28d',
  'p95_debit_transactions_amount_28d',
  'p90_eod_balance_30d',
  'p90_eod_balance_60d',
  'p90_eod_balance_90d',
  'p10_eod_balance_30d',
  'p10_eod_balance_60d',
  'p10_eod_balance_90d',
  'available_balance',
  'current_balance',
  'total_debit_transactions_amount_30d',
  'total_credit_transactions_amount_30d',
  'total_debit_transactions_amount_60d',
  'total_credit_transactions_amount_60d',
  'total_debit_transactions_amount_90d',
  'total_credit_transactions_amount_90d',
  'p50_eod_balance_30d',
  'p50_eod_balance_60d',
  'p50_eod_balance_90d',
  'p50_eod_balance_31d_to_60d',
  'p50_eod_balance_61d_to_90d',
  'p90_eod_balance_31d_to_60d',
  'p90_eod_balance_61d_to_90d',
  'p10_eod_balance_31d_to_60d',
  'p10_eod_balance_61d_to_90d',
] as const satisfies readonly (keyof CoreAttributes)[];

/** Descriptors and categories a bank gives an NSF or overdraft fee, or a returned item. */
const NSF = /\b(NSF|NON[- ]?SUFFICIENT|INSUFFICIENT FUNDS|OVERDRAFT|OD FEE|RETURNED ITEM|RETURN ITEM FEE)\b/i;
const NSF_CATEGORIES = new Set(['BANK_FEES_INSUFFICIENT_FUNDS', 'BANK_FEES_OVERDRAFT_FEES']);
/** Descriptors of a disputed or unauthorized debit being reversed. */
const UNAUTHORIZED = /\b(UNAUTHORI[SZ]ED|DISPUTE[D]?|CHARGEBACK|FRAUD(ULENT)? (CLAIM|CREDIT|REVERSAL))\b/i;
/** What a bank prints when it closes an account, or freezes or restricts one. */
const CLOSED = /\b(ACCOUNT CLOSED|ACCT CLOSED|CLOSE[D]? ACCOUNT|ACCOUNT CLOSURE)\b/i;
const FROZEN = /\b(FROZEN|FREEZE|RESTRICTED|LEGAL HOLD|LEVY|GARNISH(MENT)?)\b/i;

/**
 * Day numbers and descriptor kinds of the strings seen lately: an account is evaluated again and
 * again over the same transactions, and parsing them each time is most of an evaluation's work.
 */
const dayCache = new Map<string, number>();
const kindCache = new Map<string, { nsf: boolean; unauthorized: boolean }>();
const CACHE_LIMIT = 20_000;

function dayOf(date: string): number {
  let n = dayCache.get(date);
  if (n === undefined) {
    if (dayCache.size >= CACHE_LIMIT) dayCache.clear();
    n = dayNumber(date);
    dayCache.set(date, n);
  }
  return n;
}

function kindOf(t: Pick<AttributeTransaction, 'name' | 'category'>): { nsf: boolean; unauthorized: boolean } {
  const key = `${t.category ?? ''}\u0000${t.name}`;
  let kind = kindCache.get(key);
  if (kind === undefined) {
    if (kindCache.size >= CACHE_LIMIT) kindCache.clear();
    kind = { nsf: isNsfOrOverdraft(t), unauthorized: isUnauthorized(t) };
    kindCache.set(key, kind);
  }
  return kind;
}

/** True when a transaction is an NSF or overdraft fee, or an item returned unpaid. */
export function isNsfOrOverdraft(t: Pick<AttributeTransaction, 'name' | 'category'>): boolean {
  return (t.category !== null && NSF_CATEGORIES.has(t.category)) || NSF.test(t.name);
}

/** True when a transaction reverses a debit its owner disputed as unauthorized. */
export function isUnauthorized(t: Pick<AttributeTransaction, 'name'>): boolean {
  return UNAUTHORIZED.test(t.name);
}

/** The value at fraction `q` of sorted numbers (nearest rank); null when there are none. */
export function percentile(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.max(1, Math.ceil(q * sorted.length));
  return sorted[Math.min(sorted.length, rank) - 1]!;
}

/**
 * Computes the core attributes of an evaluation from the account's data. Windows end on `day`
 * (included): "7d" is the last 7 days. End-of-day balances are walked back from the current
 * balance by the posted transactions after each day (a balance exists only for days after the
 * account's first transaction in the store).
 */
export function computeAttributes(input: AttributeInput, amount: number): CoreAttributes {
  return withContext(accountAttributes(input), input, amount);
}

/** What the account's own balances and transactions give (cacheable while they stand). */
export type AccountInput = Pick<
  AttributeInput,
  'day' | 'account' | 'transactions' | 'firstTransactionDate' | 'transactionsUpdatedAt'
>;

/**
 * The attributes of the account's balances and transactions alone: those of connections, identity
 * values and the amount are left at their empty values for `withContext` to fill.
 */
export function accountAttributes(input: AccountInput): CoreAttributes {
  return attributesOf({ ...input, connectionDays: [], identities: [] }, 0);
}

/**
 * Completes an account's attributes with what varies between evaluations of it: the client's
 * connections of the account, the identity values sent with its evaluations, and the amount.
 */
export function withContext(
  base: CoreAttributes,
  input: Pick<AttributeInput, 'day' | 'account' | 'connectionDays' | 'identities'>,
  amount: number,
): CoreAttributes {
  return { ...base, ...contextAttributes(input, amount) };
}

/** The attributes `withContext` fills: none of them money, so none the presenter converts. */
export const CONTEXT_ATTRIBUTES = [
  'days_since_first_plaid_connection',
  'plaid_connections_count_7d',
  'plaid_connections_count_30d',
  'total_plaid_connections_count',
  'phone_change_count_28d',
  'phone_change_count_90d',
  'email_change_count_28d',
  'email_change_count_90d',
  'address_change_count_28d',
  'address_change_count_90d',
  'distinct_ip_addresses_count_3d',
  'distinct_ip_addresses_count_7d',
  'distinct_ip_addresses_count_30d',
  'distinct_ip_addresses_count_90d',
  'distinct_user_agents_count_3d',
  'distinct_user_agents_count_7d',
  'distinct_user_agents_count_30d',
  'distinct_user_agents_count_90d',
  'balance_to_transaction_amount_ratio',
] as const satisfies readonly (keyof CoreAttributes)[];

/** What varies between evaluations of an unchanged account (see `withContext`). */
export type ContextAttributes = Pick<CoreAttributes, (typeof CONTEXT_ATTRIBUTES)[number]>;

/** The connection, identity and amount attributes alone, to lay over an account's own. */
export function contextAttributes(
  input: Pick<AttributeInput, 'day' | 'account' | 'connectionDays' | 'identities'>,
  amount: number,
): ContextAttributes {
  const today = dayOf(input.day);
  const connections = input.connectionDays.map((d) => today - dayOf(d));
  const changes = (kind: IdentityKind, n: number) => identityChanges(input.identities, kind, today, n);
  const distinct = (kind: IdentityKind, n: number) =>
    input.identities.filter((s) => s.kind === kind && today - dayOf(s.lastSeen) < n).length;
  const cushion = input.account.available ?? input.account.current;
  return {
    days_since_first_plaid_connection: connections.length ? Math.max(0, ...connections) : null,
    plaid_connections_count_7d: connections.filter((d) => d < 7).length,
    plaid_connections_count_30d: connections.filter((d) => d < 30).length,
    total_plaid_connections_count: connections.length,
    phone_change_count_28d: changes('phone', 28),
    phone_change_count_90d: changes('phone', 90),
    email_change_count_28d: changes('email', 28),
    email_change_count_90d: changes('email', 90),
    address_change_count_28d: changes('address', 28),
    address_change_count_90d: changes('address', 90),
    distinct_ip_addresses_count_3d: distinct('ip', 3),
    distinct_ip_addresses_count_7d: distinct('ip', 7),
    distinct_ip_addresses_count_30d: distinct('ip', 30),
    distinct_ip_addresses_count_90d: distinct('ip', 90),
    distinct_user_agents_count_3d: distinct('user_agent', 3),
    distinct_user_agents_count_7d: distinct('user_agent', 7),
    distinct_user_agents_count_30d: distinct('user_agent', 30),
    distinct_user_agents_count_90d: distinct('user_agent', 90),
    balance_to_transaction_amount_ratio:
      cushion === null || amount <= 0 ? null : Math.round((cushion / amount) * 100) / 100,
  };
}

function attributesOf(input: AttributeInput, amount: number): CoreAttributes {
  const today = dayNumber(input.day);
  // Each posted transaction's age in days (0: today) and kind, worked out once: every window reads them.
  const posted = input.transactions
    .filter((t) => !t.pending)
    .map((t) => ({ name: t.name, date: t.date, amount: t.amount, age: today - dayOf(t.date), ...kindOf(t) }));
  type Row = (typeof posted)[number];
  const windows = new Map<number, Row[]>();
  const within = (n: number) => {
    const cached = windows.get(n);
    if (cached) return cached;
    const rows = posted.filter((t) => t.age >= 0 && t.age < n);
    windows.set(n, rows);
    return rows;
  };
  const count = (n: number, f: (t: Row) => boolean) => within(n).filter(f).length;
  const sum = (n: number, f: (t: Row) => boolean) =>
    within(n)
      .filter(f)
      .reduce((s, t) => s + Math.abs(t.amount), 0);
  const debit = (t: Row) => t.amount > 0;
  const credit = (t: Row) => t.amount < 0;
  const nsf = (t: Row) => t.nsf;
  const unauthorized = (t: Row) => t.unauthorized;
  const sorted28 = (f: (t: Row) => boolean) =>
    within(28)
      .filter(f)
      .map((t) => Math.abs(t.amount))
      .sort((a, b) => a - b);
  const credits28 = sorted28(credit);
  const debits28 = sorted28(debit);

  const eod = endOfDayBalances(input, today);
  const eodRange = (from: number, to: number) =>
    eod
      .filter((e) => e.age >= from && e.age < to)
      .map((e) => e.balance)
      .sort((a, b) => a - b);
  const r30 = eodRange(0, 30);
  const r60 = eodRange(0, 60);
  const r90 = eodRange(0, 90);
  const r31 = eodRange(30, 60);
  const r61 = eodRange(60, 90);

  const connections = input.connectionDays.map((d) => today - dayOf(d));
  const changes = (kind: IdentityKind, n: number) => identityChanges(input.identities, kind, today, n);
  const distinct = (kind: IdentityKind, n: number) =>
    input.identities.filter((s) => s.kind === kind && today - dayOf(s.lastSeen) < n).length;

  const { current, available } = input.account;
  const cushion = available ?? current;
  const latest = posted.reduce<Row | undefined>(
    (l, t) => (l === undefined || t.date > l.date ? t : l),
    undefined,
  );
  const closedByStatement = latest !== undefined && CLOSED.test(latest.name);
  const noBalance = (current ?? 0) === 0 && (available ?? 0) === 0;
  const dormant = posted.every((t) => t.age >= 90);
  const frozenByStatement = within(90).some((t) => FROZEN.test(t.name));

  return {
    unauthorized_transactions_count_7d: count(7, unauthorized),
    unauthorized_transactions_count_30d: count(30, unauthorized),
    unauthorized_transactions_count_60d: count(60, unauthorized),
    unauthorized_transactions_count_90d: count(90, unauthorized),
    nsf_overdraft_transactions_count_7d: count(7, nsf),
    nsf_overdraft_transactions_count_30d: count(30, nsf),
    nsf_overdraft_transactions_count_60d: count(60, nsf),
    nsf_overdraft_transactions_count_90d: count(90, nsf),
    days_since_first_plaid_connection: connections.length ? Math.max(0, ...connections) : null,
    plaid_connections_count_7d: connections.filter((d) => d < 7).length,
    plaid_connections_count_30d: connections.filter((d) => d < 30).length,
    total_plaid_connections_count: connections.length,
    is_savings_or_money_market_account:
      input.account.subtype === 'savings' || input.account.subtype === 'money market',
    total_credit_transactions_amount_10d: sum(10, credit),
    total_debit_transactions_amount_10d: sum(10, debit),
    p50_credit_transactions_amount_28d: percentile(credits28, 0.5),
    p50_debit_transactions_amount_28d: percentile(debits28, 0.5),
    p95_credit_transactions_amount_28d: percentile(credits28, 0.95),
    p95_debit_transactions_amount_28d: percentile(debits28, 0.95),
    days_with_negative_balance_count_90d: eod.length ? eod.filter((e) => e.balance < 0).length : null,
    p90_eod_balance_30d: percentile(r30, 0.9),
    p90_eod_balance_60d: percentile(r60, 0.9),
    p90_eod_balance_90d: percentile(r90, 0.9),
    p10_eod_balance_30d: percentile(r30, 0.1),
    p10_eod_balance_60d: percentile(r60, 0.1),
    p10_eod_balance_90d: percentile(r90, 0.1),
    available_balance: available,
    current_balance: current,
    balance_last_updated: input.account.balanceUpdatedAt,
    phone_change_count_28d: changes('phone', 28),
    phone_change_count_90d: changes('phone', 90),
    email_change_count_28d: changes('email', 28),
    email_change_count_90d: changes('email', 90),
    address_change_count_28d: changes('address', 28),
    address_change_count_90d: changes('address', 90),
    plaid_non_oauth_authentication_attempts_count_3d: null,
    plaid_non_oauth_authentication_attempts_count_7d: null,
    plaid_non_oauth_authentication_attempts_count_30d: null,
    failed_plaid_non_oauth_authentication_attempts_count_3d: null,
    failed_plaid_non_oauth_authentication_attempts_count_7d: null,
    failed_plaid_non_oauth_authentication_attempts_count_30d: null,
    debit_transactions_count_10d: count(10, debit),
    credit_transactions_count_10d: count(10, credit),
    debit_transactions_count_30d: count(30, debit),
    credit_transactions_count_30d: count(30, credit),
    debit_transactions_count_60d: count(60, debit),
    credit_transactions_count_60d: count(60, credit),
    debit_transactions_count_90d: count(90, debit),
    credit_transactions_count_90d: count(90, credit),
    total_debit_transactions_amount_30d: sum(30, debit),
    total_credit_transactions_amount_30d: sum(30, credit),
    total_debit_transactions_amount_60d: sum(60, debit),
    total_credit_transactions_amount_60d: sum(60, credit),
    total_debit_transactions_amount_90d: sum(90, debit),
    total_credit_transactions_amount_90d: sum(90, credit),
    p50_eod_balance_30d: percentile(r30, 0.5),
    p50_eod_balance_60d: percentile(r60, 0.5),
    p50_eod_balance_90d: percentile(r90, 0.5),
    p50_eod_balance_31d_to_60d: percentile(r31, 0.5),
    p50_eod_balance_61d_to_90d: percentile(r61, 0.5),
    p90_eod_balance_31d_to_60d: percentile(r31, 0.9),
    p90_eod_balance_61d_to_90d: percentile(r61, 0.9),
    p10_eod_balance_31d_to_60d: percentile(r31, 0.1),
    p10_eod_balance_61d_to_90d: percentile(r61, 0.1),
    transactions_last_updated: input.transactionsUpdatedAt,
    is_account_closed: closedByStatement || (noBalance && dormant && posted.length > 0),
    // A bank that holds all of a positive balance from use has restricted the account.
    is_account_frozen_or_restricted:
      frozenByStatement || (available !== null && available <= 0 && (current ?? 0) > 0),
    distinct_ip_addresses_count_3d: distinct('ip', 3),
    distinct_ip_addresses_count_7d: distinct('ip', 7),
    distinct_ip_addresses_count_30d: distinct('ip', 30),
    distinct_ip_addresses_count_90d: distinct('ip', 90),
    distinct_user_agents_count_3d: distinct('user_agent', 3),
    distinct_user_agents_count_7d: distinct('user_agent', 7),
    distinct_user_agents_count_30d: distinct('user_agent', 30),
    distinct_user_agents_count_90d: distinct('user_agent', 90),
    distinct_ssl_tls_connection_sessions_count_3d: null,
    distinct_ssl_tls_connection_sessions_count_7d: null,
    distinct_ssl_tls_connection_sessions_count_30d: null,
    distinct_ssl_tls_connection_sessions_count_90d: null,
    days_since_account_opening: null,
    balance_to_transaction_amount_ratio:
      cushion === null || amount <= 0 ? null : Math.round((cushion / amount) * 100) / 100,
  };
}

/**
 * End-of-day balances over the last 90 days (age 0 is `day`), from the current balance back by
 * the posted transactions after each day, in the balance's sign (an asset grows by credits). Days
 * before the account's first stored transaction have no known balance and are left out.
 */
function endOfDayBalances(input: AttributeInput, today: number): { age: number; balance: number }[] {
  const current = input.account.current;
  if (current === null) return [];
  const asset = input.account.type === 'depository' || input.account.type === 'investment';
  const sign = asset ? -1 : 1;
  const byAge = new Map<number, number>();
  for (const t of input.transactions) {
    if (t.pending) continue;
    const age = today - dayOf(t.date);
    if (age < 0) continue;
    byAge.set(age, (byAge.get(age) ?? 0) + t.amount);
  }
  const first = input.firstTransactionDate === null ? today : dayNumber(input.firstTransactionDate);
  const oldest = Math.min(89, today - first);
  const out: { age: number; balance: number }[] = [];
  let balance = current;
  for (let age = 0; age <= oldest; age++) {
    out.push({ age, balance });
    // The balance at the end of the day before: undo this day's transactions.
    balance -= sign * (byAge.get(age) ?? 0);
  }
  return out;
}

/**
 * Changes of a kind of identity value within the last `days`: values first seen in the window,
 * less one when no value of that kind was seen before it (the first value is no change).
 */
function identityChanges(
  sightings: readonly IdentitySighting[],
  kind: IdentityKind,
  today: number,
  days: number,
): number {
  const ofKind = sightings.filter((s) => s.kind === kind);
  const fresh = ofKind.filter((s) => today - dayNumber(s.firstSeen) < days).length;
  const before = ofKind.length - fresh;
  return Math.max(0, before > 0 ? fresh : fresh - 1);
}

/** The first day of the 90-day window ending on `day`, for reading the store. */
export function windowStart(day: string): string {
  return dateOf(dayNumber(day) - 89);
}
