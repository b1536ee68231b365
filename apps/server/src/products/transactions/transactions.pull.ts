import type { Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsStateTable, TransactionsTable } from '../../db/tables/transactions';
import {
  balanceSign,
  type GenAccount,
  type GenEvent,
  MAX_LAG_DAYS,
  stateAt,
  TransactionsGenerator,
} from '../../engines/transactions-generator/generator';
import { dateOf, dayNumber } from '../../engines/transactions-generator/rng';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { customRows, customTransactions } from './transactions.custom';
import { TransactionsRepository } from './transactions.repository';
import { rowOfEvent, transactionId } from './transactions.rows';

/** How long after an Item starts pulling transactions its first 30 days, and then its history, are ready. */
export const PULL_DELAYS_MS = { initial: 1_000, historical: 3_000 };
/** Days of history kept (Plaid's maximum `days_requested`). */
export const DEFAULT_DAYS_REQUESTED = 730;
/** Transactions dated within this many days of the pull are in the initial update. */
const INITIAL_WINDOW_DAYS = 30;

/** Account types that carry transactions (investment accounts have their own product). */
export function carriesTransactions(a: AccountsTable): boolean {
  return a.type === 'depository' || a.type === 'credit' || a.type === 'loan';
}

function genAccounts(accounts: readonly AccountsTable[]): GenAccount[] {
  return accounts.filter(carriesTransactions).map((a) => ({
    id: a.account_id,
    type: a.type,
    subtype: a.subtype,
    current: a.balance_current ?? 0,
    mask: a.mask,
  }));
}

/** The login seed that makes an Item's data deterministic. */
export function seedOf(item: ItemsTable): string {
  try {
    const login = JSON.parse(item.login) as {
      seed?: string;
      username?: string;
      extra?: { custom?: unknown };
    };
    return login.seed ?? item.item_id;
  } catch {
    return item.item_id;
  }
}

function webhookPayload(item: ItemsTable, extra: Record<string, unknown>): Record<string, unknown> {
  return { item_id: item.item_id, ...extra, environment: item.env };
}

/** Builds the rows of generated events as they stand on `day`, at one version. */
function rowsAt(
  item: ItemsTable,
  byId: Map<string, AccountsTable>,
  events: readonly GenEvent[],
  day: number,
  version: number,
  nowIso: string,
): TransactionsTable[] {
  const rows: TransactionsTable[] = [];
  for (const ev of events) {
    const account = byId.get(ev.accountId);
    const s = stateAt(ev, day);
    if (!account || (s.status !== 'pending' && s.status !== 'posted')) continue;
    rows.push(
      rowOfEvent(ev, s.status, s.amount, {
        itemId: item.item_id,
        accountType: account.type,
        currency: account.iso_currency_code,
        version,
        now: nowIso,
        pendingTransactionId: ev.lag > 0 ? transactionId(item.item_id, ev.key, 'pending') : null,
      }),
    );
  }
  return rows;
}

function send(
  trx: Db,
  item: ItemsTable,
  code: string,
  at: string,
  extra: Record<string, unknown>,
): Promise<number> {
  return new OutboxRepository(trx).enqueue(
    {
      clientId: item.client_id,
      itemId: item.item_id,
      webhookType: 'TRANSACTIONS',
      webhookCode: code,
      payload: webhookPayload(item, extra),
    },
    at,
    Boolean(item.webhook),
  );
}

/**
 * SYNC_UPDATES_AVAILABLE for an Item whose pulls are complete, after a change made outside a pull
 * (a sandbox transaction, a payment). Written in the caller's transaction, like every event.
 */
export function notifySyncUpdates(trx: Db, item: ItemsTable, at: string): Promise<number> {
  return send(trx, item, 'SYNC_UPDATES_AVAILABLE', at, {
    initial_update_complete: true,
    historical_update_complete: true,
  });
}

/** Σ posted amounts per account → opening balances that end at today's current balances. */
async function storeOpening(trx: Db, item: ItemsTable, accounts: readonly AccountsTable[]): Promise<void> {
  const repo = new TransactionsRepository(trx);
  const sums = await repo.postedSums(item.item_id);
  const opening = Object.fromEntries(
    accounts
      .filter(carriesTransactions)
      .map((a) => [
        a.account_id,
        (a.balance_current ?? 0) - balanceSign(a.type) * (sums.get(a.account_id) ?? 0),
      ]),
  );
  await repo.updateState(item.item_id, { opening_balances: JSON.stringify(opening) });
}

/**
 * Starts the Item's transactions pull, in the caller's transaction: stores the last 30 days
 * (the initial update, ready after PULL_DELAYS_MS.initial) and schedules the rest of the history
 * (the historical update; its rows are stored by `loadHistory` once it is due). The initial
 * update's webhooks go to the outbox, due when the update completes.
 */
export async function initializeTransactions(
  trx: Db,
  item: ItemsTable,
  accounts: AccountsTable[],
  now: Date,
  daysRequested = DEFAULT_DAYS_REQUESTED,
): Promise<void> {
  const repo = new TransactionsRepository(trx);
  const today = now.toISOString().slice(0, 10);
  const todayNum = dayNumber(today);
  const nowIso = now.toISOString();
  const initialAt = new Date(now.getTime() + PULL_DELAYS_MS.initial).toISOString();
  const historicalAt = new Date(now.getTime() + PULL_DELAYS_MS.historical).toISOString();
  const custom = customTransactions(item);
  let rows: TransactionsTable[];
  if (custom) rows = customRows(item, accounts, custom, today, nowIso);
  else {
    const gen = new TransactionsGenerator(seedOf(item), genAccounts(accounts));
    const events = gen.eventsBetween(dateOf(todayNum - Math.min(INITIAL_WINDOW_DAYS, daysRequested)), today);
    rows = rowsAt(item, new Map(accounts.map((a) => [a.account_id, a])), events, todayNum, 1, nowIso);
  }
  await repo.insertMany(rows);
  await repo.insertState({
    item_id: item.item_id,
    seq: 2,
    initial_ready_at: initialAt,
    historical_ready_at: historicalAt,
    initial_seq: 1,
    historical_loaded: custom ? 1 : 0,
    history_start: dateOf(todayNum - daysRequested),
    sim_date: today,
    clock_offset_days: 0,
    opening_balances: '{}',
    created_at: nowIso,
    updated_at: nowIso,
  });
  const recent = rows.filter((r) => r.version === 1).length;
  await send(trx, item, 'INITIAL_UPDATE', initialAt, { error: null, new_transactions: recent });
  await send(trx, item, 'SYNC_UPDATES_AVAILABLE', initialAt, {
    initial_update_complete: true,
    historical_update_complete: false,
  });
  if (custom) {
    await storeOpening(trx, item, accounts);
    await send(trx, item, 'HISTORICAL_UPDATE', historicalAt, { error: null, new_transactions: rows.length });
    await send(trx, item, 'SYNC_UPDATES_AVAILABLE', historicalAt, {
      initial_update_complete: true,
      historical_update_complete: true,
    });
  }
}

/**
 * Completes the historical pull: stores every transaction authorized before the initial window
 * (at version 2, which the pull reserved), records opening balances and writes
 * HISTORICAL_UPDATE and SYNC_UPDATES_AVAILABLE. Idempotent across processes: only the caller
 * that flips `historical_loaded` does the work. Returns whether it did.
 */
export async function loadHistory(trx: Db, item: ItemsTable, now: Date): Promise<boolean> {
  const claimed = await trx
    .updateTable('transactions_state')
    .set({ historical_loaded: 1, updated_at: now.toISOString() })
    .where('item_id', '=', item.item_id)
    .where('historical_loaded', '=', 0)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) !== 1) return false;
  const repo = new TransactionsRepository(trx);
  const state = (await repo.state(item.item_id))!;
  const accounts = await new AccountsRepository(trx).listAll(item.item_id);
  const created = dayNumber(state.created_at.slice(0, 10));
  const gen = new TransactionsGenerator(seedOf(item), genAccounts(accounts));
  const events = gen.eventsBetween(state.history_start, dateOf(created - INITIAL_WINDOW_DAYS - 1));
  const nowIso = now.toISOString();
  const byId = new Map(accounts.map((a) => [a.account_id, a]));
  const rows = rowsAt(item, byId, events, dayNumber(state.sim_date), state.initial_seq + 1, nowIso);
  await repo.insertMany(rows);
  await storeOpening(trx, item, accounts);
  await send(trx, item, 'HISTORICAL_UPDATE', nowIso, { error: null, new_transactions: rows.length });
  await send(trx, item, 'SYNC_UPDATES_AVAILABLE', nowIso, {
    initial_update_complete: true,
    historical_update_complete: true,
  });
  return true;
}

/** What one catch-up changed. */
export interface CatchUpResult {
  added: number;
  modified: number;
  removed: number;
  simDate: string;
}

/**
 * Moves an Item's data to `target` (a simulated date): new transactions appear, pendings post
 * (the posted row carries pending_transaction_id), are released, or change amount; balances
 * follow the posted amounts; SYNC_UPDATES_AVAILABLE and the legacy webhooks go to the outbox.
 * Everything at one new version, in the caller's transaction.
 */
export async function catchUp(
  trx: Db,
  item: ItemsTable,
  initial: TransactionsStateTable,
  target: string,
  now: Date,
  offsetDays: number,
): Promise<CatchUpResult> {
  let state = initial;
  const repo = new TransactionsRepository(trx);
  if (!state.historical_loaded) {
    // Moving time completes a pull still in progress: the history lands before anything new.
    await repo.updateState(item.item_id, {
      initial_ready_at: now.toISOString(),
      historical_ready_at: now.toISOString(),
    });
    await loadHistory(trx, item, now);
    state = (await repo.state(item.item_id))!;
  }
  const accountsRepo = new AccountsRepository(trx);
  const accounts = await accountsRepo.listAll(item.item_id);
  const byId = new Map(accounts.map((a) => [a.account_id, a]));
  const nowIso = now.toISOString();
  const result: CatchUpResult = { added: 0, modified: 0, removed: 0, simDate: state.sim_date };
  const patch: Partial<TransactionsStateTable> = { clock_offset_days: offsetDays, updated_at: nowIso };
  if (state.initial_ready_at > nowIso) patch.initial_ready_at = nowIso;
  if (state.historical_ready_at > nowIso) patch.historical_ready_at = nowIso;
  if (target <= state.sim_date || customTransactions(item)) {
    await repo.updateState(item.item_id, patch);
    return result;
  }

  const version = state.seq + 1;
  const fromDay = dayNumber(state.sim_date);
  const toDay = dayNumber(target);
  const gen = new TransactionsGenerator(seedOf(item), genAccounts(accounts));
  const events = gen.eventsBetween(dateOf(fromDay - MAX_LAG_DAYS - 1), target);
  const pendingByKey = new Map(
    (await repo.pending(item.item_id)).filter((r) => r.event_key).map((r) => [r.event_key!, r]),
  );
  const inserts: TransactionsTable[] = [];
  const removals: string[] = [];
  const postedDelta = new Map<string, number>();
  const rowCtx = (ev: GenEvent, pendingTransactionId: string | null) => {
    const account = byId.get(ev.accountId)!;
    return {
      itemId: item.item_id,
      accountType: account.type,
      currency: account.iso_currency_code,
      version,
      now: nowIso,
      pendingTransactionId,
    };
  };

  for (const ev of events) {
    if (!byId.has(ev.accountId)) continue;
    const after = stateAt(ev, toDay);
    if (ev.day <= fromDay) {
      const open = pendingByKey.get(ev.key);
      if (!open) continue;
      if (after.status === 'posted') {
        removals.push(open.transaction_id);
        inserts.push(rowOfEvent(ev, 'posted', after.amount, rowCtx(ev, open.transaction_id)));
        postedDelta.set(ev.accountId, (postedDelta.get(ev.accountId) ?? 0) + after.amount);
      } else if (after.status === 'gone') removals.push(open.transaction_id);
      else if (after.status === 'pending' && after.amount !== open.amount) {
        await repo.setAmount(item.item_id, open.transaction_id, after.amount, version, nowIso);
        result.modified++;
      }
    } else if (after.status === 'pending' || after.status === 'posted') {
      inserts.push(rowOfEvent(ev, after.status, after.amount, rowCtx(ev, null)));
      if (after.status === 'posted')
        postedDelta.set(ev.accountId, (postedDelta.get(ev.accountId) ?? 0) + after.amount);
    }
  }

  await repo.remove(item.item_id, removals, version, nowIso);
  await repo.insertMany(inserts);
  result.added = inserts.length;
  result.removed = removals.length;
  result.simDate = target;

  const pendingOut = await repo.pendingOutflows(item.item_id);
  for (const a of accounts) {
    const delta = postedDelta.get(a.account_id) ?? 0;
    if (!carriesTransactions(a) || (delta === 0 && a.balance_available === null)) continue;
    const current = (a.balance_current ?? 0) + balanceSign(a.type) * delta;
    const available =
      a.type === 'depository' && a.balance_available !== null
        ? current - (pendingOut.get(a.account_id) ?? 0)
        : a.balance_available;
    await accountsRepo.setBalances(item.item_id, a.account_id, { current, available }, nowIso);
  }

  const changed = result.added + result.modified + result.removed > 0;
  await repo.updateState(item.item_id, { ...patch, sim_date: target, ...(changed ? { seq: version } : {}) });
  if (changed) {
    await send(trx, item, 'SYNC_UPDATES_AVAILABLE', nowIso, {
      initial_update_complete: true,
      historical_update_complete: true,
    });
    if (result.added > 0)
      await send(trx, item, 'DEFAULT_UPDATE', nowIso, { error: null, new_transactions: result.added });
    if (removals.length > 0)
      await send(trx, item, 'TRANSACTIONS_REMOVED', nowIso, { error: null, removed_transactions: removals });
  }
  return result;
}
