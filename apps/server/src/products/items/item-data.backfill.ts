import type { Kysely } from 'kysely';
import type { SourceData } from '../../connectors/source-data';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { nextTurn } from '../../lib/next-turn';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { keyAccounts, planTransactions } from './item-data.writer';

/** Source transactions per chunk: a few tens of milliseconds of work between two turns of the loop. */
export const BACKFILL_CHUNK = 500;

/**
 * Writes a long history (24 months of an Item) into the store in chunks of BACKFILL_CHUNK, each in
 * its own short transaction, yielding to the event loop between them: a load never holds the
 * loop, nor SQLite's one connection, for long. Only transactions the Item lacks are inserted, at
 * `version`, which the caller keeps out of sight until the last chunk is in and then completes in
 * one transaction. Run again after an interruption, it inserts what is still missing; two loads
 * that meet leave each row once. Balances stay as they are: they count the history already.
 * Returns the rows this run inserted.
 */
export async function backfillData(
  db: Kysely<Database>,
  item: ItemsTable,
  data: SourceData,
  opts: { version: number; now: string; created?: readonly AccountsTable[] },
): Promise<number> {
  const { byKey } = await db
    .transaction()
    .execute((trx) => keyAccounts(trx, item.item_id, data.accounts, opts.now, opts.created));
  let inserted = 0;
  for (let i = 0; i < data.transactions.length; i += BACKFILL_CHUNK) {
    await nextTurn();
    const chunk = { accounts: data.accounts, transactions: data.transactions.slice(i, i + BACKFILL_CHUNK) };
    inserted += await db.transaction().execute(async (trx) => {
      const plan = await planTransactions(trx, item.item_id, chunk, byKey, opts.version, opts.now, false);
      await new TransactionsRepository(trx).insertMany(plan.rows, true);
      return plan.rows.length;
    });
  }
  return inserted;
}
