import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startReceiver, type WebhookReceiver } from '../webhooks/webhook-receiver.test-kit';
import { FleetLoad } from './fleet-load.test-kit';
import { freePort, WeftNode } from './weft-fleet.test-kit';

const onPostgres = Boolean(process.env.DATABASE_URL?.startsWith('postgres'));
const KEYS = { clientId: 'scaleoutclient', secret: 'scale_out_secret_00000' };
const LOAD_MS = 60_000;
const USERS = 6;
/** After the load, how long the workers get to deliver what is left (a killed worker's leases last a minute). */
const DRAIN_MS = 60_000;
/** How long the app's webhook endpoint takes to answer, as real ones do, and when the worker is killed. */
const ANSWER_MS = 100;
const SLOW_ANSWER_MS = 1_500;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Weft scaled out on PostgreSQL: two `--roles=api` and two `--roles=worker` processes on one fresh
 * database, under a minute of mixed load sent to both APIs in turn, with a worker and an API killed
 * (SIGKILL) and started again midway. A request whose connection the killed API refused or cut is
 * sent to the other one, as a load balancer would. Nothing may answer other than 2xx or 429, no
 * acknowledged write may be lost, and every webhook the outbox records as delivered arrives, once,
 * except a delivery cut off by the kill, which may arrive again with the same Weft-Webhook-Id.
 */
describe.skipIf(!onPostgres)('two API and two worker processes, one of each killed (PostgreSQL)', () => {
  const dbName = `weft_t_${process.env.WEFT_TEST_RUN ?? 'adhoc'}_scale_${randomBytes(4).toString('hex')}`;
  const logDir = path.join(os.tmpdir(), dbName);
  let databaseUrl = '';
  let rx: WebhookReceiver;
  const apis: WeftNode[] = [];
  const workers: WeftNode[] = [];
  let db: pg.Client;
  let failed = false;

  beforeAll(async () => {
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${dbName}`);
    await admin.end();
    const u = new URL(process.env.DATABASE_URL!);
    u.pathname = `/${dbName}`;
    databaseUrl = u.toString();
    fs.mkdirSync(logDir, { recursive: true });
    rx = await startReceiver();
    rx.delayMs = ANSWER_MS;
    const env = {
      DATABASE_URL: databaseUrl,
      WEFT_DATA_DIR: logDir,
      WEFT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      WEFT_SANDBOX_CLIENT_ID: KEYS.clientId,
      WEFT_SANDBOX_SECRET: KEYS.secret,
      WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
      WEFT_DEMO: 'false',
      WEFT_WEBHOOK_POLL_MS: '250',
      // A delivery the receiver was too slow for (a loaded machine) is tried again soon.
      WEFT_WEBHOOK_RETRY_BASE_MS: '500',
      LOG_LEVEL: 'warn',
    };
    for (const [role, list] of [
      ['api', apis],
      ['worker', workers],
    ] as const)
      for (let i = 0; i < 2; i++)
        list.push(
          new WeftNode(role, await freePort(), await freePort(), env, path.join(logDir, `${role}-${i}.log`)),
        );
    // All four at once, as a deployment starts them: migrations, pg-boss's schema and the pinned
    // sandbox keys are raced for.
    await Promise.all([...apis, ...workers].map((n) => n.start()));
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  }, 240_000);

  afterEach((ctx) => {
    if (ctx.task.result?.state === 'fail') failed = true;
  });

  afterAll(async () => {
    await db?.end();
    await Promise.all([...apis, ...workers].map((n) => n.stop()));
    await rx?.close();
    if (!databaseUrl) return;
    const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    // The processes' logs hold the request ids of any 500 and what the workers reported.
    if (failed) console.error(`Weft processes' logs kept in ${logDir}`);
    else fs.rmSync(logDir, { recursive: true, force: true });
  }, 60_000);

  it('a worker process answers only /health and /metrics, on its metrics port', async () => {
    const worker = workers[0]!;
    await expect(fetch(`${worker.base}/health`)).rejects.toThrow();
    expect((await fetch(`${worker.metricsBase}/health`)).status).toBe(200);
    const metrics = await fetch(`${worker.metricsBase}/metrics`);
    expect(metrics.status).toBe(200);
    expect(await metrics.text()).toContain('weft_webhook_deliveries_total');
    const api = await fetch(`${worker.metricsBase}/accounts/get`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: KEYS.clientId,
        secret: KEYS.secret,
        access_token: 'access-sandbox-x',
      }),
    });
    expect(api.status).toBe(404);
  });

  it('answers only 2xx and 429, loses no acknowledged write, and delivers each webhook once', async () => {
    const load = new FleetLoad(apis, KEYS, rx.url);
    const until = Date.now() + LOAD_MS;
    // Each restart runs beside the load; on a loaded machine a start can take most of a minute.
    const chaos = Promise.all([
      (async () => {
        // The worker early: what it held stays leased for a minute, and must be delivered by the end.
        await sleep(8_000);
        // Answered slowly for a moment, webhooks pile up in flight, so the kill likely cuts some off.
        rx.delayMs = SLOW_ANSWER_MS;
        const pending = () => rx.received.filter((h) => h.at > Date.now() - SLOW_ANSWER_MS).length;
        for (const end = Date.now() + 10_000; pending() < 3 && Date.now() < end; ) await sleep(50);
        await workers[0]!.kill();
        rx.delayMs = ANSWER_MS;
        await sleep(2_000);
        await workers[0]!.start();
      })(),
      (async () => {
        await sleep(LOAD_MS - 35_000);
        await apis[1]!.kill();
        await apis[1]!.start();
      })(),
    ]);
    await Promise.all([chaos, ...Array.from({ length: USERS }, (_, u) => load.user(u, until))]);

    const left = await drained(db, DRAIN_MS);
    const lost = await load.lostWrites();
    const hooks = await webhookReport(db, rx);
    const s = load.stats;
    console.log(
      `scale-out: ${s.requests} requests ${JSON.stringify(s.byStatus)}; ${s.refused} refused and ${s.cut} cut connections sent to the other API; ` +
        `${load.items.length} Items (${load.exchangesCut()} more whose exchange was cut off); ${hooks.events} webhooks delivered, ${hooks.arrivals} arrivals, ` +
        `${hooks.redelivered} redelivered with the same id (${hooks.afterKill} cut off by the kill); ` +
        `restarts: api ${apis.map((a) => a.starts - 1).join('/')}, worker ${workers.map((w) => w.starts - 1).join('/')}`,
    );

    expect(load.errors(), 'answers other than 2xx and 429').toEqual([]);
    expect(left, 'events left to deliver and history pulls left to complete').toEqual({
      open: 0,
      pulls: 0,
    });
    expect(load.items.length).toBeGreaterThanOrEqual(USERS);
    expect(s.refused + s.cut, 'the killed API was asked while it was down').toBeGreaterThan(0);
    expect(lost, 'acknowledged writes not read back').toEqual([]);
    expect(hooks.problems, 'webhook deliveries').toEqual([]);
    expect(hooks.events).toBeGreaterThan(load.items.length);
  }, 300_000);
});

/** Waits until no outbox event is left to deliver and every historical pull is done; what is left. */
async function drained(db: pg.Client, ms: number): Promise<{ open: number; pulls: number }> {
  for (const deadline = Date.now() + ms; ; ) {
    const { rows } = await db.query<{ open: number; pulls: number }>(
      `SELECT (SELECT count(*)::int FROM outbox WHERE status IN ('pending', 'queued', 'delivering')) AS open,
              (SELECT count(*)::int FROM transactions_state WHERE historical_loaded = 0) AS pulls`,
    );
    const left = rows[0]!;
    if ((left.open === 0 && left.pulls === 0) || Date.now() > deadline) return left;
    await sleep(500);
  }
}

/**
 * Compares what the outbox and its attempts record with what the receiver saw. Every event must be
 * delivered, with a successful attempt on record, and have arrived, carrying its own Item and code.
 * An event may arrive more than once only as a new attempt (its Weft-Webhook-Attempt differs) that
 * Weft took: one recorded as failed, or one a killed worker took and never settled.
 */
async function webhookReport(db: pg.Client, rx: WebhookReceiver) {
  // Arrivals may trail the record of their delivery by a moment.
  await sleep(500);
  const { rows: events } = await db.query<{
    id: number;
    item_id: string | null;
    webhook_code: string;
    status: string;
    attempts: number;
  }>('SELECT id, item_id, webhook_code, status, attempts FROM outbox ORDER BY id');
  const { rows: recorded } = await db.query<{ outbox_id: number; ok: number; all: number }>(
    `SELECT outbox_id, count(*) FILTER (WHERE status_code BETWEEN 200 AND 299)::int AS ok, count(*)::int AS all
       FROM webhook_attempts GROUP BY outbox_id`,
  );
  const attemptsOf = new Map(recorded.map((r) => [r.outbox_id, r]));
  const arrivals = new Map<number, Arrival[]>();
  const problems: string[] = [];
  for (const h of rx.received) {
    const id = Number(h.headers['weft-webhook-id']);
    if (!Number.isInteger(id)) problems.push(`arrival without a Weft-Webhook-Id: ${h.body.slice(0, 120)}`);
    const list = arrivals.get(id) ?? [];
    list.push({ attempt: String(h.headers['weft-webhook-attempt']), json: h.json });
    arrivals.set(id, list);
  }
  const known = new Set(events.map((e) => e.id));
  for (const id of arrivals.keys()) if (!known.has(id)) problems.push(`arrival for no outbox event: ${id}`);

  let redelivered = 0;
  let afterKill = 0;
  for (const e of events) {
    const hits = arrivals.get(e.id) ?? [];
    const rec = attemptsOf.get(e.id) ?? { ok: 0, all: 0 };
    if (e.status !== 'delivered') problems.push(`event ${e.id} (${e.webhook_code}) is ${e.status}`);
    if (rec.ok === 0) problems.push(`event ${e.id} has no successful attempt on record`);
    if (hits.length === 0)
      problems.push(`event ${e.id} (${e.webhook_code}) recorded delivered never arrived`);
    for (const h of hits)
      if (h.json.item_id !== e.item_id || h.json.webhook_code !== e.webhook_code)
        problems.push(`event ${e.id} arrived as ${String(h.json.webhook_code)} of ${String(h.json.item_id)}`);
    if (new Set(hits.map((h) => h.attempt)).size !== hits.length)
      problems.push(`event ${e.id} arrived twice as the same attempt`);
    if (hits.length > e.attempts)
      problems.push(`event ${e.id} arrived ${hits.length} times in ${e.attempts} attempts`);
    if (hits.length > 1) {
      redelivered += hits.length - 1;
      // Arrivals beyond the attempts recorded as failed: attempts a killed worker made and never
      // recorded or settled, so that its lease ran out and another worker sent the event again.
      afterKill += Math.max(0, hits.length - 1 - (rec.all - rec.ok));
    }
  }
  return { events: events.length, arrivals: rx.received.length, redelivered, afterKill, problems };
}

/** One webhook as the receiver saw it: which attempt, and its body. */
interface Arrival {
  attempt: string;
  json: Record<string, unknown>;
}
