import type {
  SourceAccount,
  SourceData,
  SourceTransaction,
  SourceTransactionRef,
} from '../../connectors/source-data';
import type { Db } from '../../db/schema';
import type { AccountKeysTable } from '../../db/tables/account-data';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsTable } from '../../db/tables/transactions';
import { balanceSign } from '../../lib/balance-sign';
import { AccountKeysRepository } from '../accounts/account-keys.repository';
import { AccountsRepository, newAccountRow } from '../accounts/accounts.repository';
import { AccountNumbersRepository } from '../auth/account-numbers.repository';
import { notifyWrittenTransactions } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { buildRow, transactionId } from '../transactions/transactions.rows';

/** What one write changed. */
export interface WriteResult {
  /** Accounts the data named, and how many of them the Item did not have yet. */
  accounts: number;
  newAccounts: number;
  /** Transactions stored now, and those the Item already held (same account key and source id). */
  added: number;
  skipped: number;
}

/**
 * The one place a connector's data enters the store: accounts (matched by their source key,
 * new ones appended), balances, stated numbers and transactions of an Item, at one new version
 * with its webhooks, all in the caller's transaction. Products then read only the store.
 *
 * `created` holds the accounts the Item was just created with, in the order of `data.accounts`.
 */
export async function writeItemData(
  trx: Db,
  item: ItemsTable,
  data: SourceData,
  now: Date,
  created?: readonly AccountsTable[],
): Promise<WriteResult> {
  const nowIso = now.toISOString();
  const txRepo = new TransactionsRepository(trx);
  const state = await txRepo.state(item.item_id, true);
  const version = (state?.seq ?? 0) + 1;
  const w = await storeData(trx, item, data, {
    version,
    now: nowIso,
    created,
    balances: true,
    fresh: !state,
  });

  if (!state) {
    const today = nowIso.slice(0, 10);
    let first = today;
    for (const t of data.transactions) if (t.date < first) first = t.date;
    // Everything a source hands over is complete at once: both pulls are done when it lands.
    await txRepo.insertState({
      item_id: item.item_id,
      seq: version,
      initial_ready_at: nowIso,
      historical_ready_at: nowIso,
      initial_seq: version,
      historical_loaded: 1,
      history_start: first,
      sim_date: today,
      clock_offset_days: 0,
      opening_balances: '{}',
      created_at: nowIso,
      updated_at: nowIso,
    });
  } else if (w.changed) await txRepo.updateState(item.item_id, { seq: version, updated_at: nowIso });
  await notifyWrittenTransactions(trx, item, nowIso, w.added.length, !state, w.removed, w.modified);

  return {
    accounts: w.accounts,
    newAccounts: w.newAccounts,
    added: w.added.length,
    skipped: w.skipped,
  };
}

/** How one write goes: at which version, and whether balances follow it. */
export interface StoreOptions {
  version: number;
  now: string;
  /**
   * The Item's accounts in the order of `data.accounts`: one not keyed yet is keyed as its
   * counterpart here (an Item just created, or a sandbox Item read for the first time).
   */
  created?: readonly AccountsTable[];
  /** False for data balances already count (a first pull): only the transactions are stored. */
  balances: boolean;
  /** True when the Item holds no transactions yet (nothing to diff against). */
  fresh: boolean;
}

/** What a write changed in the store. */
export interface StoreChanges {
  accounts: number;
  newAccounts: number;
  /** Rows added (new transactions, and posted rows that replace pending ones). */
  added: TransactionsTable[];
  /** Pending rows whose amount changed. */
  modified: number;
  /** Rows removed: pending rows that posted or that the source released. */
  removed: string[];
  /** Transactions the store already held as they are. */
  skipped: number;
  changed: boolean;
}

/**
 * Writes a connector's read into the store at one version, in the caller's transaction, diffing
 * its transactions against what the Item holds: new ones are added, a pending one whose amount
 * moved is modified, a posted one replaces its pending row, released pendings are removed.
 * Webhooks and the Item's transactions state are the caller's.
 */
export async function storeData(
  trx: Db,
  item: ItemsTable,
  data: SourceData,
  opts: StoreOptions,
): Promise<StoreChanges> {
  const { version, now } = opts;
  const txRepo = new TransactionsRepository(trx);
  const { byKey, newKeys } = await keyAccounts(trx, item.item_id, data.accounts, now, opts.created);

  const plan = await planTransactions(trx, item.item_id, data, byKey, version, now, opts.fresh);
  for (const m of plan.modified) await txRepo.setAmount(item.item_id, m.id, m.amount, version, now);
  await txRepo.insertMany(plan.rows);
  await txRepo.remove(item.item_id, plan.removed, version, now);

  const numbers = new AccountNumbersRepository(trx);
  const pendingOut =
    opts.balances && [...byKey.values()].some((a) => a.source.carry === 'bank')
      ? await txRepo.pendingOutflows(item.item_id)
      : new Map<string, number>();
  for (const { row, key, source } of byKey.values()) {
    if (opts.balances) await applyBalance(trx, item.item_id, row, key, source, plan.added, pendingOut, now);
    if (source.numbers)
      await numbers.upsert({
        account_id: row.account_id,
        item_id: item.item_id,
        origin: 'stated',
        account: source.numbers.account,
        routing: source.numbers.routing,
        wire_routing: source.numbers.wireRouting,
        branch: source.numbers.branch,
        eft_institution: null,
        eft_branch: null,
        bacs_sort_code: null,
        iban: source.numbers.iban,
        bic: source.numbers.bic,
        updated_at: now,
      });
  }
  return {
    accounts: byKey.size,
    newAccounts: newKeys,
    added: plan.rows,
    modified: plan.modified.length,
    removed: plan.removed,
    skipped: plan.skipped,
    changed: plan.rows.length + plan.modified.length + plan.removed.length > 0,
  };
}

/** An account of the write: its stored row and key, and what the source says of it. */
export interface KeyedAccount {
  row: AccountsTable;
  key: AccountKeysTable;
  source: SourceAccount;
}

/**
 * The Item's accounts by source key: known keys, then `created` accounts (keyed now), then new
 * accounts appended after the last position.
 */
export async function keyAccounts(
  trx: Db,
  itemId: string,
  sources: readonly SourceAccount[],
  now: string,
  created?: readonly AccountsTable[],
): Promise<{ byKey: Map<string, KeyedAccount>; newKeys: number }> {
  const accountsRepo = new AccountsRepository(trx);
  const keysRepo = new AccountKeysRepository(trx);
  const keyed = await keysRepo.forItem(itemId);
  const stored = new Map((await accountsRepo.listAll(itemId)).map((a) => [a.account_id, a]));
  let nextPosition = Math.max(-1, ...[...stored.values()].map((a) => a.position)) + 1;
  const byKey = new Map<string, KeyedAccount>();
  const newAccounts: AccountsTable[] = [];
  const newKeys: AccountKeysTable[] = [];
  sources.forEach((source, i) => {
    const known = keyed.get(source.key);
    const row = known ? stored.get(known.account_id) : created?.[i];
    if (known && row) {
      byKey.set(source.key, { row, key: known, source });
      return;
    }
    const account = row ?? newAccountRow(itemId, source, nextPosition++, now);
    if (!row) newAccounts.push(account);
    const key = {
      account_id: account.account_id,
      item_id: itemId,
      account_key: source.key,
      balance_date: null,
      created_at: now,
    };
    newKeys.push(key);
    byKey.set(source.key, { row: account, key, source });
  });
  await accountsRepo.insertMany(newAccounts);
  await keysRepo.insertMany(newKeys);
  return { byKey, newKeys: newKeys.length };
}

/** What a write will do to the Item's transactions. */
interface TransactionsPlan {
  rows: TransactionsTable[];
  /** The source transactions of `rows`, in the same order. */
  added: SourceTransaction[];
  modified: { id: string; amount: number }[];
  removed: string[];
  skipped: number;
}

/** The id of a source transaction's pending or posted row: stable across reads. */
export function storedId(itemId: string, t: SourceTransactionRef, status: 'pending' | 'posted'): string {
  return transactionId(itemId, t.loginKey ?? JSON.stringify([t.accountKey, t.id]), status);
}

/**
 * The rows a write adds, the pending rows whose amount moved, and the pending rows that posted
 * transactions replace or the source released.
 */
export async function planTransactions(
  trx: Db,
  itemId: string,
  data: SourceData,
  byKey: ReadonlyMap<string, { row: AccountsTable }>,
  version: number,
  now: string,
  fresh: boolean,
): Promise<TransactionsPlan> {
  const txRepo = new TransactionsRepository(trx);
  const candidates = data.transactions.filter((t) => byKey.has(t.accountKey));
  // A transaction keeps its source id from pending to posted; as at Plaid, its pending and posted
  // rows have ids of their own, and the posted row names the pending one it replaces.
  const postedIds = candidates.map((t) => storedId(itemId, t, 'posted'));
  const livePending = fresh
    ? new Map<string, TransactionsTable>()
    : new Map((await txRepo.pending(itemId)).map((r) => [r.transaction_id, r]));
  // Pending ids are hashed only where one can matter: pending entries, posted ones that name
  // their pending row, and any while the Item holds pending rows (most statements have none).
  const pendingIds = candidates.map((t) =>
    t.pending || t.hadPending || livePending.size > 0 ? storedId(itemId, t, 'pending') : '',
  );
  const postedHere = new Set(candidates.flatMap((t, i) => (t.pending ? [] : [postedIds[i]!])));
  const existing = fresh
    ? new Set<string>()
    : await txRepo.existingIds(itemId, [
        ...postedIds,
        ...pendingIds.filter((_, i) => candidates[i]!.pending),
      ]);
  const plan: TransactionsPlan = { rows: [], added: [], modified: [], removed: [], skipped: 0 };
  candidates.forEach((t, i) => {
    const posted = postedIds[i]!;
    const pending = pendingIds[i]!;
    // Pending here but posted already (stored, or later in the same data): nothing new.
    if (t.pending && (existing.has(posted) || postedHere.has(posted))) return;
    const id = t.pending ? pending : posted;
    if (existing.has(id)) {
      const live = t.pending ? livePending.get(id) : undefined;
      if (live && live.amount !== t.amount) plan.modified.push({ id, amount: t.amount });
      return;
    }
    existing.add(id);
    const row = rowOf(itemId, byKey.get(t.accountKey)!.row, t, id, version, now);
    if (!t.pending && livePending.has(pending)) {
      row.pending_transaction_id = pending;
      plan.removed.push(pending);
    } else if (!t.pending && t.hadPending) row.pending_transaction_id = pending;
    plan.added.push(t);
    plan.rows.push(row);
  });
  for (const ref of data.released ?? []) {
    const id = byKey.has(ref.accountKey) ? storedId(itemId, ref, 'pending') : '';
    if (livePending.has(id) && !plan.removed.includes(id)) plan.removed.push(id);
  }
  plan.skipped = candidates.length - plan.rows.length - plan.modified.length;
  return plan;
}

/**
 * A stated balance wins unless the account already holds a later one; otherwise the balance moves
 * by the posted transactions just added (only those after the last stated balance, which already
 * counts the earlier ones), and the available balance as the source's `carry` says.
 */
async function applyBalance(
  trx: Db,
  itemId: string,
  account: AccountsTable,
  key: AccountKeysTable,
  source: SourceAccount,
  added: readonly SourceTransaction[],
  pendingOut: ReadonlyMap<string, number>,
  now: string,
): Promise<void> {
  const asOf = source.balanceDate ?? '';
  let current: number;
  let available: number | null;
  if (
    source.balanceStated &&
    source.current !== null &&
    (key.balance_date === null || asOf >= key.balance_date)
  ) {
    current = source.current;
    available = source.available ?? (account.type === 'depository' ? current : null);
    await new AccountKeysRepository(trx).setBalanceDate(itemId, account.account_id, asOf);
  } else {
    // An older statement's own balances are stale; only the money it adds moves the newer ones.
    const delta = added
      .filter(
        (t) =>
          t.accountKey === source.key &&
          !t.pending &&
          (key.balance_date === null || t.date > key.balance_date),
      )
      .reduce((sum, t) => sum + t.amount, 0);
    // A bank's balance moves only with what posts: none known and nothing posted, none to move.
    if (source.carry === 'bank' && account.balance_current === null && delta === 0) return;
    current = (account.balance_current ?? 0) + balanceSign(account.type) * delta;
    if (source.carry === 'bank')
      available =
        account.type === 'depository' && account.balance_available !== null
          ? current - (pendingOut.get(account.account_id) ?? 0)
          : account.balance_available;
    // Money out lowers what can be spent, on a card as on a checking account.
    else
      available =
        account.balance_available === null
          ? account.type === 'depository'
            ? current
            : null
          : account.balance_available - delta;
  }
  if (current === account.balance_current && available === account.balance_available) return;
  await new AccountsRepository(trx).setBalances(itemId, account.account_id, { current, available }, now);
}

function rowOf(
  itemId: string,
  account: AccountsTable,
  t: SourceTransaction,
  id: string,
  version: number,
  now: string,
): TransactionsTable {
  const row = buildRow({
    itemId,
    accountId: account.account_id,
    accountType: account.type,
    currency: t.currency,
    transactionId: id,
    eventKey: t.loginKey ?? null,
    description: t.description,
    amount: t.amount,
    pending: t.pending,
    pendingTransactionId: null,
    date: t.date,
    authorizedDate: t.authorizedDate,
    minute: null,
    location: t.location ?? null,
    mcc: t.merchantCategoryCode ?? null,
    series: t.series ?? null,
    version,
    addedVersion: version,
    now,
  });
  if (t.datetime && !t.pending) row.datetime = t.datetime;
  if (t.authorizedDatetime) row.authorized_datetime = t.authorizedDatetime;
  if (t.checkNumber) row.check_number = t.checkNumber;
  return row;
}
