import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../lib/crypto';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../test/harness';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.test-kit';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_TIMEOUT_MS: '300',
  WEFT_WEBHOOK_RETRY_BASE_MS: '40',
  WEFT_WEBHOOK_RETRY_MAX_MS: '200',
  WEFT_WEBHOOK_MAX_ATTEMPTS: '3',
  ...LOOPBACK_TARGETS,
};

describe('a webhook that cannot be signed', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
    // The signing key in use was sealed under another server key, as when processes on one
    // database each had a key of their own.
    const foreign = new SecretBox(randomBytes(32));
    await w.ctx.db
      .insertInto('webhook_keys')
      .values({
        kid: 'foreign-key',
        public_jwk: JSON.stringify({ kty: 'EC', crv: 'P-256', x: 'x', y: 'y' }),
        private_sealed: foreign.seal(JSON.stringify({ kty: 'EC', crv: 'P-256', d: 'd', x: 'x', y: 'y' })),
        created_at: '2000-01-01T00:00:00.000Z',
        expired_at: null,
      })
      .execute();
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  it('counts as an attempt and ends failed, with the reason, and nothing is sent unsigned', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    const fired = await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    expect(fired.status).toBe(200);
    let event: { id: number; status: string; attempts: number } | undefined;
    for (let i = 0; i < 200; i++) {
      event = await w.ctx.db
        .selectFrom('outbox')
        .select(['id', 'status', 'attempts'])
        .where('item_id', '=', itemId)
        .executeTakeFirst();
      if (event?.status === 'failed') break;
      await new Promise((r) => setTimeout(r, 25));
    }
    expect(event).toMatchObject({ status: 'failed', attempts: 1 });
    const attempts = await w.ctx.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('outbox_id', '=', event!.id)
      .execute();
    expect(attempts).toHaveLength(1);
    expect(attempts[0]).toMatchObject({ attempt: 1, status_code: null });
    expect(attempts[0]!.error).toMatch(/could not be signed/);
    expect(rx.received.filter((h) => h.json.item_id === itemId)).toHaveLength(0);
  });
});
