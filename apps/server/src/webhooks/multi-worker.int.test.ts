import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../db/schema';
import { InProcessQueue } from '../jobs/in-process.queue';
import { PgBossQueue } from '../jobs/pg-boss.queue';
import { systemClock } from '../lib/clock';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../test/harness';
import { type DeliveryOutcome, DeliveryService } from './delivery.service';
import { WebhookDeliveryWorker } from './delivery.worker';
import { OutboxRepository } from './outbox.repository';
import { WebhookSigner } from './signer';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.test-kit';

const onPostgres = Boolean(process.env.DATABASE_URL?.startsWith('postgres'));
const WORKERS = 3;
const EVENTS = 240;

/** Counts what one worker's deliveries came to. */
class CountingDelivery extends DeliveryService {
  readonly outcomes: Record<string, number> = {};
  override async deliver(outboxId: number) {
    return this.count(await super.deliver(outboxId));
  }
  override async deliverNext(stream: string) {
    return this.count(await super.deliverNext(stream));
  }
  private count(outcome: DeliveryOutcome) {
    this.outcomes[outcome] = (this.outcomes[outcome] ?? 0) + 1;
    return outcome;
  }
}

/**
 * Several workers deliver one shared outbox. On PostgreSQL each has its own connection pool,
 * pg-boss instance and dispatcher, as separate `weft start --roles=worker` processes would have;
 * on SQLite, where one process owns the file, several in-process workers share its connection.
 */
describe(`webhook delivery with several workers on one ${onPostgres ? 'PostgreSQL' : 'SQLite'} database`, () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  const handles: Kysely<Database>[] = [];
  const workers: WebhookDeliveryWorker[] = [];
  const deliveries: CountingDelivery[] = [];

  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({
      env: { WEFT_WEBHOOK_POLL_MS: '20', WEFT_WEBHOOK_RETRY_BASE_MS: '30', ...LOOPBACK_TARGETS },
    });
    const config = w.config;
    const dialect = config.database.dialect;
    for (let i = 0; i < WORKERS; i++) {
      let db: Kysely<Database> = w.ctx.db;
      if (config.database.dialect === 'postgres') {
        const pool = new pg.Pool({ connectionString: config.database.url, max: 10 });
        // Ending a pool resolves before its sockets have closed; a socket still closing when the
        // database goes away gets 57P01. Nothing uses it any more, so ignore that.
        pool.on('connect', (client) => client.on('error', () => undefined));
        db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
        handles.push(db);
      }
      const delivery = new CountingDelivery(
        db,
        dialect,
        systemClock,
        new WebhookSigner(db, dialect, w.ctx.secretBox, systemClock, systemClock),
        config.webhookDelivery,
        w.ctx.outbound,
      );
      deliveries.push(delivery);
      const queue =
        config.database.dialect === 'postgres'
          ? new PgBossQueue({ connectionString: config.database.url, pollingIntervalSeconds: 0.5 })
          : new InProcessQueue();
      workers.push(
        new WebhookDeliveryWorker(db, dialect, systemClock, queue, delivery, config.webhookDelivery, {
          error: (obj, msg) => console.error(msg, obj),
          info: () => undefined,
        }),
      );
    }
  });

  afterAll(async () => {
    for (const worker of workers) await worker.stop();
    for (const h of handles) await h.destroy();
    if (w) await w.close();
    await rx?.close();
  });

  it('delivers every event exactly once (retries included) while three workers compete', async () => {
    const items = await Promise.all(
      [0, 1, 2].map(() =>
        createItem(w, w.clientA, { initial_products: ['auth'], options: { webhook: rx.url } }),
      ),
    );
    // Every tenth event is refused on its first attempt, so retries race too.
    const refusedOnce = new Set<number>();
    rx.respond = (n) => {
      const seq = Number(rx.received[n]!.json.seq);
      if (seq % 10 === 0 && !refusedOnce.has(seq)) {
        refusedOnce.add(seq);
        return 500;
      }
      return 200;
    };
    const now = new Date().toISOString();
    const outbox = new OutboxRepository(w.ctx.db);
    for (let seq = 0; seq < EVENTS; seq++) {
      const item = items[seq % items.length]!;
      await outbox.enqueue(
        {
          clientId: w.clientA.clientId,
          itemId: item.itemId,
          webhookType: 'TRANSACTIONS',
          webhookCode: 'SYNC_UPDATES_AVAILABLE',
          payload: {
            item_id: item.itemId,
            seq,
            initial_update_complete: true,
            historical_update_complete: true,
          },
        },
        now,
      );
    }

    const started = performance.now();
    await Promise.all(workers.map((x) => x.start()));
    const retried = EVENTS / 10;
    await rx.waitFor(EVENTS + retried, () => true, 30_000);
    const elapsed = performance.now() - started;
    await new Promise((res) => setTimeout(res, 700));

    const seqs = rx.received.map((h) => Number(h.json.seq));
    const counts = new Map<number, number>();
    for (const s of seqs) counts.set(s, (counts.get(s) ?? 0) + 1);
    expect(counts.size).toBe(EVENTS);
    for (const [seq, n] of counts) expect(n, `seq ${seq}`).toBe(seq % 10 === 0 ? 2 : 1);
    expect(rx.received).toHaveLength(EVENTS + retried);

    const statuses = await w.ctx.db.selectFrom('outbox').select(['status', 'attempts']).execute();
    expect(statuses.every((s) => s.status === 'delivered')).toBe(true);
    const attempts = await w.ctx.db.selectFrom('webhook_attempts').select('outbox_id').execute();
    expect(attempts).toHaveLength(EVENTS + retried);

    const delivered = deliveries.map((d) => d.outcomes.delivered ?? 0);
    expect(delivered.reduce((a, b) => a + b, 0)).toBe(EVENTS);
    // Work spreads: more than one worker delivered.
    expect(delivered.filter((n) => n > 0).length).toBeGreaterThan(1);
    console.log(
      `${WORKERS} workers: ${EVENTS} events + ${retried} retries in ${Math.round(elapsed)} ms; delivered per worker ${delivered.join('/')}`,
    );

    // Signatures from any worker verify against the one published key.
    const kid = JSON.parse(
      Buffer.from(
        String(rx.received[0]!.headers['plaid-verification']).split('.')[0]!,
        'base64url',
      ).toString(),
    ).kid as string;
    const key = await post(w, '/webhook_verification_key/get', { ...auth(w.clientA), key_id: kid });
    expect(key.status).toBe(200);
    const kids = new Set(
      rx.received.map(
        (h) =>
          JSON.parse(
            Buffer.from(String(h.headers['plaid-verification']).split('.')[0]!, 'base64url').toString(),
          ).kid,
      ),
    );
    expect(kids.size).toBe(1);
    expect(await w.ctx.db.selectFrom('webhook_keys').select('kid').execute()).toHaveLength(1);
  });
});
