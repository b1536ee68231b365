import type { Kysely } from 'kysely';

/** Expired link tokens are purged on each new one; the index keeps that lookup off a full scan. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.createIndex('link_tokens_expires_idx').on('link_tokens').column('expires_at').execute();
}
