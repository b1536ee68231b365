import type { Kysely } from 'kysely';
import { autoId } from './dialect';

/** Clients, tokens, Items, accounts and the outbox. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('clients')
    .addColumn('client_id', 'text', (c) => c.primaryKey())
    .addColumn('secret_hash', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('link_tokens')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('config', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('link_session_id', 'text')
    .addColumn('results', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('items')
    .addColumn('item_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text', (c) => c.notNull())
    .addColumn('connector', 'text', (c) => c.notNull())
    .addColumn('login', 'text', (c) => c.notNull())
    .addColumn('credentials_sealed', 'text')
    .addColumn('products', 'text', (c) => c.notNull())
    .addColumn('available_products', 'text', (c) => c.notNull())
    .addColumn('consented_products', 'text', (c) => c.notNull())
    .addColumn('webhook', 'text')
    .addColumn('error', 'text')
    .addColumn('consent_expiration_time', 'text')
    .addColumn('update_type', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('items_client_idx').on('items').column('client_id').execute();

  for (const table of ['access_tokens', 'public_tokens'] as const) {
    let builder = db.schema
      .createTable(table)
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
      .addColumn('client_id', 'text', (c) => c.notNull())
      .addColumn('created_at', 'text', (c) => c.notNull());
    builder =
      table === 'access_tokens'
        ? builder.addColumn('revoked_at', 'text')
        : builder.addColumn('expires_at', 'text', (c) => c.notNull()).addColumn('used_at', 'text');
    await builder.execute();
    await db.schema.createIndex(`${table}_item_idx`).on(table).column('item_id').execute();
  }

  await db.schema
    .createTable('accounts')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', (c) => c.notNull().references('items.item_id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('official_name', 'text')
    .addColumn('mask', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subtype', 'text')
    .addColumn('balance_current', 'bigint')
    .addColumn('balance_available', 'bigint')
    .addColumn('balance_limit', 'bigint')
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('verification_status', 'text')
    .addColumn('persistent_account_id', 'text')
    .addColumn('hidden', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('accounts_item_idx').on('accounts').columns(['item_id', 'position']).execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('item_id', 'text')
    .addColumn('webhook_type', 'text', (c) => c.notNull())
    .addColumn('webhook_code', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('outbox_due_idx').on('outbox').columns(['status', 'next_attempt_at']).execute();
  await db.schema.createIndex('outbox_item_idx').on('outbox').columns(['item_id', 'id']).execute();
}
