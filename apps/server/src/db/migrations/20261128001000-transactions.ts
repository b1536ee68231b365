import type { Kysely } from 'kysely';

/**
 * Transactions and each Item's transactions state. `version` is the Item's change counter at a
 * row's last change and `added_version` at its first: /transactions/sync pages through versions,
 * so every add, modify and remove is seen exactly once. Removed rows stay as tombstones.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('transactions_state')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.item_id').onDelete('cascade'))
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('initial_ready_at', 'text', (c) => c.notNull())
    .addColumn('historical_ready_at', 'text', (c) => c.notNull())
    .addColumn('initial_seq', 'integer', (c) => c.notNull())
    .addColumn('historical_loaded', 'integer', (c) => c.notNull())
    .addColumn('history_start', 'text', (c) => c.notNull())
    .addColumn('sim_date', 'text', (c) => c.notNull())
    .addColumn('clock_offset_days', 'integer', (c) => c.notNull())
    .addColumn('opening_balances', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('transactions')
    .addColumn('transaction_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('event_key', 'text')
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('added_version', 'integer', (c) => c.notNull())
    .addColumn('removed', 'integer', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('authorized_date', 'text')
    .addColumn('datetime', 'text')
    .addColumn('authorized_datetime', 'text')
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('merchant_name', 'text')
    .addColumn('merchant_entity_id', 'text')
    .addColumn('website', 'text')
    .addColumn('payment_channel', 'text', (c) => c.notNull())
    .addColumn('pending', 'integer', (c) => c.notNull())
    .addColumn('pending_transaction_id', 'text')
    .addColumn('pfc_primary', 'text', (c) => c.notNull())
    .addColumn('pfc_detailed', 'text', (c) => c.notNull())
    .addColumn('pfc_confidence', 'text', (c) => c.notNull())
    .addColumn('counterparties', 'text', (c) => c.notNull())
    .addColumn('location', 'text', (c) => c.notNull())
    .addColumn('payment_meta', 'text', (c) => c.notNull())
    .addColumn('merchant_category_code', 'text')
    .addColumn('check_number', 'text')
    .addColumn('series', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('transactions_sync_idx')
    .on('transactions')
    .columns(['item_id', 'version', 'transaction_id'])
    .execute();
  await db.schema
    .createIndex('transactions_state_due_idx')
    .on('transactions_state')
    .columns(['historical_loaded', 'historical_ready_at'])
    .execute();
  await db.schema
    .createIndex('transactions_date_idx')
    .on('transactions')
    .columns(['item_id', 'date'])
    .execute();
  await db.schema
    .createIndex('transactions_event_idx')
    .on('transactions')
    .columns(['item_id', 'event_key'])
    .execute();
}

/** Drops the transactions tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('transactions').execute();
  await db.schema.dropTable('transactions_state').execute();
}
