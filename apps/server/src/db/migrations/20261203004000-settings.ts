import type { Kysely } from 'kysely';

/**
 * Facts about the database itself, one row each. The first is a check value of the encryption key
 * everything in this database is sealed with, so a process started with another key refuses to
 * run instead of failing later on each sealed value it cannot open.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('settings')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', (c) => c.notNull())
    .execute();
}
