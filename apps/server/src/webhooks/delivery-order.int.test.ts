import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Db } from '../db/schema';
import type { ClientKeys } from '../products/clients/clients.service';
import { createItem, createTestWeft, LOOPBACK_TARGETS, type TestWeft } from '../test/harness';
import { OutboxRepository } from './outbox.repository';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.test-kit';

const ENV = {
  WEFT_WEBHOOK_POLL_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '5000',
  WEFT_WEBHOOK_RETRY_BASE_MS: '100',
  WEFT_WEBHOOK_RETRY_MAX_MS: '200',
  WEFT_WEBHOOK_MAX_ATTEMPTS: '3',
  ...LOOPBACK_TARGETS,
};

/**
 * Fairness between clients and order within an Item, as a receiver sees them: a slow client holds
 * up only itself, an Item's next webhook waits for the one before it (retries and a dead worker's
 * delivery included), and a redelivery carries the id of the event it repeats.
 */
describe('webhook delivery order and fairness', () => {
  let w: TestWeft;
  const receivers: WebhookReceiver[] = [];
  beforeAll(async () => {
    w = await createTestWeft({ env: ENV });
    const worker = w.ctx.workers.find((x) => x.name === 'webhook-delivery');
    if (!worker) throw new Error('no webhook worker registered');
    await worker.start();
  });
  afterAll(async () => {
    for (const rx of receivers) await rx.close();
    await w.close();
  });

  async function receiver(): Promise<WebhookReceiver> {
    const rx = await startReceiver();
    receivers.push(rx);
    return rx;
  }

  async function item(keys: ClientKeys, url: string): Promise<string> {
    return (await createItem(w, keys, { initial_products: ['auth'], options: { webhook: url } })).itemId;
  }

  /** Enqueues one event per `seq`, in order, as a producer would; returns their outbox ids. */
  async function enqueue(
    keys: ClientKeys,
    itemId: string,
    seqs: number[],
    db: Db = w.ctx.db,
  ): Promise<number[]> {
    const outbox = new OutboxRepository(db);
    const ids: number[] = [];
    for (const seq of seqs)
      ids.push(
        await outbox.enqueue(
          {
            clientId: keys.clientId,
            itemId,
            webhookType: 'ITEM',
            webhookCode: 'NEW_ACCOUNTS_AVAILABLE',
            payload: { item_id: itemId, error: null, seq },
          },
          new Date().toISOString(),
        ),
      );
    return ids;
  }

  const seqs = (rx: WebhookReceiver, itemId: string) =>
    rx.received.filter((h) => h.json.item_id === itemId).map((h) => Number(h.json.seq));

  it("delivers another client's webhooks promptly while one client's endpoint takes 3 s per request", async () => {
    const slow = await receiver();
    slow.delayMs = 3000;
    const fast = await receiver();
    // Client A: more Items than a worker has delivery slots, each with a backlog, all slow.
    const aItems: string[] = [];
    for (let i = 0; i < 20; i++) aItems.push(await item(w.clientA, slow.url));
    for (const itemId of aItems) await enqueue(w.clientA, itemId, [0, 1, 2]);
    const bItems = [await item(w.clientB, fast.url), await item(w.clientB, fast.url)];
    await slow.waitFor(1, () => true, 10_000);

    // Client B's events arrive while A's requests are hanging.
    const sent = Date.now();
    for (const itemId of bItems) await enqueue(w.clientB, itemId, [0, 1, 2, 3, 4]);
    const hooks = await fast.waitFor(10, () => true, 10_000);
    const tookMs = Math.max(...hooks.map((h) => h.at)) - sent;
    expect(tookMs).toBeLessThan(2000);
    for (const itemId of bItems) expect(seqs(fast, itemId)).toEqual([0, 1, 2, 3, 4]);
    // A is still being delivered: most of its 60 webhooks are yet to come.
    expect(slow.received.length).toBeLessThan(30);
    slow.delayMs = 0;
  }, 30_000);

  // Client A's slow backlog may still be draining under its cap; these use client B.
  it("holds an Item's later webhooks until the first is delivered after a failed attempt, then sends them in order", async () => {
    const rx = await receiver();
    const itemId = await item(w.clientB, rx.url);
    let refused = false;
    rx.respond = (n) => {
      if (!refused && rx.received[n]!.json.seq === 0) {
        refused = true;
        return 500;
      }
      return 200;
    };
    await enqueue(w.clientB, itemId, [0, 1, 2, 3]);
    await rx.waitFor(5, (h) => h.json.item_id === itemId);
    expect(seqs(rx, itemId)).toEqual([0, 0, 1, 2, 3]);
  });

  it("holds an Item's later webhooks until the first has finally failed", async () => {
    const rx = await receiver();
    const itemId = await item(w.clientB, rx.url);
    rx.respond = (n) => (rx.received[n]!.json.seq === 0 ? 503 : 200);
    await enqueue(w.clientB, itemId, [0, 1, 2]);
    await rx.waitFor(5, (h) => h.json.item_id === itemId);
    expect(seqs(rx, itemId)).toEqual([0, 0, 0, 1, 2]);
  });

  it("sends a dead worker's delivery again first, with the same id, once its lease runs out", async () => {
    const rx = await receiver();
    const itemId = await item(w.clientB, rx.url);
    // What a worker killed while sending event 0 leaves behind: the event held under its lease,
    // one attempt counted, and the events after it waiting.
    const leaseEnds = Date.now() + 1500;
    const [first, ...rest] = await w.ctx.db.transaction().execute(async (trx) => {
      const ids = await enqueue(w.clientB, itemId, [0, 1, 2], trx);
      await trx
        .updateTable('outbox')
        .set({ status: 'delivering', attempts: 1, next_attempt_at: new Date(leaseEnds).toISOString() })
        .where('id', '=', ids[0]!)
        .execute();
      return ids;
    });

    const hooks = await rx.waitFor(3, (h) => h.json.item_id === itemId);
    expect(hooks.map((h) => Number(h.json.seq))).toEqual([0, 1, 2]);
    expect(hooks[0]!.at).toBeGreaterThanOrEqual(leaseEnds);
    // Recovered within a few polls of the lease's end, not a queue's length later.
    expect(hooks[0]!.at - leaseEnds).toBeLessThan(1000);
    expect(hooks.map((h) => h.headers['weft-webhook-id'])).toEqual([first, ...rest].map(String));
    expect(hooks[0]!.headers['weft-webhook-attempt']).toBe('2');
  });
});
