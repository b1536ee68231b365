import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { build, type Weft } from '../apps/server/src/app';
import { loadConfig } from '../apps/server/src/config';
import { goodUserAccounts } from '../apps/server/src/connectors/sandbox/accounts';
import type { TransactionsTable } from '../apps/server/src/db/tables/transactions';
import { EnrichEngine } from '../apps/server/src/engines/enrich/enrich';
import {
  historyAt,
  TransactionsGenerator,
} from '../apps/server/src/engines/transactions-generator/generator';
import { dateOf, dayNumber } from '../apps/server/src/engines/transactions-generator/rng';
import { FixedClock } from '../apps/server/src/lib/clock';
import { encodeCursor } from '../apps/server/src/products/transactions/sync-cursor';
import { PULL_DELAYS_MS } from '../apps/server/src/products/transactions/transactions.pull';
import { TransactionsRepository } from '../apps/server/src/products/transactions/transactions.repository';
import { buildRow, transactionId } from '../apps/server/src/products/transactions/transactions.rows';

/**
 * Transactions figures: enrichment throughput on one core, time to generate 24 months of history,
 * and /transactions/sync page latency (count 500) on an Item holding BENCH_TX_ROWS transactions
 * (default 1,000,000), beside /accounts/get latency measured in the same run, on SQLite and — when
 * DATABASE_URL is set — PostgreSQL (in a scratch database created beside it and dropped after).
 * Requests go through the full Fastify stack in-process (inject), without the test harness's
 * response checks, so the figures are the server's own.
 */
const ROWS = Number(process.env.BENCH_TX_ROWS ?? 1_000_000);
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200);
const TODAY = '2026-11-28';

const ACCOUNTS = goodUserAccounts('USD').map((a, i) => ({
  id: `acc${i}`,
  type: a.type,
  subtype: a.subtype,
  current: a.current ?? 0,
  mask: a.mask,
}));

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function p95(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(s.length * 0.95))]!;
}

/** Descriptors the generator does not write: long, unknown merchants, fees, truncated words. */
const HARD = [
  'POS PURCHASE (EFFEC ) CORNER BISTRO NORTH CARD NO. 4412',
  'International Processing Fee for Insufficient Funds Device: 0412',
  'CHECKCARD 0412 ZYX TRADING CO PORTLAND OR 24445001102',
  'ACH DEBIT RIVERSIDE MUTUAL INSURANCE PREMIUM 000123',
  'Recurring Card Purchase: Apple.com/bill Itunes.com (Card 1234)',
  'POS Purchase Downtown City Parkin  * 24 Aug',
  'ONLINE TRANSFER TO SAV ...9911 CONFIRMATION# 88172',
  'DEBIT CARD PURCHASE XXXXX1234 SQ *HAPPY DAYS ICE CREAM',
  'Magtape Debit Westside Lifeinsure 4002840983-',
  'ZELLE PAYMENT FROM ALEX MORGAN CONF# 8812HH',
];

function enrichThroughput(hard: boolean): number {
  const engine = new EnrichEngine();
  const visible = historyAt(
    new TransactionsGenerator('bench', ACCOUNTS),
    dateOf(dayNumber(TODAY) - 730),
    TODAY,
  );
  const inputs = hard
    ? HARD.map((description, i) => ({ description, amount: i % 3 === 0 ? -1000 : 1000, mcc: null }))
    : visible.map((v) => ({ description: v.event.description, amount: v.amount, mcc: v.event.mcc }));
  const n = 300_000;
  for (let i = 0; i < 50_000; i++) engine.enrich(inputs[i % inputs.length]!);
  const runs: number[] = [];
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    for (let i = 0; i < n; i++) engine.enrich(inputs[i % inputs.length]!);
    runs.push((n / (performance.now() - t)) * 1000);
  }
  return median(runs);
}

function generationMs(): { events: number; rows: number; count: number } {
  const events: number[] = [];
  const rows: number[] = [];
  let count = 0;
  for (let r = 0; r < 5; r++) {
    const t0 = performance.now();
    const visible = historyAt(
      new TransactionsGenerator(`bench-${r}`, ACCOUNTS),
      dateOf(dayNumber(TODAY) - 730),
      TODAY,
    );
    const t1 = performance.now();
    for (const { event: e, status, amount } of visible)
      buildRow({
        itemId: 'bench',
        accountId: e.accountId,
        accountType: 'depository',
        currency: 'USD',
        transactionId: transactionId('bench', e.key, status),
        eventKey: e.key,
        description: e.description,
        amount,
        pending: status === 'pending',
        pendingTransactionId: null,
        date: dateOf(status === 'pending' ? e.day : e.day + e.lag),
        authorizedDate: dateOf(e.day),
        minute: e.minute,
        location: e.location,
        mcc: e.mcc,
        series: e.series,
        version: 1,
        addedVersion: 1,
        now: TODAY,
      });
    events.push(t1 - t0);
    rows.push(performance.now() - t0);
    count = visible.length;
  }
  return { events: median(events), rows: median(rows), count };
}

interface DialectFigures {
  dialect: string;
  insertSeconds: number;
  syncFirst: number[];
  syncMid: number[];
  accounts: number[];
}

/** Weft on a scratch database: a temp SQLite file, or a new PostgreSQL database beside `pgBase`. */
async function openWeft(
  clock: FixedClock,
  pgBase: string | undefined,
): Promise<{ weft: Weft; close: () => Promise<void> }> {
  const dataDir = path.join(os.tmpdir(), `weft-bench-tx-${process.pid}`);
  let url = `sqlite:${path.join(dataDir, `tx-${Date.now()}.sqlite`)}`;
  let drop = async () => {};
  if (pgBase) {
    const name = `weft_bench_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(pgBase);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: pgBase });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const config = loadConfig({
    WEFT_DATA_DIR: dataDir,
    DATABASE_URL: url,
    WEFT_ENCRYPTION_KEY: 'be'.repeat(32),
    LOG_LEVEL: 'silent',
    PORT: '0',
    WEFT_DEMO: 'false',
    // Keep the rate-limit hook in the measured path, with a budget the load cannot exhaust.
    WEFT_RATE_LIMITS: process.env.WEFT_RATE_LIMITS ?? '/accounts/get=1000000000/1000000000',
  });
  const weft = await build(config, { clock, logger: false });
  return {
    weft,
    close: async () => {
      await weft.app.close();
      await drop();
    },
  };
}

async function call(
  weft: Weft,
  url: string,
  payload: Record<string, unknown>,
): Promise<{ status: number; body: string }> {
  const r = await weft.app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': 'application/json' },
  });
  return { status: r.statusCode, body: r.payload };
}

async function measureDialect(pgBase: string | undefined): Promise<DialectFigures> {
  const clock = new FixedClock(new Date(`${TODAY}T12:00:00Z`));
  const { weft: w, close } = await openWeft(clock, pgBase);
  try {
    const keys = await w.ctx.clients.create('bench');
    const auth = { client_id: keys.clientId, secret: keys.secret };
    const pt = JSON.parse(
      (
        await call(w, '/sandbox/public_token/create', {
          ...auth,
          institution_id: 'ins_109508',
          initial_products: ['transactions'],
        })
      ).body,
    ) as { public_token: string };
    const ex = JSON.parse(
      (await call(w, '/item/public_token/exchange', { ...auth, public_token: pt.public_token })).body,
    ) as {
      access_token: string;
      item_id: string;
    };
    const itemId = ex.item_id;
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const body = { ...auth, access_token: ex.access_token };
    await call(w, '/transactions/sync', { ...body, count: 1 });

    // Bulk rows: the Item's own history as templates, new ids, 1,000 rows per version.
    const templates = await w.ctx.db
      .selectFrom('transactions')
      .selectAll()
      .where('item_id', '=', itemId)
      .execute();
    const state = await w.ctx.db
      .selectFrom('transactions_state')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    const firstVersion = state.seq + 1;
    process.stderr.write(`[${w.ctx.dialect}] inserting ${ROWS.toLocaleString('en-US')} transactions…\n`);
    const t0 = performance.now();
    const batch = 20_000;
    for (let start = 0; start < ROWS; start += batch) {
      const rows: TransactionsTable[] = [];
      for (let i = start; i < Math.min(ROWS, start + batch); i++) {
        const tpl = templates[i % templates.length]!;
        const version = firstVersion + Math.floor(i / 1000);
        // Ids ascend with insertion order (as versions do), so inserts append to the B-trees.
        const id = `B${String(i).padStart(9, '0')}${transactionId(itemId, `bench:${i}`, 'posted').slice(10)}`;
        rows.push({
          ...tpl,
          transaction_id: id,
          version,
          added_version: version,
          event_key: null,
        });
      }
      await w.ctx.db.transaction().execute((trx) => new TransactionsRepository(trx).insertMany(rows));
    }
    const insertSeconds = (performance.now() - t0) / 1000;
    const lastVersion = firstVersion + Math.floor((ROWS - 1) / 1000);
    await w.ctx.db
      .updateTable('transactions_state')
      .set({ seq: lastVersion })
      .where('item_id', '=', itemId)
      .execute();

    // A cursor in the middle of the history (leaving at least a page after it), as the server
    // issues it after a completed run there.
    const midRow = Math.min(ROWS / 2, Math.max(0, ROWS - 1000));
    const mid = encodeCursor(itemId, {
      from: firstVersion - 1 + Math.floor(midRow / 1000),
      run: null,
      accountId: null,
    });

    const time = async (url: string, payload: Record<string, unknown>): Promise<number[]> => {
      for (let i = 0; i < 20; i++) await call(w, url, payload);
      const out: number[] = [];
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        const r = await call(w, url, payload);
        out.push(performance.now() - t);
        if (r.status !== 200) throw new Error(`${url}: ${r.body}`);
      }
      return out;
    };
    process.stderr.write(`[${w.ctx.dialect}] measuring ${REQUESTS} requests per endpoint…\n`);
    const accounts = await time('/accounts/get', body);
    const syncFirst = await time('/transactions/sync', { ...body, count: 500 });
    const syncMid = await time('/transactions/sync', { ...body, cursor: mid, count: 500 });
    return { dialect: w.ctx.dialect, insertSeconds, syncFirst, syncMid, accounts };
  } finally {
    await close();
  }
}

function fmt(n: number, digits = 2): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

async function main(): Promise<void> {
  const throughput = enrichThroughput(false);
  const hardThroughput = enrichThroughput(true);
  const gen = generationMs();
  const pgUrl = process.env.DATABASE_URL;
  const results = [await measureDialect(undefined)];
  if (pgUrl?.startsWith('postgres')) results.push(await measureDialect(pgUrl));

  const rows: [string, string][] = [
    ['enrichment throughput, one core', `${fmt(throughput, 0)} tx/s (target ≥ 100,000)`],
    ['enrichment, long/unknown descriptors', `${fmt(hardThroughput, 0)} tx/s`],
    ['24-month generation (events only)', `${fmt(gen.events, 1)} ms for ${gen.count} transactions`],
    ['24-month generation (+ enrich, rows)', `${fmt(gen.rows, 1)} ms`],
  ];
  for (const r of results) {
    const ratio = median(r.syncMid) / median(r.accounts);
    rows.push(
      [`[${r.dialect}] rows stored`, `${fmt(ROWS, 0)} (bulk insert ${fmt(r.insertSeconds, 1)} s)`],
      [
        `[${r.dialect}] /transactions/sync count 500, first page`,
        `p50 ${fmt(median(r.syncFirst))} ms, p95 ${fmt(p95(r.syncFirst))} ms`,
      ],
      [
        `[${r.dialect}] /transactions/sync count 500, mid-history`,
        `p50 ${fmt(median(r.syncMid))} ms, p95 ${fmt(p95(r.syncMid))} ms`,
      ],
      [`[${r.dialect}] /accounts/get`, `p50 ${fmt(median(r.accounts))} ms, p95 ${fmt(p95(r.accounts))} ms`],
      [`[${r.dialect}] sync page / accounts/get (p50)`, `${fmt(ratio, 1)}×`],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
