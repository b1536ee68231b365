import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { startReceiver, type WebhookReceiver } from '../../webhooks/webhook-receiver.test-kit';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';

// The receiver listens on 127.0.0.1, which Weft only delivers to when allowed to.
const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
};

interface ItemStatus {
  investments: unknown;
  transactions: { last_successful_update: string | null; last_failed_update: string | null } | null;
  last_webhook: { sent_at: string | null; code_sent: string } | null;
}

describe('/item/get status', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  const clock = new FixedClock(new Date('2026-12-01T09:00:00.000Z'));
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST, clock });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  async function status(accessToken: string): Promise<ItemStatus> {
    const r = await post<{ status: ItemStatus }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.status;
  }

  it('reports each successful transactions update once it has completed, and the last failed one', async () => {
    const created = clock.now();
    const at = (ms: number) => new Date(created.getTime() + ms).toISOString();
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    // The first pull is still running: nothing has succeeded or failed yet.
    expect((await status(accessToken)).transactions).toEqual({
      last_successful_update: null,
      last_failed_update: null,
    });

    clock.advance(PULL_DELAYS_MS.initial);
    expect((await status(accessToken)).transactions?.last_successful_update).toBe(at(PULL_DELAYS_MS.initial));
    clock.advance(PULL_DELAYS_MS.historical);
    expect((await status(accessToken)).transactions?.last_successful_update).toBe(
      at(PULL_DELAYS_MS.historical),
    );

    // A refresh that finds nothing new is still a successful update.
    clock.advance(60_000);
    const refreshedAt = clock.now().toISOString();
    expect(
      (await post(w, '/transactions/refresh', { ...auth(w.clientA), access_token: accessToken })).status,
    ).toBe(200);
    expect((await status(accessToken)).transactions).toEqual({
      last_successful_update: refreshedAt,
      last_failed_update: null,
    });

    clock.advance(60_000);
    const failedAt = clock.now().toISOString();
    expect(
      (await post(w, '/sandbox/item/reset_login', { ...auth(w.clientA), access_token: accessToken })).status,
    ).toBe(200);
    clock.advance(60_000);
    const s = await status(accessToken);
    expect(s.transactions).toEqual({ last_successful_update: refreshedAt, last_failed_update: failedAt });
    expect(s.investments).toBeNull();
  });

  it('has no transactions status for an Item without transactions, and no investments status', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['auth'] });
    clock.advance(PULL_DELAYS_MS.historical);
    await post(w, '/sandbox/item/reset_login', { ...auth(w.clientA), access_token: accessToken });
    const s = await status(accessToken);
    expect(s.transactions).toBeNull();
    expect(s.investments).toBeNull();
  });

  it('reports the last webhook fired at the Item, whether or not the app accepted it', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    expect((await status(accessToken)).last_webhook).toBeNull();

    rx.respond = 500;
    try {
      const firedAt = clock.now().toISOString();
      await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      });
      await rx.waitFor(
        1,
        (h) => h.json.item_id === itemId && h.json.webhook_code === 'NEW_ACCOUNTS_AVAILABLE',
      );
      await waitUntil(async () => (await status(accessToken)).last_webhook !== null);
      expect((await status(accessToken)).last_webhook).toEqual({
        sent_at: firedAt,
        code_sent: 'NEW_ACCOUNTS_AVAILABLE',
      });
    } finally {
      rx.respond = 200;
    }

    clock.advance(5_000);
    const repairedAt = clock.now().toISOString();
    await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'PENDING_DISCONNECT',
    });
    await waitUntil(async () => (await status(accessToken)).last_webhook?.code_sent === 'PENDING_DISCONNECT');
    expect((await status(accessToken)).last_webhook).toEqual({
      sent_at: repairedAt,
      code_sent: 'PENDING_DISCONNECT',
    });
  });

  it('reports no webhook for an Item without a webhook URL, though its events are in the outbox', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    clock.advance(PULL_DELAYS_MS.historical);
    await post(w, '/transactions/refresh', { ...auth(w.clientA), access_token: accessToken });
    const events = await w.ctx.db.selectFrom('outbox').select('id').where('item_id', '=', itemId).execute();
    expect(events.length).toBeGreaterThan(0);
    expect((await status(accessToken)).last_webhook).toBeNull();
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error('condition not met in time');
}
