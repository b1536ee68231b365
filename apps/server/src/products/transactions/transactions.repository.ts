import { type CompiledQuery, type Insertable, SqliteAdapter, sql } from 'kysely';
import type { Db } from '../../db/schema';
import type { TransactionsStateTable, TransactionsTable } from '../../db/tables/transactions';

/** Rows per INSERT: 33 columns × 400 stays under SQLite's and PostgreSQL's parameter limits. */
const CHUNK = 400;

/** Every column, in the order bulk inserts bind them. */
const COLUMNS = [
  'transaction_id',
  'item_id',
  'account_id',
  'event_key',
  'version',
  'added_version',
  'removed',
  'amount',
  'iso_currency_code',
  'date',
  'authorized_date',
  'datetime',
  'authorized_datetime',
  'name',
  'merchant_name',
  'merchant_entity_id',
  'website',
  'payment_channel',
  'pending',
  'pending_transaction_id',
  'pfc_primary',
  'pfc_detailed',
  'pfc_confidence',
  'counterparties',
  'location',
  'payment_meta',
  'merchant_category_code',
  'check_number',
  'series',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof TransactionsTable)[];

/**
 * Compiled multi-row INSERTs by dialect and row count. Building and compiling a 400-row query
 * costs more than running it, and Items are created with thousands of rows: compile once, bind many.
 */
const insertCache = new Map<string, CompiledQuery>();

/** A position in sync order: (version, transaction_id). */
export interface SyncPosition {
  version: number;
  id: string;
}

/** Transactions and transactions state of Items. Every method is scoped by the Item. */
export class TransactionsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts transactions in bulk. With `skipStored`, a row whose id is stored already is left as
   * it is (two loads of the same history may meet).
   */
  async insertMany(rows: readonly TransactionsTable[], skipStored = false): Promise<void> {
    const dialect = this.db.getExecutor().adapter.constructor.name;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const key = `${dialect}:${chunk.length}:${skipStored}`;
      let compiled = insertCache.get(key);
      if (!compiled) {
        const insert = this.db
          .insertInto('transactions')
          .values(
            chunk.map(
              (r) => Object.fromEntries(COLUMNS.map((c) => [c, r[c]])) as unknown as TransactionsTable,
            ),
          );
        compiled = (
          skipStored ? insert.onConflict((oc) => oc.column('transaction_id').doNothing()) : insert
        ).compile();
        insertCache.set(key, compiled);
      }
      const parameters: unknown[] = [];
      for (const r of chunk) for (const c of COLUMNS) parameters.push(r[c]);
      await this.db.executeQuery({ ...compiled, parameters });
    }
  }

  /**
   * The Item's transactions state, if transactions were ever initialized for it. With `lock`, the
   * row stays locked until the transaction ends, so two writers cannot apply the same change twice.
   * Dialect branch: SQLite has no row locks (its write transactions are serialized anyway).
   */
  state(itemId: string, lock = false): Promise<TransactionsStateTable | undefined> {
    const q = this.db.selectFrom('transactions_state').selectAll().where('item_id', '=', itemId);
    const sqlite = this.db.getExecutor().adapter instanceof SqliteAdapter;
    return (lock && !sqlite ? q.forUpdate() : q).executeTakeFirst();
  }

  /**
   * Locks the Item's row until the transaction ends, so two requests that find no transactions
   * state cannot both start the pull (PostgreSQL reads committed rows only; the second waits here,
   * then sees the first's state). Dialect branch: SQLite serializes write transactions already.
   */
  async lockItem(itemId: string): Promise<void> {
    if (this.db.getExecutor().adapter instanceof SqliteAdapter) return;
    await this.db.selectFrom('items').select('item_id').where('item_id', '=', itemId).forUpdate().execute();
  }

  /** Creates the Item's transactions state (the update times start null unless given). */
  async insertState(row: Insertable<TransactionsStateTable>): Promise<void> {
    await this.db.insertInto('transactions_state').values(row).execute();
  }

  /** Updates the Item's transactions state. */
  async updateState(
    itemId: string,
    patch: Partial<Omit<TransactionsStateTable, 'item_id' | 'created_at'>>,
  ): Promise<void> {
    await this.db.updateTable('transactions_state').set(patch).where('item_id', '=', itemId).execute();
  }

  /**
   * One page of changes in (from, to], after `after` in (version, id) order; `limit` rows at most.
   * Tombstones are included: sync reports them as removed.
   */
  changes(
    itemId: string,
    from: number,
    to: number,
    after: SyncPosition | null,
    limit: number,
    accountId?: string,
  ): Promise<TransactionsTable[]> {
    let q = this.db
      .selectFrom('transactions')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('version', '>', from)
      .where('version', '<=', to);
    if (after)
      q = q.where((eb) =>
        eb.or([
          eb('version', '>', after.version),
          eb.and([eb('version', '=', after.version), eb('transaction_id', '>', after.id)]),
        ]),
      );
    if (accountId) q = q.where('account_id', '=', accountId);
    return q.orderBy('version').orderBy('transaction_id').limit(limit).execute();
  }

  /** Live transactions between two dates (inclusive), newest first, with the total count. */
  async between(
    itemId: string,
    opts: {
      start: string;
      end: string;
      accountIds?: readonly string[];
      maxVersion: number;
      offset: number;
      count: number;
    },
  ): Promise<{ rows: TransactionsTable[]; total: number }> {
    let q = this.db
      .selectFrom('transactions')
      .where('item_id', '=', itemId)
      .where('removed', '=', 0)
      .where('version', '<=', opts.maxVersion)
      .where('date', '>=', opts.start)
      .where('date', '<=', opts.end);
    if (opts.accountIds) q = q.where('account_id', 'in', [...opts.accountIds]);
    const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await q
      .selectAll()
      .orderBy('date', 'desc')
      .orderBy('transaction_id')
      .offset(opts.offset)
      .limit(opts.count)
      .execute();
    return { rows, total: Number(total.n) };
  }

  /** Live transactions of an Item (optionally of some accounts), oldest first. */
  live(itemId: string, accountIds?: readonly string[]): Promise<TransactionsTable[]> {
    let q = this.db
      .selectFrom('transactions')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('removed', '=', 0);
    if (accountIds) q = q.where('account_id', 'in', [...accountIds]);
    return q.orderBy('date').orderBy('transaction_id').execute();
  }

  /** Which of these transaction ids the Item already holds (live or removed). */
  async existingIds(itemId: string, ids: readonly string[]): Promise<Set<string>> {
    const found = new Set<string>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = await this.db
        .selectFrom('transactions')
        .select('transaction_id')
        .where('item_id', '=', itemId)
        .where('transaction_id', 'in', ids.slice(i, i + CHUNK))
        .execute();
      for (const r of rows) found.add(r.transaction_id);
    }
    return found;
  }

  /** Live pending transactions of an Item. */
  pending(itemId: string): Promise<TransactionsTable[]> {
    return this.db
      .selectFrom('transactions')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('removed', '=', 0)
      .where('pending', '=', 1)
      .execute();
  }

  /** Marks transactions removed at a version. */
  async remove(itemId: string, ids: readonly string[], version: number, now: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db
      .updateTable('transactions')
      .set({ removed: 1, version, updated_at: now })
      .where('item_id', '=', itemId)
      .where('transaction_id', 'in', [...ids])
      .execute();
  }

  /** Changes a live transaction's amount at a version (a modification sync reports). */
  async setAmount(itemId: string, id: string, amount: number, version: number, now: string): Promise<void> {
    await this.db
      .updateTable('transactions')
      .set({ amount, version, updated_at: now })
      .where('item_id', '=', itemId)
      .where('transaction_id', '=', id)
      .execute();
  }

  /** Σ posted amounts per account (live rows), for balance bookkeeping and its tests. */
  async postedSums(itemId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('transactions')
      .select(['account_id', sql<number>`sum(amount)`.as('total')])
      .where('item_id', '=', itemId)
      .where('removed', '=', 0)
      .where('pending', '=', 0)
      .groupBy('account_id')
      .execute();
    return new Map(rows.map((r) => [r.account_id, Number(r.total)]));
  }

  /** Σ pending outflows per account (live rows), for available balances. */
  async pendingOutflows(itemId: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('transactions')
      .select(['account_id', sql<number>`sum(amount)`.as('total')])
      .where('item_id', '=', itemId)
      .where('removed', '=', 0)
      .where('pending', '=', 1)
      .where('amount', '>', 0)
      .groupBy('account_id')
      .execute();
    return new Map(rows.map((r) => [r.account_id, Number(r.total)]));
  }
}
