import type { Kysely } from 'kysely';

/**
 * Income: users (a client's end users, their token kept only as a digest), the Items linked for a
 * user's income, and the bank income reports generated from those Items' transactions (their
 * detected income sources as JSON, read through the report schema).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('client_user_id', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('users_client_user_idx')
    .on('users')
    .columns(['client_id', 'client_user_id'])
    .unique()
    .execute();
  await db.schema
    .createTable('user_items')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.item_id').onDelete('cascade'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('days_requested', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('user_items_user_idx').on('user_items').column('user_id').execute();
  await db.schema
    .createTable('bank_income_reports')
    .addColumn('bank_income_id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.user_id').onDelete('cascade'))
    .addColumn('days_requested', 'integer', (c) => c.notNull())
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('generated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('bank_income_reports_user_idx')
    .on('bank_income_reports')
    .columns(['user_id', 'generated_at'])
    .execute();
}

/** Drops the income tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('bank_income_reports').execute();
  await db.schema.dropTable('user_items').execute();
  await db.schema.dropTable('users').execute();
}
