import type { Kysely } from 'kysely';
import { autoId } from './dialect';

/**
 * Statement files as Items: each account's key in its source and its stated numbers, and the
 * files imported into each Item. Everything hangs off the Item or account and goes with it.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('account_keys')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('accounts.account_id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('account_key', 'text', (c) => c.notNull())
    .addColumn('balance_date', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('account_keys_item_key_idx')
    .on('account_keys')
    .columns(['item_id', 'account_key'])
    .unique()
    .execute();

  await db.schema
    .createTable('account_numbers')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('accounts.account_id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('account', 'text')
    .addColumn('routing', 'text')
    .addColumn('wire_routing', 'text')
    .addColumn('branch', 'text')
    .addColumn('iban', 'text')
    .addColumn('bic', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_numbers_item_idx').on('account_numbers').column('item_id').execute();

  await db.schema
    .createTable('statement_files')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('content_sealed', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('accounts', 'integer', (c) => c.notNull())
    .addColumn('transactions', 'integer', (c) => c.notNull())
    .addColumn('added', 'integer', (c) => c.notNull())
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('statement_files_item_sha_idx')
    .on('statement_files')
    .columns(['item_id', 'sha256'])
    .unique()
    .execute();
}

/** Drops the statement-file tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('statement_files').execute();
  await db.schema.dropTable('account_numbers').execute();
  await db.schema.dropTable('account_keys').execute();
}
