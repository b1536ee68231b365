import type { Kysely } from 'kysely';

/**
 * Watchlist screening (Monitor): the loaded lists (one row per source, its entries as JSON, with
 * the version and date it carries), each client's programs, its screenings (search terms sealed,
 * as they hold dates of birth and document numbers), their versions, hits and reviews.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('watchlist_lists')
    .addColumn('source', 'text', (c) => c.primaryKey())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('published_on', 'text')
    .addColumn('imported_at', 'text', (c) => c.notNull())
    .addColumn('entry_count', 'integer', (c) => c.notNull())
    .addColumn('entries', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('watchlist_programs')
    .addColumn('program_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('lists_enabled', 'text', (c) => c.notNull())
    .addColumn('name_sensitivity', 'text', (c) => c.notNull())
    .addColumn('is_rescanning_enabled', 'integer', (c) => c.notNull())
    .addColumn('is_archived', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('webhook', 'text')
    .addColumn('audit_source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('watchlist_programs_client_idx')
    .on('watchlist_programs')
    .columns(['client_id', 'kind'])
    .execute();

  await db.schema
    .createTable('watchlist_screenings')
    .addColumn('screening_id', 'text', (c) => c.primaryKey())
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('program_id', 'text', (c) =>
      c.notNull().references('watchlist_programs.program_id').onDelete('cascade'),
    )
    .addColumn('client_user_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee', 'text')
    .addColumn('search_terms_sealed', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('lists_key', 'text', (c) => c.notNull())
    .addColumn('audit_source', 'text', (c) => c.notNull())
    .addColumn('audit_at', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('watchlist_screenings_program_idx')
    .on('watchlist_screenings')
    .columns(['client_id', 'program_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('watchlist_screening_history')
    .addColumn('screening_id', 'text', (c) =>
      c.notNull().references('watchlist_screenings.screening_id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('snapshot_sealed', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('watchlist_screening_history_pk', ['screening_id', 'seq'])
    .execute();

  await db.schema
    .createTable('watchlist_hits')
    .addColumn('hit_id', 'text', (c) => c.primaryKey())
    .addColumn('screening_id', 'text', (c) =>
      c.notNull().references('watchlist_screenings.screening_id').onDelete('cascade'),
    )
    .addColumn('list_code', 'text', (c) => c.notNull())
    .addColumn('source_uid', 'text', (c) => c.notNull())
    .addColumn('review_status', 'text', (c) => c.notNull())
    .addColumn('score', 'real', (c) => c.notNull())
    .addColumn('first_active', 'text', (c) => c.notNull())
    .addColumn('inactive_since', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('search_terms_version', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('watchlist_hits_entry_idx')
    .on('watchlist_hits')
    .columns(['screening_id', 'list_code', 'source_uid'])
    .unique()
    .execute();

  await db.schema
    .createTable('watchlist_reviews')
    .addColumn('review_id', 'text', (c) => c.primaryKey())
    .addColumn('screening_id', 'text', (c) =>
      c.notNull().references('watchlist_screenings.screening_id').onDelete('cascade'),
    )
    .addColumn('confirmed_hits', 'text', (c) => c.notNull())
    .addColumn('dismissed_hits', 'text', (c) => c.notNull())
    .addColumn('comment', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('watchlist_reviews_screening_idx')
    .on('watchlist_reviews')
    .columns(['screening_id', 'created_at'])
    .execute();
}

/** Drops the watchlist screening tables. */
export async function down(db: Kysely<unknown>): Promise<void> {
  for (const t of [
    'watchlist_reviews',
    'watchlist_hits',
    'watchlist_screening_history',
    'watchlist_screenings',
    'watchlist_programs',
    'watchlist_lists',
  ])
    await db.schema.dropTable(t).execute();
}
