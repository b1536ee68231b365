import { randomBytes } from 'node:crypto';
import SQLite from 'better-sqlite3';
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { down, up } from './20261203016000-currency-minor-units';

/**
 * The move from hundredths of every currency to each currency's own minor units, on the database
 * the suite runs on: only zero-, three- and four-decimal currencies change, nulls stay null, and
 * `down` undoes `up` exactly for amounts that were whole hundredths.
 */
describe('migration 20261203016000: stored money in each currency’s minor units', () => {
  let db: Kysely<unknown>;
  let dropSchema: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    const url = process.env.DATABASE_URL;
    if (url?.startsWith('postgres')) {
      const schema = `weft_money_${randomBytes(5).toString('hex')}`;
      const admin = new pg.Client({ connectionString: url });
      await admin.connect();
      await admin.query(`CREATE SCHEMA ${schema}`);
      await admin.end();
      db = new Kysely({
        dialect: new PostgresDialect({
          pool: new pg.Pool({ connectionString: url, max: 1, options: `-c search_path=${schema}` }),
        }),
      });
      dropSchema = async () => {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP SCHEMA ${schema} CASCADE`);
        await c.end();
      };
    } else db = new Kysely({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });

    const money = ['balance_current', 'balance_available', 'balance_limit'];
    await sql`CREATE TABLE accounts (id text, ${sql.raw(money.map((c) => `${c} bigint`).join(', '))}, iso_currency_code text)`.execute(
      db,
    );
    await sql`CREATE TABLE transactions (id text, amount bigint, iso_currency_code text)`.execute(db);
    await sql`CREATE TABLE investment_securities (id text, close_price bigint, iso_currency_code text)`.execute(
      db,
    );
    await sql`CREATE TABLE investment_holdings (id text, price bigint, value bigint, cost_basis bigint, iso_currency_code text)`.execute(
      db,
    );
    await sql`CREATE TABLE investment_transactions (id text, price bigint, amount bigint, fees bigint, iso_currency_code text)`.execute(
      db,
    );
    await sql`INSERT INTO accounts VALUES ('usd', 123456, NULL, 500000, 'USD'), ('jpy', 3488000, 3488000, NULL, 'JPY'), ('kwd', 1235, NULL, NULL, 'KWD')`.execute(
      db,
    );
    await sql`INSERT INTO transactions VALUES ('usd', -475, 'USD'), ('jpy', 120000, 'JPY'), ('kwd', -124, 'KWD'), ('clf', 100, 'CLF')`.execute(
      db,
    );
    await sql`INSERT INTO investment_securities VALUES ('jpy', 250000, 'JPY')`.execute(db);
    await sql`INSERT INTO investment_holdings VALUES ('bhd', 1050, 2100, NULL, 'BHD')`.execute(db);
    await sql`INSERT INTO investment_transactions VALUES ('jpy', 250000, 500000, 10000, 'JPY')`.execute(db);
  });
  afterAll(async () => {
    await db?.destroy();
    await dropSchema?.();
  });

  const rows = async (table: string) =>
    (await sql<Record<string, unknown>>`SELECT * FROM ${sql.table(table)} ORDER BY id`.execute(db)).rows.map(
      (r) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && /^-?\d+$/.test(v) ? Number(v) : v]),
        ),
    );

  it('rescales only currencies whose minor unit is not a hundredth, and down undoes it', async () => {
    const before = {
      accounts: await rows('accounts'),
      transactions: await rows('transactions'),
      holdings: await rows('investment_holdings'),
    };
    await up(db);
    expect(await rows('accounts')).toEqual([
      {
        id: 'jpy',
        balance_current: 34880,
        balance_available: 34880,
        balance_limit: null,
        iso_currency_code: 'JPY',
      },
      {
        id: 'kwd',
        balance_current: 12350,
        balance_available: null,
        balance_limit: null,
        iso_currency_code: 'KWD',
      },
      {
        id: 'usd',
        balance_current: 123456,
        balance_available: null,
        balance_limit: 500000,
        iso_currency_code: 'USD',
      },
    ]);
    expect((await rows('transactions')).map((r) => [r.id, r.amount])).toEqual([
      ['clf', 10000],
      ['jpy', 1200],
      ['kwd', -1240],
      ['usd', -475],
    ]);
    expect(await rows('investment_securities')).toEqual([
      { id: 'jpy', close_price: 2500, iso_currency_code: 'JPY' },
    ]);
    expect(await rows('investment_holdings')).toEqual([
      { id: 'bhd', price: 10500, value: 21000, cost_basis: null, iso_currency_code: 'BHD' },
    ]);
    expect(await rows('investment_transactions')).toEqual([
      { id: 'jpy', price: 2500, amount: 5000, fees: 100, iso_currency_code: 'JPY' },
    ]);

    await down(db);
    expect(await rows('accounts')).toEqual(before.accounts);
    expect(await rows('transactions')).toEqual(before.transactions);
    expect(await rows('investment_holdings')).toEqual(before.holdings);
  });
});
