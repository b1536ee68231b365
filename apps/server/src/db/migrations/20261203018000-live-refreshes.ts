import type { Kysely } from 'kysely';

/**
 * Live refreshes: when each Item of a live source (read over the network) was last read, when it
 * is read next, and how its reads have failed, so every process of a deployment keeps one
 * schedule and one request budget per Item. Rows go with their Item.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('live_refreshes')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.item_id').onDelete('cascade'))
    .addColumn('next_at', 'text', (c) => c.notNull())
    .addColumn('last_read_at', 'text')
    .addColumn('last_success_at', 'text')
    .addColumn('failures', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('live_refreshes_next_idx').on('live_refreshes').column('next_at').execute();
}
