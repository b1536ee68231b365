import type { Kysely } from 'kysely';

/**
 * What /item/get reports as `status.transactions`: when the Item's transactions were last updated
 * by a refresh or the sandbox clock (the initial and historical pulls keep their own ready times),
 * and when an update last failed because the Item went into an error state.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
  await db.schema.alterTable('transactions_state').addColumn('last_successful_update', 'text').execute();
  await db.schema.alterTable('transactions_state').addColumn('last_failed_update', 'text').execute();
}
