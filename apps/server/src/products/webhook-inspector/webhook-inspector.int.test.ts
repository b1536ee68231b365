import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../../test/harness';
import { startReceiver, type WebhookReceiver } from '../../webhooks/webhook-receiver.test-kit';

interface Delivery {
  delivery_id: string;
  webhook_type: string;
  webhook_code: string;
  status: string;
  payload: Record<string, unknown>;
  attempt_count: number;
  request: { url: string; headers: Record<string, string>; body: string } | null;
  response: { status_code: number; body: string | null } | null;
  attempts: { attempt: number; latency_ms: number; started_at: string }[];
}

describe('webhook inspector', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: { WEFT_WEBHOOK_POLL_MS: '10', ...LOOPBACK_TARGETS } });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  const list = (accessToken: string, extra: Record<string, unknown> = {}) =>
    post<{ item_id: string; webhook: string | null; deliveries: Delivery[] }>(w, '/weft/webhooks/list', {
      ...auth(w.clientA),
      access_token: accessToken,
      ...extra,
    });

  async function until(accessToken: string, ok: (d: Delivery[]) => boolean): Promise<Delivery[]> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const r = await list(accessToken);
      if (ok(r.body.deliveries)) return r.body.deliveries;
      if (Date.now() > deadline) throw new Error(JSON.stringify(r.body));
      await new Promise((res) => setTimeout(res, 20));
    }
  }

  it('lists deliveries with the exact request, the response and every attempt', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    const [hook] = await rx.waitFor(1, (h) => h.json.item_id === itemId);
    const [d] = await until(accessToken, (ds) => ds[0]?.status === 'delivered');
    expect(d).toMatchObject({
      webhook_type: 'ITEM',
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      status: 'delivered',
      attempt_count: 1,
      payload: { item_id: itemId, webhook_code: 'NEW_ACCOUNTS_AVAILABLE' },
      response: { status_code: 200 },
    });
    expect(d!.request!.url).toBe(rx.url);
    expect(d!.request!.body).toBe(hook!.body);
    expect(d!.request!.headers['Plaid-Verification']).toBe(hook!.headers['plaid-verification']);
    expect(d!.attempts[0]!.latency_ms).toBeGreaterThanOrEqual(0);
    const r = await list(accessToken);
    expect(r.body.item_id).toBe(itemId);
    expect(r.body).not.toHaveProperty('request_id');
  });

  it('shows events for Items without a webhook as skipped', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['auth'] });
    await post(w, '/sandbox/item/reset_login', { ...auth(w.clientA), access_token: accessToken });
    const ds = (await list(accessToken)).body.deliveries;
    expect(ds).toHaveLength(1);
    expect(ds[0]).toMatchObject({ webhook_code: 'ERROR', status: 'skipped', attempts: [], request: null });
  });

  it('replays a delivery as a new, freshly signed one', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'PENDING_DISCONNECT',
    });
    const [first] = await until(accessToken, (ds) => ds[0]?.status === 'delivered');
    const r = await post<{ delivery: Delivery }>(w, '/weft/webhooks/replay', {
      ...auth(w.clientA),
      access_token: accessToken,
      delivery_id: first!.delivery_id,
    });
    expect(r.status).toBe(200);
    expect(r.body.delivery.delivery_id).not.toBe(first!.delivery_id);
    expect(r.body.delivery).toMatchObject({ webhook_code: 'PENDING_DISCONNECT', attempts: [] });
    const hooks = await rx.waitFor(2, (h) => h.json.item_id === itemId);
    expect(hooks[1]!.body).toBe(hooks[0]!.body);
    const ds = await until(accessToken, (x) => x.length === 2 && x.every((d) => d.status === 'delivered'));
    expect(ds.map((d) => d.delivery_id)).toEqual([r.body.delivery.delivery_id, first!.delivery_id]);

    const page = await list(accessToken, { count: 1, before: r.body.delivery.delivery_id });
    expect(page.body.deliveries.map((d) => d.delivery_id)).toEqual([first!.delivery_id]);
  });

  it("answers NOT_FOUND for another Item's delivery or a malformed id", async () => {
    const a = await createItem(w, w.clientA, { initial_products: ['auth'], options: { webhook: rx.url } });
    const b = await createItem(w, w.clientA, { initial_products: ['auth'], options: { webhook: rx.url } });
    await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: a.accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    const [d] = (await list(a.accessToken)).body.deliveries;
    for (const id of [d!.delivery_id, 'abc', '0', '99999999']) {
      const r = await post(w, '/weft/webhooks/replay', {
        ...auth(w.clientA),
        access_token: b.accessToken,
        delivery_id: id,
      });
      expect(r.status, id).toBe(404);
      expect(r.body.error_code).toBe('NOT_FOUND');
    }
  });

  it("never shows or replays client A's deliveries to client B", async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    const [d] = (await list(accessToken)).body.deliveries;
    for (const [url, extra] of [
      ['/weft/webhooks/list', {}],
      ['/weft/webhooks/replay', { delivery_id: d!.delivery_id }],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientB), access_token: accessToken, ...extra });
      expect(r.status, url).toBe(400);
      expect(r.body.error_code, url).toBe('INVALID_ACCESS_TOKEN');
    }
    expect((await list(accessToken)).body.deliveries).toHaveLength(1);
  });
});
