import type { Kysely } from 'kysely';

/**
 * When a client's secret was last rotated and when the client was revoked (`weft keys rotate`,
 * `weft keys revoke`). A revoked client is kept, not deleted: its Items and history stay, and its
 * id is never handed out again.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  // One column per statement: SQLite's ALTER TABLE adds a single column at a time.
  await db.schema.alterTable('clients').addColumn('rotated_at', 'text').execute();
  await db.schema.alterTable('clients').addColumn('revoked_at', 'text').execute();
}
