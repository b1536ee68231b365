import type { Kysely } from 'kysely';

/**
 * Asset reports and their audit copies. A report row is written by /asset_report/create (or a
 * refresh or filter of another report) as `pending`; the assets worker builds it from the store
 * into a snapshot (JSON, money in minor units) and marks it `ready` or `error`. Tokens are kept
 * only as SHA-256 digests. An audit copy belongs to its report and goes when the report does.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('asset_reports')
    .addColumn('asset_report_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('env', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('days_requested', 'integer', (c) => c.notNull())
    .addColumn('client_report_id', 'text')
    .addColumn('webhook', 'text')
    .addColumn('user', 'text', (c) => c.notNull())
    .addColumn('add_ons', 'text', (c) => c.notNull())
    .addColumn('require_all_items', 'integer', (c) => c.notNull())
    .addColumn('item_ids', 'text', (c) => c.notNull())
    .addColumn('account_ids_to_exclude', 'text', (c) => c.notNull())
    .addColumn('origin', 'text', (c) => c.notNull())
    .addColumn('parent_report_id', 'text')
    .addColumn('fast_report', 'text')
    .addColumn('report', 'text')
    .addColumn('error', 'text')
    .addColumn('dispatched_at', 'text')
    .addColumn('date_generated', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('asset_reports_status_idx')
    .on('asset_reports')
    .columns(['status', 'created_at'])
    .execute();
  await db.schema
    .createTable('asset_report_audit_copies')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('asset_report_id', 'text', (c) =>
      c.notNull().references('asset_reports.asset_report_id').onDelete('cascade'),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('auditor_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('asset_report_audit_copies_report_idx')
    .on('asset_report_audit_copies')
    .column('asset_report_id')
    .execute();
}

/** Drops the asset report tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('asset_report_audit_copies').execute();
  await db.schema.dropTable('asset_reports').execute();
}
