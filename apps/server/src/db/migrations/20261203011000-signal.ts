import type { Kysely } from 'kysely';

/**
 * Signal: each evaluation a client asked for (its scores, ruleset result and the attributes and
 * contributions that explain them), with the decision and return the client reported later; the
 * identity values (hashed) and devices apps sent with evaluations of an account; and the rulesets
 * clients define. Probabilities are integer parts per million, money minor units.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('signal_evaluations')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('client_transaction_id', 'text', (c) => c.notNull())
    // No reference to the Item: a report and the calibration outlive the Item's removal.
    .addColumn('item_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('customer_score', 'integer', (c) => c.notNull())
    .addColumn('customer_tier', 'integer', (c) => c.notNull())
    .addColumn('customer_ppm', 'integer', (c) => c.notNull())
    .addColumn('bank_score', 'integer', (c) => c.notNull())
    .addColumn('bank_tier', 'integer', (c) => c.notNull())
    .addColumn('bank_ppm', 'integer', (c) => c.notNull())
    .addColumn('ruleset_key', 'text')
    .addColumn('result', 'text')
    .addColumn('explanation', 'text', (c) => c.notNull())
    .addColumn('client_user_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('initiated', 'integer')
    .addColumn('decision_outcome', 'text')
    .addColumn('payment_method', 'text')
    .addColumn('days_funds_on_hold', 'integer')
    .addColumn('amount_instantly_available', 'bigint')
    .addColumn('submitted_at', 'text')
    .addColumn('decision_reported_at', 'text')
    .addColumn('return_code', 'text')
    .addColumn('returned_at', 'text')
    .addColumn('return_reported_at', 'text')
    .addPrimaryKeyConstraint('signal_evaluations_pk', ['client_id', 'client_transaction_id'])
    .execute();
  await db.schema
    .createIndex('signal_evaluations_client_created_idx')
    .on('signal_evaluations')
    .columns(['client_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('signal_identities')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('value_hash', 'text', (c) => c.notNull())
    .addColumn('first_seen', 'text', (c) => c.notNull())
    .addColumn('last_seen', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signal_identities_pk', ['client_id', 'account_id', 'kind', 'value_hash'])
    .execute();

  await db.schema
    .createTable('signal_rulesets')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('ruleset_key', 'text', (c) => c.notNull())
    .addColumn('ruleset', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('signal_rulesets_pk', ['client_id', 'ruleset_key'])
    .execute();
}

/** Drops Signal's tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('signal_rulesets').execute();
  await db.schema.dropTable('signal_identities').execute();
  await db.schema.dropTable('signal_evaluations').execute();
}
