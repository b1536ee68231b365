import type { Kysely } from 'kysely';

/**
 * Identity Verification: each client's templates (the default made on first use), the sessions
 * (personal data and step details sealed with the encryption key) and the document images
 * captured in Link (sealed too).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('idv_templates')
    .addColumn('template_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('webhook', 'text')
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('idv_templates_client_idx').on('idv_templates').column('client_id').execute();

  await db.schema
    .createTable('identity_verifications')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('client_user_id', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) =>
      c.notNull().references('idv_templates.template_id').onDelete('cascade'),
    )
    .addColumn('template_version', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('steps', 'text', (c) => c.notNull())
    .addColumn('plan', 'text', (c) => c.notNull())
    .addColumn('is_shareable', 'integer', (c) => c.notNull())
    .addColumn('share_key', 'text')
    .addColumn('previous_attempt_id', 'text')
    .addColumn('user_sealed', 'text', (c) => c.notNull())
    .addColumn('details_sealed', 'text', (c) => c.notNull())
    .addColumn('watchlist_screening_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('completed_at', 'text')
    .addColumn('redacted_at', 'text')
    .execute();
  await db.schema
    .createIndex('identity_verifications_client_user_idx')
    .on('identity_verifications')
    .columns(['client_id', 'template_id', 'client_user_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('idv_documents')
    .addColumn('document_id', 'text', (c) => c.primaryKey())
    .addColumn('verification_id', 'text', (c) =>
      c.notNull().references('identity_verifications.id').onDelete('cascade'),
    )
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('side', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('image_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('idv_documents_verification_idx')
    .on('idv_documents')
    .column('verification_id')
    .execute();
}

/** Drops the Identity Verification tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('idv_documents').execute();
  await db.schema.dropTable('identity_verifications').execute();
  await db.schema.dropTable('idv_templates').execute();
}
