import { type Kysely, sql } from 'kysely';
import { isSqlite } from './dialect';

/**
 * Dialect branch, PostgreSQL only: rate-limit counters every API process shares
 * (http/rate-limit-store.ts), one row per key holding the current window's count and how many
 * requests the last statement to count on it was granted. UNLOGGED: a
 * counter is worth no WAL write, and after a crash PostgreSQL empties the table, which only
 * restarts the windows. On SQLite each process keeps its counters in memory.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  if (isSqlite(db)) return;
  await sql`
    CREATE UNLOGGED TABLE rate_limit_counters (
      key text PRIMARY KEY,
      window_start bigint NOT NULL,
      count integer NOT NULL,
      granted integer NOT NULL
    )`.execute(db);
}
