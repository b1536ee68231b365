import { type ColumnDefinitionBuilder, type Kysely, SqliteAdapter } from 'kysely';

/** True when the migration runs on SQLite. */
export function isSqlite(db: Kysely<unknown>): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

/**
 * An auto-incrementing integer primary key. Dialect branch: SQLite has no identity columns, its
 * INTEGER PRIMARY KEY AUTOINCREMENT is the equivalent; PostgreSQL uses a standard identity column.
 */
export function autoId(db: Kysely<unknown>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isSqlite(db)
    ? (c) => c.primaryKey().autoIncrement()
    : (c) => c.primaryKey().generatedByDefaultAsIdentity();
}
