import type { Kysely } from 'kysely';

/**
 * Every source's account numbers and owners in the store, so Auth and Identity read only the
 * store: `account_numbers` gains the schemes a connector derives (Canadian EFT, BACS) and says
 * where a row came from; `account_owners` holds each account's owners. Items made before this
 * have no rows yet; the store asks their connector once, on first read (products/items).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('account_numbers')
    .addColumn('origin', 'text', (c) => c.notNull().defaultTo('stated'))
    .execute();
  await db.schema.alterTable('account_numbers').addColumn('eft_institution', 'text').execute();
  await db.schema.alterTable('account_numbers').addColumn('eft_branch', 'text').execute();
  await db.schema.alterTable('account_numbers').addColumn('bacs_sort_code', 'text').execute();

  await db.schema
    .createTable('account_owners')
    .addColumn('account_id', 'text', (c) =>
      c.primaryKey().references('accounts.account_id').onDelete('cascade'),
    )
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('owners', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('account_owners_item_idx').on('account_owners').column('item_id').execute();
}

/** Drops the owners table and the added number columns. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('account_owners').execute();
  for (const column of ['bacs_sort_code', 'eft_branch', 'eft_institution', 'origin'])
    await db.schema.alterTable('account_numbers').dropColumn(column).execute();
}
