import type { Kysely } from 'kysely';
import type { Connector, ReadContext, SourceRefresh, StoredAccount } from '../../connectors/connector';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsStateTable } from '../../db/tables/transactions';
import { balanceSign } from '../../lib/balance-sign';
import { dateOf, dayNumber } from '../../lib/days';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { backfillData } from '../items/item-data.backfill';
import { storeData } from '../items/item-data.writer';
import { linkedSourceOf } from '../items/item-login';
import { TransactionsRepository } from './transactions.repository';

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

function webhookPayload(item: ItemsTable, extra: Record<string, unknown>): Record<string, unknown> {
  return { item_id: item.item_id, ...extra, environment: item.env };
}

/** Reads the Item's source for the store: its accounts as stored, at a day, from `since`. */
function readSource(
  connector: Connector,
  item: ItemsTable,
  accounts: readonly AccountsTable[],
  since: string,
  at: Omit<ReadContext, 'accounts'>,
): Promise<SourceRefresh> {
  const stored: StoredAccount[] = accounts.map((a) => ({
    id: a.account_id,
    position: a.position,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    currency: a.iso_currency_code,
    current: a.balance_current,
  }));
  return connector.refresh(linkedSourceOf(item), since, { ...at, accounts: stored });
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

/**
 * Webhooks for transactions a connector wrote itself, outside a pull (statement files): a new
 * Item's initial and historical updates at once; later writes SYNC_UPDATES_AVAILABLE and, for
 * apps on /transactions/get, DEFAULT_UPDATE and TRANSACTIONS_REMOVED (pendings that posted). In
 * the caller's transaction.
 */
export async function notifyWrittenTransactions(
  trx: Db,
  item: ItemsTable,
  at: string,
  added: number,
  firstWrite: boolean,
  removed: readonly string[] = [],
  modified = 0,
): Promise<void> {
  if (firstWrite) {
    await send(trx, item, 'INITIAL_UPDATE', at, { error: null, new_transactions: added });
    await send(trx, item, 'HISTORICAL_UPDATE', at, { error: null, new_transactions: added });
  } else if (added === 0 && removed.length === 0 && modified === 0) return;
  await notifySyncUpdates(trx, item, at);
  if (!firstWrite && added > 0)
    await send(trx, item, 'DEFAULT_UPDATE', at, { error: null, new_transactions: added });
  if (removed.length > 0)
    await send(trx, item, 'TRANSACTIONS_REMOVED', at, { error: null, removed_transactions: removed });
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
 * Starts the Item's transactions pull, in the caller's transaction: reads the last 30 days from
 * the Item's connector into the store (the initial update, ready after PULL_DELAYS_MS.initial)
 * and schedules the rest of the history (the historical update; `loadHistory` stores it once it
 * is due). A source that gave all it has completes both at once. The updates' webhooks go to the
 * outbox, due when each completes. Starts it once: with the Item's row locked, a pull another
 * request started first is left alone (returns false).
 */
export async function initializeTransactions(
  trx: Db,
  connector: Connector,
  item: ItemsTable,
  accounts: AccountsTable[],
  now: Date,
  daysRequested = DEFAULT_DAYS_REQUESTED,
): Promise<boolean> {
  const repo = new TransactionsRepository(trx);
  await repo.lockItem(item.item_id);
  if (await repo.state(item.item_id)) return false;
  const today = now.toISOString().slice(0, 10);
  const todayNum = dayNumber(today);
  const nowIso = now.toISOString();
  const initialAt = new Date(now.getTime() + PULL_DELAYS_MS.initial).toISOString();
  const historicalAt = new Date(now.getTime() + PULL_DELAYS_MS.historical).toISOString();
  const since = dateOf(todayNum - Math.min(INITIAL_WINDOW_DAYS, daysRequested));
  const read = await readSource(connector, item, accounts, since, { day: today, previous: null });
  const complete = read.complete === true;
  // The Item's balances came with its login: they count these transactions already.
  const written = await storeData(trx, item, read, {
    version: 1,
    now: nowIso,
    created: accounts,
    balances: false,
    fresh: true,
  });
  // Version 2 is kept for the history, out of sight until it is all stored.
  await repo.insertState({
    item_id: item.item_id,
    seq: 2,
    initial_ready_at: initialAt,
    historical_ready_at: historicalAt,
    initial_seq: 1,
    historical_loaded: complete ? 1 : 0,
    history_start: dateOf(todayNum - daysRequested),
    sim_date: today,
    clock_offset_days: 0,
    opening_balances: '{}',
    created_at: nowIso,
    updated_at: nowIso,
  });
  const recent = written.added.length;
  await send(trx, item, 'INITIAL_UPDATE', initialAt, { error: null, new_transactions: recent });
  await send(trx, item, 'SYNC_UPDATES_AVAILABLE', initialAt, {
    initial_update_complete: true,
    historical_update_complete: false,
  });
  if (complete) {
    await storeOpening(trx, item, accounts);
    await send(trx, item, 'HISTORICAL_UPDATE', historicalAt, { error: null, new_transactions: recent });
    await send(trx, item, 'SYNC_UPDATES_AVAILABLE', historicalAt, {
      initial_update_complete: true,
      historical_update_complete: true,
    });
  }
  return true;
}

/**
 * Completes the historical pull: reads the Item's history from its connector and stores what the
 * initial update did not (at version 2, which the pull reserved) in bounded chunks, then, in one
 * transaction, marks it loaded, records opening balances and writes HISTORICAL_UPDATE and
 * SYNC_UPDATES_AVAILABLE. Until then the history is out of sight (see the sync's visibility).
 * Safe to run twice at once or again after an interruption: only the caller that flips
 * `historical_loaded` completes it. Returns whether it did.
 */
export async function loadHistory(
  db: Kysely<Database>,
  connector: Connector,
  item: ItemsTable,
  now: Date,
): Promise<boolean> {
  const repo = new TransactionsRepository(db);
  const state = await repo.state(item.item_id);
  if (!state || state.historical_loaded) return false;
  const accounts = await new AccountsRepository(db).listAll(item.item_id);
  const version = state.initial_seq + 1;
  const nowIso = now.toISOString();
  const read = await readSource(connector, item, accounts, state.history_start, {
    day: state.sim_date,
    previous: null,
  });
  await backfillData(db, item, read, { version, now: nowIso, created: accounts });
  return db.transaction().execute(async (trx) => {
    const claimed = await trx
      .updateTable('transactions_state')
      .set({ historical_loaded: 1, updated_at: nowIso })
      .where('item_id', '=', item.item_id)
      .where('historical_loaded', '=', 0)
      .executeTakeFirst();
    if (Number(claimed.numUpdatedRows) !== 1) return false;
    // Counted from the store: a load resumed after an interruption reports its whole history.
    const stored = await trx
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('item_id', '=', item.item_id)
      .where('added_version', '=', version)
      .executeTakeFirstOrThrow();
    await storeOpening(trx, item, await new AccountsRepository(trx).listAll(item.item_id));
    await send(trx, item, 'HISTORICAL_UPDATE', nowIso, { error: null, new_transactions: Number(stored.n) });
    await send(trx, item, 'SYNC_UPDATES_AVAILABLE', nowIso, {
      initial_update_complete: true,
      historical_update_complete: true,
    });
    return true;
  });
}

/** What one catch-up changed. */
export interface CatchUpResult {
  added: number;
  modified: number;
  removed: number;
  simDate: string;
  /** Days the Item's clock stands ahead of today. */
  offsetDays: number;
}

/**
 * Moves an Item's data to `target` (a simulated date; an on-demand refresh may take the source a
 * day further): reads its connector from where the store stands and writes the read through the
 * store writer, which diffs it (new transactions, pendings that post, change amount or are
 * released) and moves balances with it; SYNC_UPDATES_AVAILABLE and the legacy webhooks go to the
 * outbox. Everything at one new version, in the caller's transaction. The history must be loaded.
 */
export async function catchUp(
  trx: Db,
  connector: Connector,
  item: ItemsTable,
  state: TransactionsStateTable,
  target: string,
  now: Date,
  onDemand: boolean,
): Promise<CatchUpResult> {
  const repo = new TransactionsRepository(trx);
  const nowIso = now.toISOString();
  const today = dayNumber(nowIso.slice(0, 10));
  const result: CatchUpResult = {
    added: 0,
    modified: 0,
    removed: 0,
    simDate: state.sim_date,
    offsetDays: dayNumber(target) - today,
  };
  // Every catch-up is a successful update, whether or not it finds anything new (as Plaid counts).
  const patch: Partial<TransactionsStateTable> = {
    clock_offset_days: result.offsetDays,
    updated_at: nowIso,
    last_successful_update: nowIso,
  };
  if (state.initial_ready_at > nowIso) patch.initial_ready_at = nowIso;
  if (state.historical_ready_at > nowIso) patch.historical_ready_at = nowIso;
  const accounts = await new AccountsRepository(trx).listAll(item.item_id);
  const read =
    target > state.sim_date || onDemand
      ? await readSource(connector, item, accounts, state.sim_date, {
          day: target,
          previous: state.sim_date,
          onDemand,
        })
      : null;
  // Only data that moves day by day changes here; other sources' Items change when they write.
  if (!read?.day || read.day <= state.sim_date) {
    await repo.updateState(item.item_id, patch);
    return result;
  }

  const version = state.seq + 1;
  const written = await storeData(trx, item, read, {
    version,
    now: nowIso,
    created: accounts,
    balances: true,
    fresh: false,
  });
  result.added = written.added.length;
  result.modified = written.modified;
  result.removed = written.removed.length;
  result.simDate = read.day;
  result.offsetDays = dayNumber(read.day) - today;

  await repo.updateState(item.item_id, {
    ...patch,
    clock_offset_days: result.offsetDays,
    sim_date: read.day,
    ...(written.changed ? { seq: version } : {}),
  });
  if (written.changed) {
    await send(trx, item, 'SYNC_UPDATES_AVAILABLE', nowIso, {
      initial_update_complete: true,
      historical_update_complete: true,
    });
    if (result.added > 0)
      await send(trx, item, 'DEFAULT_UPDATE', nowIso, { error: null, new_transactions: result.added });
    if (written.removed.length > 0)
      await send(trx, item, 'TRANSACTIONS_REMOVED', nowIso, {
        error: null,
        removed_transactions: written.removed,
      });
  }
  return result;
}
