import type { Kysely } from 'kysely';

/**
 * Statements: each Item's monthly account statements, made from its ledger, and the date windows
 * they were asked for (at link, and by each /statements/refresh). Rows go with their Item.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('statements')
    .addColumn('statement_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id').onDelete('cascade'))
    .addColumn('year', 'integer', (c) => c.notNull())
    .addColumn('month', 'integer', (c) => c.notNull())
    .addColumn('period_start', 'text', (c) => c.notNull())
    .addColumn('period_end', 'text', (c) => c.notNull())
    .addColumn('date_posted', 'text', (c) => c.notNull())
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('opening_balance', 'bigint', (c) => c.notNull())
    .addColumn('closing_balance', 'bigint', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('statements_account_month_uq', ['account_id', 'year', 'month'])
    .execute();
  await db.schema.createIndex('statements_item_idx').on('statements').column('item_id').execute();

  await db.schema
    .createTable('statement_windows')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('start_date', 'text', (c) => c.notNull())
    .addColumn('end_date', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .execute();
  await db.schema
    .createIndex('statement_windows_item_idx')
    .on('statement_windows')
    .column('item_id')
    .execute();
  await db.schema
    .createIndex('statement_windows_status_idx')
    .on('statement_windows')
    .column('status')
    .execute();
}

/** Drops the statements tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('statement_windows').execute();
  await db.schema.dropTable('statements').execute();
}
