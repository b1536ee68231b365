import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Test databases on PostgreSQL are made per test file, named after this run, and dropped here once
 * every worker has exited: dropping one while a file's last connections are still closing would
 * kill them mid-way. Other runs sharing the server (another checkout, CI) keep their databases.
 */
const run = randomBytes(4).toString('hex');

/** Names this run, so every test file's database carries the run id. */
export async function setup(): Promise<void> {
  process.env.WEFT_TEST_RUN = run;
}

/** Drops the databases this run made. */
export async function teardown(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url?.startsWith('postgres')) return;
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const { rows } = await client.query<{ datname: string }>(
      'SELECT datname FROM pg_database WHERE datname LIKE $1',
      [`weft_t_${run}_%`],
    );
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
