import type { ColumnDefinitionBuilder, Kysely } from 'kysely';

/**
 * Investments: each Item's pull state, securities, holdings and investment transactions. Every
 * row names its Item and goes with it. Money and quantities are bigints (hundredths, millionths).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const item = (c: ColumnDefinitionBuilder) => c.notNull().references('items.item_id').onDelete('cascade');
  await db.schema
    .createTable('investments_state')
    .addColumn('item_id', 'text', (c) => c.primaryKey().references('items.item_id').onDelete('cascade'))
    .addColumn('history_start', 'text', (c) => c.notNull())
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('ready_at', 'text', (c) => c.notNull())
    .addColumn('last_successful_update', 'text')
    .addColumn('last_failed_update', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('investment_securities')
    .addColumn('item_id', 'text', item)
    .addColumn('security_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('ticker_symbol', 'text')
    .addColumn('cusip', 'text')
    .addColumn('isin', 'text')
    .addColumn('sedol', 'text')
    .addColumn('institution_security_id', 'text')
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subtype', 'text')
    .addColumn('is_cash_equivalent', 'integer', (c) => c.notNull())
    .addColumn('close_price', 'bigint')
    .addColumn('close_price_as_of', 'text')
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('market_identifier_code', 'text')
    .addColumn('option_contract', 'text')
    .addColumn('fixed_income', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('investment_securities_pk', ['item_id', 'security_id'])
    .execute();

  await db.schema
    .createTable('investment_holdings')
    .addColumn('item_id', 'text', item)
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id').onDelete('cascade'))
    .addColumn('security_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('price_as_of', 'text')
    .addColumn('value', 'bigint', (c) => c.notNull())
    .addColumn('cost_basis', 'bigint')
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('investment_holdings_pk', ['account_id', 'security_id'])
    .execute();
  await db.schema
    .createIndex('investment_holdings_item_idx')
    .on('investment_holdings')
    .column('item_id')
    .execute();

  await db.schema
    .createTable('investment_transactions')
    .addColumn('investment_transaction_id', 'text', (c) => c.primaryKey())
    .addColumn('item_id', 'text', item)
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.account_id').onDelete('cascade'))
    .addColumn('security_id', 'text')
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('subtype', 'text', (c) => c.notNull())
    .addColumn('quantity', 'bigint', (c) => c.notNull())
    .addColumn('price', 'bigint', (c) => c.notNull())
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addColumn('fees', 'bigint')
    .addColumn('iso_currency_code', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('investment_transactions_item_date_idx')
    .on('investment_transactions')
    .columns(['item_id', 'date'])
    .execute();
}

/** Drops the investments tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'investment_transactions',
    'investment_holdings',
    'investment_securities',
    'investments_state',
  ])
    await db.schema.dropTable(table).execute();
}
