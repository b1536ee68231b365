import fs from 'node:fs';
import { createRequire } from 'node:module';

/**
 * Loaded into a Weft server process (`node --import ./bench/query-counter.ts`) to count the
 * database work it does: statements run, by their first word, and rows read back. On SIGUSR2 it
 * writes the counts since the last signal to the file named by WEFT_QUERY_COUNTS and starts
 * again, so a bench can bracket a known number of requests and divide. Counts are exact whatever
 * the machine's load, unlike latency.
 */
const file = process.env.WEFT_QUERY_COUNTS;
if (!file) throw new Error('query-counter.ts needs WEFT_QUERY_COUNTS');

/** Statements by their first word (select, insert, begin, commit…) and rows read. */
let counts = { statements: {} as Record<string, number>, rowsRead: 0 };

function count(sql: string, rows: number): void {
  const kind = /^\s*(\w+)/.exec(sql)?.[1]?.toLowerCase() ?? 'other';
  counts.statements[kind] = (counts.statements[kind] ?? 0) + 1;
  counts.rowsRead += rows;
}

const require = createRequire(new URL('../apps/server/src/main.ts', import.meta.url));

// better-sqlite3: every prepared statement shares one prototype; its run/get/all are what execute.
const SQLite = require('better-sqlite3') as typeof import('better-sqlite3');
const probe = new SQLite(':memory:');
const statement = Object.getPrototypeOf(probe.prepare('select 1')) as Record<string, unknown>;
probe.close();
for (const method of ['all', 'get', 'run', 'iterate'] as const) {
  const original = statement[method] as (...args: unknown[]) => unknown;
  statement[method] = function (this: { source: string }, ...args: unknown[]) {
    const result = original.apply(this, args);
    const read = /^\s*(select|with)\b/i.test(this.source);
    const rows = !read ? 0 : method === 'all' ? (result as unknown[]).length : result === undefined ? 0 : 1;
    count(this.source, method === 'iterate' ? 0 : rows);
    return result;
  };
}

// pg: Kysely's PostgreSQL driver runs everything through Client#query(text, values).
const pg = require('pg') as typeof import('pg');
const query = pg.Client.prototype.query as (...args: unknown[]) => unknown;
pg.Client.prototype.query = function (this: unknown, ...args: unknown[]) {
  const result = query.apply(this, args);
  const text = typeof args[0] === 'string' ? args[0] : ((args[0] as { text?: string })?.text ?? '');
  // The change feed's LISTEN connection and its pings are not request work.
  if (
    result instanceof Promise &&
    (this as { connectionParameters?: { application_name?: string } }).connectionParameters
      ?.application_name !== 'weft-change-feed'
  )
    void result.then(
      (r: { rows?: unknown[] }) => count(text, /^\s*select/i.test(text) ? (r.rows?.length ?? 0) : 0),
      () => count(text, 0),
    );
  return result;
} as typeof pg.Client.prototype.query;

process.on('SIGUSR2', () => {
  fs.writeFileSync(file, JSON.stringify(counts));
  counts = { statements: {}, rowsRead: 0 };
});
