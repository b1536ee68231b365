import type { Kysely } from 'kysely';
import { autoId } from './dialect';

/** Link session events, kept apart from the session row so appending one never races a step. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('link_session_events')
    .addColumn('id', 'integer', autoId(db))
    .addColumn('link_session_id', 'text', (c) => c.notNull())
    .addColumn('event_id', 'text', (c) => c.notNull())
    .addColumn('event_name', 'text', (c) => c.notNull())
    .addColumn('timestamp', 'text', (c) => c.notNull())
    .addColumn('metadata', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('link_session_events_session_idx')
    .on('link_session_events')
    .columns(['link_session_id', 'id'])
    .execute();
}
