import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import {
  Kysely,
  Migrator,
  PostgresAdapter,
  PostgresDialect,
  type SqliteDatabase,
  SqliteDialect,
  sql,
} from 'kysely';
import pg from 'pg';
import type { DatabaseConfig } from '../config';
import { ChangeFeed, EpochMoves } from './change-feed';
import { migrations } from './migrations/index';
import type { Database } from './schema';

// PostgreSQL returns BIGINT (int8) as strings to avoid precision loss; Weft's bigints are minor
// units and counters well inside 2^53, so read them as numbers.
pg.types.setTypeParser(20, (v) => Number(v));

/** An open database with the dialect it speaks. */
export interface DbHandle {
  db: Kysely<Database>;
  dialect: DatabaseConfig['dialect'];
  /**
   * A number that changes whenever the database may have changed, or null while that cannot be
   * known (PostgreSQL with its change feed down). Read caches are valid while it is unchanged.
   */
  changeEpoch(): number | null;
  close(): Promise<void>;
}

/** Opens the configured database. SQLite files live under their folder, created if missing. */
export function openDatabase(config: DatabaseConfig): DbHandle {
  if (config.dialect === 'sqlite') {
    if (config.file !== ':memory:') {
      fs.mkdirSync(path.dirname(config.file), { recursive: true, mode: 0o700 });
      // The file holds every Item's data: its owner only, created so before SQLite opens it.
      fs.closeSync(fs.openSync(config.file, 'a', 0o600));
    }
    const sqlite = new SQLite(config.file);
    sqlite.pragma('journal_mode = WAL');
    // SQLite gives -wal and -shm the database file's mode; files left by an older Weft are narrowed.
    if (config.file !== ':memory:')
      for (const file of [config.file, `${config.file}-wal`, `${config.file}-shm`])
        if (fs.existsSync(file)) fs.chmodSync(file, 0o600);
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    const writes = { count: 0 };
    const db = new Kysely<Database>({
      dialect: new SqliteDialect({ database: withStatementCache(sqlite, writes) }),
    });
    // data_version changes when another connection (another process) commits to the file. It is
    // read once per turn of the event loop: work within one turn sees one snapshot of the file,
    // and the next turn sees any commit made meanwhile.
    const dataVersion = sqlite.prepare('PRAGMA data_version').pluck();
    let version: number | null = null;
    const changeEpoch = () => {
      if (version === null) {
        version = dataVersion.get() as number;
        setImmediate(() => {
          version = null;
        }).unref();
      }
      return writes.count * 1_000_000 + version;
    };
    return { db, dialect: 'sqlite', changeEpoch, close: () => db.destroy() };
  }
  const pool = new pg.Pool({ connectionString: config.url, max: 10 });
  // An idle connection that dies (server restart, terminated backend) is reported here; without a
  // listener it would crash the process. The pool replaces it on next use.
  pool.on('error', (err) => console.error(`PostgreSQL connection lost: ${err.message}`));
  const feed = new ChangeFeed(config.url);
  void feed.start();
  const db = new Kysely<Database>({
    dialect: new PostgresDialect({
      pool,
      // This process's own writes move the epoch as each statement (COMMIT included) completes,
      // so a request that follows one of them never waits for the notification to come back.
      onCreateConnection: async (connection) => {
        const execute = connection.executeQuery.bind(connection);
        const moves = new EpochMoves();
        connection.executeQuery = async (query) => {
          try {
            return await execute(query);
          } finally {
            if (moves.after(query.sql)) feed.wrote();
          }
        };
      },
    }),
  });
  return {
    db,
    dialect: 'postgres',
    changeEpoch: () => feed.epoch(),
    close: async () => {
      await feed.close();
      await db.destroy();
    },
  };
}

/**
 * Reuses prepared statements by SQL text. Kysely prepares every query afresh, and on the hot path
 * preparing costs more than running; queries are parameterized, so their text repeats. SQLite
 * re-prepares a cached statement by itself if the schema changes. A write that may change what a
 * read cache holds moves the change epoch, by the same rule as on PostgreSQL (EpochMoves).
 */
function withStatementCache(sqlite: SQLite.Database, writes: { count: number }, max = 1000): SqliteDatabase {
  const cache = new Map<string, SQLite.Statement>();
  // Kysely runs every statement of this database on its one connection, one at a time.
  const moves = new EpochMoves();
  return {
    close: () => sqlite.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = sqlite.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      if (moves.after(sql)) writes.count++;
      return stmt;
    },
  };
}

/** Advisory lock id serialising migrations across processes on PostgreSQL ("Weft" + 2). */
const MIGRATION_LOCK = 0x5765667402;

/**
 * Applies every pending migration; throws with the failing migration's error. Safe when several
 * processes start together on a fresh database: they take turns under a lock held across the whole
 * run, and each one looks at what is left to apply only once it holds the lock.
 */
export async function migrate(db: Kysely<Database>): Promise<string[]> {
  if (db.getExecutor().adapter instanceof PostgresAdapter)
    // Dialect branch: an advisory lock is its session's, so take it, migrate and release it on one
    // connection.
    return db.connection().execute(async (conn) => {
      await sql`SELECT pg_advisory_lock(${MIGRATION_LOCK})`.execute(conn);
      try {
        return await migrateOnce(conn);
      } finally {
        await sql`SELECT pg_advisory_unlock(${MIGRATION_LOCK})`.execute(conn);
      }
    });
  // Dialect branch: Kysely runs SQLite migrations outside any transaction and takes no lock, so
  // the run goes inside one write transaction (SQLite's DDL is transactional): another process
  // waits for it (busy_timeout), then finds nothing left to apply. Waiting longer than the
  // timeout is tried again.
  for (let attempt = 1; ; attempt++) {
    try {
      return await db.connection().execute(async (conn) => {
        await sql`BEGIN IMMEDIATE`.execute(conn);
        try {
          const applied = await migrateOnce(conn);
          await sql`COMMIT`.execute(conn);
          return applied;
        } catch (e) {
          await sql`ROLLBACK`.execute(conn).catch(() => undefined);
          throw e;
        }
      });
    } catch (e) {
      const code = (e as { code?: unknown }).code;
      if (attempt >= 12 || typeof code !== 'string' || !code.startsWith('SQLITE_BUSY')) throw e;
    }
  }
}

async function migrateOnce(db: Kysely<Database>): Promise<string[]> {
  // Features land migrations independently; one added with an earlier timestamp than an applied one
  // must still run rather than leave an existing database unable to start.
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    allowUnorderedMigrations: true,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
