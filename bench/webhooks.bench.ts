import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post } from '../apps/server/src/test/harness';
import { postJson } from '../apps/server/src/webhooks/http-post';
import { OutboxRepository } from '../apps/server/src/webhooks/outbox.repository';
import { startReceiver } from '../apps/server/src/webhooks/webhook-receiver.test-kit';

/**
 * Webhook delivery: N events already in the outbox, one worker (in process on SQLite, pg-boss when
 * DATABASE_URL is PostgreSQL) delivering them signed to a loopback receiver, spread over 20 Items. Reports throughput and
 * the outbox-to-receiver latency percentiles. The baseline beside it is the same bodies POSTed
 * bare (no outbox, no queue, no signature) with the same concurrency: the floor for delivery.
 */
const N = Number(process.env.BENCH_WEBHOOKS ?? 1000);
const CONCURRENCY = 4;
const ITEMS = 20;

const pct = (xs: number[], p: number) =>
  [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))]!;

async function main(): Promise<void> {
  const rx = await startReceiver();
  const w = await createTestWeft({ env: { WEFT_WEBHOOK_POLL_MS: '50', ...LOOPBACK_TARGETS } });
  // Events spread over Items as real traffic is: one Item's webhooks go out in order, Items in parallel.
  const items: { itemId: string }[] = [];
  for (let i = 0; i < ITEMS; i++)
    items.push(await createItem(w, w.clientA, { initial_products: ['auth'], options: { webhook: rx.url } }));
  // Warm the signing key so key generation is not measured.
  const warm = await createItem(w, w.clientA, { initial_products: ['auth'], options: { webhook: rx.url } });
  const worker = w.ctx.workers.find((x) => x.name === 'webhook-delivery')!;
  await worker.start();
  await post(w, '/sandbox/item/fire_webhook', {
    ...auth(w.clientA),
    access_token: warm.accessToken,
    webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
  });
  await rx.waitFor(1);
  await worker.stop();
  rx.received.length = 0;

  const outbox = new OutboxRepository(w.ctx.db);
  for (let seq = 0; seq < N; seq++) {
    const itemId = items[seq % ITEMS]!.itemId;
    await outbox.enqueue(
      {
        clientId: w.clientA.clientId,
        itemId,
        webhookType: 'ITEM',
        webhookCode: 'NEW_ACCOUNTS_AVAILABLE',
        payload: { item_id: itemId, error: null, seq },
      },
      new Date().toISOString(),
    );
  }
  const t0 = performance.now();
  const s0 = Date.now();
  await worker.start();
  await rx.waitFor(N, () => true, 300_000);
  const weftMs = performance.now() - t0;
  await worker.stop();
  const latencies = rx.received.map((h) => h.at - s0);

  const bodies = rx.received.map((h) => h.body);
  rx.received.length = 0;
  const t1 = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < bodies.length) {
        const body = bodies[next++]!;
        await postJson(
          rx.url,
          body,
          { 'content-type': 'application/json' },
          { timeoutMs: 10_000, guard: w.ctx.outbound },
        );
      }
    }),
  );
  const bareMs = performance.now() - t1;

  const dialect = w.ctx.dialect === 'postgres' ? 'PostgreSQL + pg-boss' : 'SQLite, in process';
  console.log(`webhook delivery (${dialect}), ${N} events, 1 worker:`);
  console.log(
    `  Weft:     ${(N / (weftMs / 1000)).toFixed(0)} events/s (${weftMs.toFixed(0)} ms); time from worker start to receipt p50 ${pct(latencies, 0.5)} ms, p95 ${pct(latencies, 0.95)} ms`,
  );
  console.log(
    `  baseline: ${(N / (bareMs / 1000)).toFixed(0)} bare POSTs/s (${bareMs.toFixed(0)} ms), concurrency ${CONCURRENCY}`,
  );
  console.log(`  ratio Weft/baseline throughput: ${(bareMs / weftMs).toFixed(2)}`);
  await w.close();
  await rx.close();
}

/**
 * Fairness: the time client B's FAIR_EVENTS webhooks (over 10 Items) take to arrive while client A
 * has 200 events queued for an endpoint that answers after 3 s, against the same with A idle (the
 * baseline beside it). One slow client should cost the others next to nothing.
 */
const FAIR_EVENTS = 200;

async function fairness(): Promise<void> {
  const slow = await startReceiver();
  slow.delayMs = 3000;
  const fast = await startReceiver();
  const w = await createTestWeft({ env: { WEFT_WEBHOOK_POLL_MS: '50', ...LOOPBACK_TARGETS } });
  const outbox = new OutboxRepository(w.ctx.db);
  const enqueue = async (clientId: string, itemIds: string[], perItem: number) => {
    for (let seq = 0; seq < perItem; seq++)
      for (const itemId of itemIds)
        await outbox.enqueue(
          {
            clientId,
            itemId,
            webhookType: 'ITEM',
            webhookCode: 'NEW_ACCOUNTS_AVAILABLE',
            payload: { item_id: itemId, error: null, seq },
          },
          new Date().toISOString(),
        );
  };
  const itemsOf = async (keys: typeof w.clientA, url: string, n: number) => {
    const ids: string[] = [];
    for (let i = 0; i < n; i++)
      ids.push((await createItem(w, keys, { initial_products: ['auth'], options: { webhook: url } })).itemId);
    return ids;
  };
  const aItems = await itemsOf(w.clientA, slow.url, 20);
  const bItems = await itemsOf(w.clientB, fast.url, 10);
  const worker = w.ctx.workers.find((x) => x.name === 'webhook-delivery')!;
  await worker.start();
  const timeB = async () => {
    const before = fast.received.length;
    const t0 = performance.now();
    await enqueue(w.clientB.clientId, bItems, FAIR_EVENTS / bItems.length);
    await fast.waitFor(before + FAIR_EVENTS, () => true, 300_000);
    return performance.now() - t0;
  };
  const alone = await timeB();
  await enqueue(w.clientA.clientId, aItems, 10);
  await slow.waitFor(1, () => true, 30_000);
  const contended = await timeB();
  console.log(`fairness: client B's ${FAIR_EVENTS} events while client A's endpoint takes 3 s per request:`);
  console.log(
    `  Weft:     ${contended.toFixed(0)} ms (client A: ${slow.received.length} of 200 received by then)`,
  );
  console.log(`  baseline: ${alone.toFixed(0)} ms with client A idle`);
  console.log(`  ratio baseline/Weft: ${(alone / contended).toFixed(2)}`);
  slow.delayMs = 0;
  await w.close();
  await slow.close();
  await fast.close();
}

main()
  .then(fairness)
  .catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
