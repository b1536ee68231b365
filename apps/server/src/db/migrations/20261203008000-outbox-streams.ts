import { type Kysely, sql } from 'kysely';

/**
 * The outbox's delivery streams: `stream` names the queue an event is ordered in (`item:<id>` for an
 * Item's events, `url:<url>` for events of no Item), and a partial index over the events still open
 * (pending, queued, delivering), in the stream's order (the time each event is for, then id),
 * answers "is an earlier event of this stream unsettled?" in one probe, however long the stream's
 * history.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('outbox').addColumn('stream', 'text').execute();
  await sql`update outbox set stream = 'item:' || item_id where item_id is not null`.execute(db);
  await sql`update outbox set stream = 'url:' || webhook_url where item_id is null and webhook_url is not null`.execute(
    db,
  );
  // The predicate is written out as a literal, the same text the claim queries use, so that both
  // SQLite and PostgreSQL recognise the index as usable for them.
  await db.schema
    .createIndex('outbox_open_stream_idx')
    .on('outbox')
    .columns(['stream', 'created_at', 'id'])
    .where(sql.raw<boolean>(`status in ('pending', 'queued', 'delivering')`))
    .execute();
}

/** Drops the index and the column. */
export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('outbox_open_stream_idx').execute();
  await db.schema.alterTable('outbox').dropColumn('stream').execute();
}
