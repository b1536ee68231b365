import { setTimeout as sleep } from 'node:timers/promises';
import { decodeProtectedHeader } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../test/harness';
import { retryDelayMs } from './delivery.service';
import { WebhookDeliveryWorker } from './delivery.worker';
import { OutboxRepository } from './outbox.repository';
import { KEY_RECHECK_MS } from './signer';
import {
  startReceiver,
  type VerificationJwk,
  verifyLikeAnApp as verify,
  type WebhookReceiver,
} from './webhook-receiver.test-kit';
import { webhookSigner } from './webhooks.module';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_TIMEOUT_MS: '300',
  WEFT_WEBHOOK_RETRY_BASE_MS: '40',
  WEFT_WEBHOOK_RETRY_MAX_MS: '200',
  WEFT_WEBHOOK_MAX_ATTEMPTS: '3',
};

/** FAST, delivering to the loopback receiver (the development opt-in). */
const FAST_LOOPBACK = { ...FAST, ...LOOPBACK_TARGETS };

/** An Item without Transactions, so the only webhooks it gets are the ones a test fires. */
function authItem(w: TestWeft, webhook?: string) {
  return createItem(w, w.clientA, {
    initial_products: ['auth'],
    ...(webhook ? { options: { webhook } } : {}),
  });
}

function startDelivery(w: TestWeft): Promise<void> {
  const worker = w.ctx.workers.find((x) => x.name === 'webhook-delivery');
  if (!worker) throw new Error('no webhook worker registered');
  return worker.start();
}

describe('webhook delivery', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST_LOOPBACK });
    await startDelivery(w);
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  it('signs webhooks so that an app verifying them as Plaid documents accepts them, and rejects tampering', async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    const fired = await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    expect(fired.status).toBe(200);
    expect(fired.body).toMatchObject({ webhook_fired: true });
    const [hook] = await rx.waitFor(1, (h) => h.json.item_id === itemId);
    expect(hook!.headers['content-type']).toBe('application/json');
    expect(hook!.json).toMatchObject({
      webhook_type: 'ITEM',
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      item_id: itemId,
      error: null,
      environment: 'sandbox',
    });

    const { header, payload, key } = await verify(w, w.clientA, hook!);
    expect(header).toMatchObject({ alg: 'ES256', typ: 'JWT' });
    expect(typeof header.kid).toBe('string');
    expect(Object.keys(payload).sort()).toEqual(['iat', 'request_body_sha256']);
    expect(Math.abs(Number(payload.iat) - Date.now() / 1000)).toBeLessThan(60);
    expect(key).toMatchObject({
      alg: 'ES256',
      crv: 'P-256',
      kty: 'EC',
      use: 'sig',
      kid: header.kid,
      expired_at: null,
    });
    expect(Number.isInteger(key.created_at)).toBe(true);

    const tampered = hook!.body.replace('"NEW_ACCOUNTS_AVAILABLE"', '"LOGIN_REPAIRED"');
    await expect(verify(w, w.clientA, { headers: hook!.headers, body: tampered })).rejects.toThrow(
      'body hash mismatch',
    );
    const forged = `${String(hook!.headers['plaid-verification']).slice(0, -4)}AAAA`;
    await expect(
      verify(w, w.clientA, { headers: { 'plaid-verification': forged }, body: hook!.body }),
    ).rejects.toThrow();
  });

  it('keeps one stable key id across webhooks', async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    for (let i = 0; i < 2; i++)
      await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      });
    const hooks = await rx.waitFor(2, (h) => h.json.item_id === itemId);
    const kids = hooks.map((h) => decodeProtectedHeader(String(h.headers['plaid-verification'])).kid);
    expect(new Set(kids).size).toBe(1);
  });

  it('rotates its key from another process: new webhooks carry the new kid, the old key stays readable, expired', async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    const fire = () =>
      post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      });
    await fire();
    const [before] = await rx.waitFor(1, (h) => h.json.item_id === itemId);
    const oldKid = (await verify(w, w.clientA, before!)).header.kid;

    // What `weft webhook-key rotate` does, from a process other than the one delivering.
    const other = await build(w.config, { logger: false });
    const rotated = await webhookSigner(other.ctx)
      .rotate()
      .finally(() => other.app.close());
    expect(rotated.kid).not.toBe(oldKid);
    // The delivering process checks which key is in use at least this often.
    await sleep(KEY_RECHECK_MS + 50);

    await fire();
    const hooks = await rx.waitFor(2, (h) => h.json.item_id === itemId);
    const after = await verify(w, w.clientA, hooks[1]!);
    expect(after.header.kid).toBe(rotated.kid);
    expect(after.key.expired_at).toBeNull();

    const old = await post<{ key: VerificationJwk }>(w, '/webhook_verification_key/get', {
      ...auth(w.clientA),
      key_id: oldKid,
    });
    expect(old.status).toBe(200);
    expect(old.body.key.expired_at).toEqual(expect.any(Number));
    expect(old.body.key.expired_at!).toBeGreaterThanOrEqual(old.body.key.created_at);
    // A webhook signed before the rotation still verifies against the key it names.
    await expect(verify(w, w.clientA, before!)).resolves.toBeDefined();
  });

  it('answers INVALID_WEBHOOK_VERIFICATION_KEY_ID for a key it never issued', async () => {
    const r = await post(w, '/webhook_verification_key/get', {
      ...auth(w.clientA),
      key_id: '6c5516e1-92dc-479e-a8ff-5a51992e0001',
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({
      error_type: 'INVALID_INPUT',
      error_code: 'INVALID_WEBHOOK_VERIFICATION_KEY_ID',
    });
    const anonymous = await post(w, '/webhook_verification_key/get', {
      client_id: w.clientA.clientId,
      secret: 'not-the-secret-0000',
      key_id: 'x',
    });
    expect(anonymous.body).toMatchObject({ error_code: 'INVALID_API_KEYS' });
  });

  it('retries failed deliveries with growing delays and records every attempt', async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    let seen = 0;
    let hookId: string | string[] | undefined;
    rx.respond = () => (seen++ < 2 ? 500 : 200);
    try {
      await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      });
      const hooks = await rx.waitFor(3, (h) => h.json.item_id === itemId);
      const gaps = [hooks[1]!.at - hooks[0]!.at, hooks[2]!.at - hooks[1]!.at];
      expect(gaps[0]).toBeGreaterThanOrEqual(35);
      expect(gaps[1]).toBeGreaterThanOrEqual(150);
      expect(new Set(hooks.map((h) => h.headers['plaid-verification'])).size).toBe(3);
      // One event: the same id and body on every attempt, the attempt counted from 1.
      const ids = hooks.map((h) => h.headers['weft-webhook-id']);
      expect(ids[0]).toMatch(/^\d+$/);
      expect(new Set(ids).size).toBe(1);
      hookId = ids[0];
      expect(hooks.map((h) => h.headers['weft-webhook-attempt'])).toEqual(['1', '2', '3']);
      expect(new Set(hooks.map((h) => h.body)).size).toBe(1);
    } finally {
      rx.respond = 200;
    }
    const list = await waitForStatus(w, accessToken, 'delivered');
    const d = list[0]!;
    expect(d.delivery_id).toBe(hookId);
    expect(d.attempts.map((a) => a.response?.status_code)).toEqual([500, 500, 200]);
    expect(d.attempts.map((a) => a.attempt)).toEqual([1, 2, 3]);
    for (const a of d.attempts) expect(a.latency_ms).toBeGreaterThanOrEqual(0);
  });

  it('gives up after the maximum number of attempts', async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    rx.respond = 503;
    try {
      await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'PENDING_DISCONNECT',
      });
      await rx.waitFor(3, (h) => h.json.item_id === itemId);
      const list = await waitForStatus(w, accessToken, 'failed');
      expect(list[0]!.attempts).toHaveLength(3);
      await new Promise((r) => setTimeout(r, 300));
      expect(rx.received.filter((h) => h.json.item_id === itemId)).toHaveLength(3);
    } finally {
      rx.respond = 200;
    }
  });

  it('records a timeout as an attempt without a response', async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    rx.delayMs = 600;
    try {
      await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      });
      await rx.waitFor(1, (h) => h.json.item_id === itemId);
      const list = await waitFor(w, accessToken, (d) => d.attempts.length >= 1);
      const first = list[0]!.attempts[0]!;
      expect(first.response).toBeNull();
      expect(first.error).toMatch(/timed out/);
      expect(first.latency_ms).toBeGreaterThanOrEqual(250);
    } finally {
      rx.delayMs = 0;
    }
  });

  it('delivers WEBHOOK_UPDATE_ACKNOWLEDGED to the new URL', async () => {
    const { accessToken, itemId } = await authItem(w);
    const r = await post(w, '/item/webhook/update', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook: rx.url,
    });
    expect(r.status).toBe(200);
    const [hook] = await rx.waitFor(1, (h) => h.json.item_id === itemId);
    expect(hook!.json).toMatchObject({
      webhook_type: 'ITEM',
      webhook_code: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
      new_webhook_url: rx.url,
      error: null,
    });
    await verify(w, w.clientA, hook!);
    const [delivery] = await waitForStatus(w, accessToken, 'delivered');
    const item = await post<{ status: { last_webhook: { sent_at: string; code_sent: string } | null } }>(
      w,
      '/item/get',
      { ...auth(w.clientA), access_token: accessToken },
    );
    expect(item.body.status.last_webhook).toEqual({
      sent_at: delivery!.attempts[0]!.started_at,
      code_sent: 'WEBHOOK_UPDATE_ACKNOWLEDGED',
    });
  });

  it("delivers one Item's webhooks in the order they happened", async () => {
    const { accessToken, itemId } = await authItem(w, rx.url);
    const codes = [
      'NEW_ACCOUNTS_AVAILABLE',
      'PENDING_DISCONNECT',
      'USER_PERMISSION_REVOKED',
      'LOGIN_REPAIRED',
    ];
    for (let round = 0; round < 3; round++)
      for (const webhook_code of codes)
        await post(w, '/sandbox/item/fire_webhook', {
          ...auth(w.clientA),
          access_token: accessToken,
          webhook_code,
        });
    const hooks = await rx.waitFor(12, (h) => h.json.item_id === itemId);
    expect(hooks.map((h) => h.json.webhook_code)).toEqual([...codes, ...codes, ...codes]);
  });

  it("does not let one slow endpoint hold up other Items' webhooks", async () => {
    const slow = await startReceiver();
    slow.delayMs = 200;
    try {
      const a = await authItem(w, slow.url);
      const b = await authItem(w, rx.url);
      const fire = (accessToken: string) =>
        post(w, '/sandbox/item/fire_webhook', {
          ...auth(w.clientA),
          access_token: accessToken,
          webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
        });
      for (let i = 0; i < 6; i++) await fire(a.accessToken);
      await fire(b.accessToken);
      const [fast] = await rx.waitFor(1, (h) => h.json.item_id === b.itemId);
      const slowOnes = await slow.waitFor(6, () => true);
      expect(fast!.at).toBeLessThan(slowOnes[5]!.at);
    } finally {
      await slow.close();
    }
  });

  it('purges settled deliveries past the retention period, never pending ones', async () => {
    const { accessToken, itemId } = await authItem(w);
    const outbox = new OutboxRepository(w.ctx.db);
    const event = (code: string) => ({
      clientId: w.clientA.clientId,
      itemId,
      webhookType: 'ITEM',
      webhookCode: code,
      payload: { item_id: itemId },
    });
    const old = new Date(Date.now() - 31 * 86_400_000).toISOString();
    await outbox.enqueue(event('NEW_ACCOUNTS_AVAILABLE'), old, false);
    await outbox.enqueue(event('PENDING_DISCONNECT'), new Date().toISOString(), false);
    const worker = w.ctx.workers.find((x) => x instanceof WebhookDeliveryWorker) as WebhookDeliveryWorker;
    expect(await worker.purgeOnce()).toBeGreaterThanOrEqual(1);
    const left = await post<{ deliveries: { webhook_code: string }[] }>(w, '/weft/webhooks/list', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(left.body.deliveries.map((d) => d.webhook_code)).toEqual(['PENDING_DISCONNECT']);
  });

  it('grows retry delays ×4 up to the cap', () => {
    const cfg = { retryBaseMs: 30_000, retryMaxMs: 86_400_000 };
    expect([1, 2, 3, 4].map((n) => retryDelayMs(n, cfg))).toEqual([30_000, 120_000, 480_000, 1_920_000]);
    expect(retryDelayMs(20, cfg)).toBe(86_400_000);
  });
});

interface Delivery {
  delivery_id: string;
  status: string;
  attempts: {
    attempt: number;
    started_at: string;
    latency_ms: number;
    error: string | null;
    response: { status_code: number; body: string | null } | null;
  }[];
}

async function waitFor(w: TestWeft, accessToken: string, ok: (d: Delivery) => boolean): Promise<Delivery[]> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await post<{ deliveries: Delivery[] }>(w, '/weft/webhooks/list', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    if (r.body.deliveries[0] && ok(r.body.deliveries[0])) return r.body.deliveries;
    if (Date.now() > deadline) throw new Error(`timed out: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

function waitForStatus(w: TestWeft, accessToken: string, status: string): Promise<Delivery[]> {
  return waitFor(w, accessToken, (d) => d.status === status);
}
