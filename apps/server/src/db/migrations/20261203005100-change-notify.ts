import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect';

/**
 * The tables read caches depend on (clients for verified secrets, items and access_tokens for
 * resolved tokens, accounts for /accounts/get, transactions for what is built from them). A cache
 * over another table needs that table added here, in a new migration.
 */
const CACHED_TABLES = ['clients', 'items', 'access_tokens', 'accounts', 'transactions'];

/**
 * Dialect branch, PostgreSQL only: a statement that changes a cached table notifies channel
 * `weft_changes` (db/change-feed.ts), delivered when its transaction commits and not at all if it
 * rolls back; PostgreSQL folds a transaction's identical notifications into one. Every API process
 * LISTENs and drops what it cached. SQLite needs none of this: its data_version tells each
 * connection when another one has committed.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`
    CREATE OR REPLACE FUNCTION weft_notify_change() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('weft_changes', '');
      RETURN NULL;
    END $$`.execute(db);
  for (const table of CACHED_TABLES)
    await sql`
      CREATE TRIGGER ${sql.id(`${table}_notify_change`)}
      AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON ${sql.table(table)}
      FOR EACH STATEMENT EXECUTE FUNCTION weft_notify_change()`.execute(db);
}
