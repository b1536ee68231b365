import type { Kysely } from 'kysely';

/**
 * Liabilities in the store: one row per credit card or loan of an Item, its kind (Plaid's
 * `credit`, `mortgage` or `student`) and its details as JSON read through the normalized schema
 * (connectors/liabilities.ts), with the day the Item's data stood at when they were written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('liabilities')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('accounts.account_id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('liabilities_item_idx').on('liabilities').column('item_id').execute();
}

/** Drops the liabilities table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('liabilities').execute();
}
