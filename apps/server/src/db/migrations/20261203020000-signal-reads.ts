import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect';

/**
 * Signal's reads of the store. An index that serves the account's 90 days and its first posted
 * day (item, account, date), read whenever an account's data changed since its last evaluation.
 * And, on PostgreSQL, change notifications (migration 20261203005100) for the two further tables
 * Signal's read caches hold: transactions_state (the day an Item's data stands at, when it was
 * last refreshed) and signal_rulesets (a ruleset replaced by the CLI in another process).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('transactions_account_date_idx')
    .on('transactions')
    .columns(['item_id', 'account_id', 'date'])
    .execute();
  if (isSqlite(db)) return;
  for (const table of ['transactions_state', 'signal_rulesets'])
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_notify_change`)}
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION weft_notify_change()`.execute(db);
}

/** Drops the triggers and the index. */
export async function down(db: Kysely<unknown>): Promise<void> {
  if (!isSqlite(db))
    for (const table of ['transactions_state', 'signal_rulesets'])
      await sql`DROP TRIGGER IF EXISTS ${sql.id(`${table}_notify_change`)} ON ${sql.table(table)}`.execute(
        db,
      );
  await db.schema.dropIndex('transactions_account_date_idx').execute();
}
