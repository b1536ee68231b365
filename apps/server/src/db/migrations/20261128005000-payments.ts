import type { Kysely } from 'kysely';

/** Payment Initiation: recipients, payments, consents and refunds. */
export async function up(db: Kysely<unknown>): Promise<void> {
  // Payment webhooks belong to no Item: the outbox keeps the URL the payment's producer chose.
  await db.schema.alterTable('outbox').addColumn('webhook_url', 'text').execute();

  await db.schema
    .createTable('payment_recipients')
    .addColumn('recipient_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('iban', 'text')
    .addColumn('bacs_account', 'text')
    .addColumn('bacs_sort_code', 'text')
    .addColumn('address', 'text')
    .addColumn('details_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // Creating the same recipient twice must return the first one, even when both requests race.
  await db.schema
    .createIndex('payment_recipients_details_uq')
    .on('payment_recipients')
    .columns(['client_id', 'details_hash'])
    .unique()
    .execute();
  await db.schema
    .createIndex('payment_recipients_list_idx')
    .on('payment_recipients')
    .columns(['client_id', 'created_at', 'recipient_id'])
    .execute();

  await db.schema
    .createTable('payment_consents')
    .addColumn('consent_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('payment_recipients.recipient_id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('type', 'text')
    .addColumn('scopes', 'text')
    .addColumn('constraints', 'text', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('max_payment_amount', 'bigint', (c) => c.notNull())
    .addColumn('periodic_limits', 'text', (c) => c.notNull())
    .addColumn('valid_from', 'text')
    .addColumn('valid_to', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('options', 'text')
    .addColumn('payer_details', 'text')
    .addColumn('payer_item_id', 'text')
    .addColumn('payer_account_id', 'text')
    .addColumn('institution_id', 'text')
    .addColumn('webhook', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('payments')
    .addColumn('payment_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('recipient_id', 'text', (c) => c.notNull().references('payment_recipients.recipient_id'))
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('adjusted_reference', 'text')
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('last_status_update', 'text', (c) => c.notNull())
    .addColumn('schedule', 'text')
    .addColumn('options', 'text')
    .addColumn('scheme', 'text')
    .addColumn('consent_id', 'text', (c) => c.references('payment_consents.consent_id'))
    .addColumn('idempotency_key', 'text')
    .addColumn('request_hash', 'text')
    .addColumn('payer_item_id', 'text')
    .addColumn('payer_account_id', 'text')
    .addColumn('institution_id', 'text')
    .addColumn('webhook', 'text')
    .addColumn('end_to_end_id', 'text', (c) => c.notNull())
    .addColumn('error', 'text')
    .addColumn('refund_details', 'text')
    .addColumn('amount_refunded', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('debited', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  // The idempotency guarantee lives here: a second insert with the same key fails in the database,
  // whichever process or connection makes it. NULL keys never collide on either dialect.
  await db.schema
    .createIndex('payments_idempotency_uq')
    .on('payments')
    .columns(['client_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('payments_list_idx')
    .on('payments')
    .columns(['client_id', 'created_at', 'payment_id'])
    .execute();
  await db.schema
    .createIndex('payments_consent_idx')
    .on('payments')
    .columns(['consent_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('payment_refunds')
    .addColumn('refund_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('payment_id', 'text', (c) => c.notNull().references('payments.payment_id'))
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    .addColumn('reference', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('payment_refunds_idempotency_uq')
    .on('payment_refunds')
    .columns(['client_id', 'idempotency_key'])
    .unique()
    .execute();
  await db.schema
    .createIndex('payment_refunds_payment_idx')
    .on('payment_refunds')
    .columns(['payment_id', 'created_at'])
    .execute();
}
