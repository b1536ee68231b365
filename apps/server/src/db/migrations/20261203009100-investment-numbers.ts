import type { Kysely } from 'kysely';

/**
 * Each investment account's brokerage transfer (ACATS) numbers, as its source gave them with its
 * holdings, for /investments/auth/get. They go with their account.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('investment_account_numbers')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('accounts.account_id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('account', 'text', (c) => c.notNull())
    .addColumn('dtc_numbers', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('investment_account_numbers_item_idx')
    .on('investment_account_numbers')
    .column('item_id')
    .execute();
}

/** Drops the table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('investment_account_numbers').execute();
}
