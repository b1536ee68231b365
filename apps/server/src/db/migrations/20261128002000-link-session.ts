import type { Kysely } from 'kysely';

/** Link sessions: the server-side state of each pass through Link. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('link_sessions')
    .addColumn('link_session_id', 'text', (c) => c.primaryKey())
    .addColumn('token_hash', 'text', (c) => c.notNull())
    .addColumn('client_id', 'text', (c) => c.notNull())
    .addColumn('step', 'text', (c) => c.notNull())
    .addColumn('institution_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text')
    .addColumn('oauth_state_id', 'text')
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .execute();
  await db.schema.createIndex('link_sessions_token_idx').on('link_sessions').column('token_hash').execute();
  await db.schema
    .createIndex('link_sessions_oauth_idx')
    .on('link_sessions')
    .column('oauth_state_id')
    .unique()
    .execute();
}
