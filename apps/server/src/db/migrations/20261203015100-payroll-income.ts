import type { Kysely } from 'kysely';

/**
 * Payroll Income in the store: one row per payroll Item, its employment, paystubs and W-2s as
 * JSON read through the normalized schema (connectors/payroll.ts), and the day they stand at.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('payroll_items')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.item_id').onDelete('cascade'))
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

/** Drops the payroll table. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('payroll_items').execute();
}
