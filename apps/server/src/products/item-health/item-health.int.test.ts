import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../../test/harness';
import {
  type ReceivedWebhook,
  startReceiver,
  type WebhookReceiver,
} from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { ItemHealthWorker } from './item-health.worker';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};
const ALL_PRODUCTS = ['transactions', 'auth', 'identity'];
const DAY = 86_400_000;

function expectConforms(schema: string, hook: ReceivedWebhook): void {
  expect(webhookProblems(schema, hook.json) ?? []).toEqual([]);
}

describe('Item health', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  const clock = new FixedClock(new Date());
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST, clock });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  const hooksFor = (itemId: string, code?: string) => (h: ReceivedWebhook) =>
    h.json.item_id === itemId && (code === undefined || h.json.webhook_code === code);

  it('reset_login makes product calls fail with ITEM_LOGIN_REQUIRED and fires ITEM/ERROR; repair fires LOGIN_REPAIRED', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { options: { webhook: rx.url } });
    const r = await post(w, '/sandbox/item/reset_login', { ...auth(w.clientA), access_token: accessToken });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ reset_login: true });

    const accounts = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken });
    expect(accounts.status).toBe(400);
    expect(accounts.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED' });
    const item = await post<{ item: { error: { error_code: string } | null } }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(item.body.item.error?.error_code).toBe('ITEM_LOGIN_REQUIRED');

    const [error] = await rx.waitFor(1, hooksFor(itemId, 'ERROR'));
    expect(error!.json).toMatchObject({
      webhook_type: 'ITEM',
      webhook_code: 'ERROR',
      item_id: itemId,
      environment: 'sandbox',
      error: { error_code: 'ITEM_LOGIN_REQUIRED', error_type: 'ITEM_ERROR', status: 400 },
    });
    expectConforms('ItemErrorWebhook', error!);

    // What Link's update mode calls once the user has logged in again.
    const row = await w.ctx.items.resolve(w.clientA.clientId, accessToken);
    await w.ctx.items.repair(row);
    const [repaired] = await rx.waitFor(1, hooksFor(itemId, 'LOGIN_REPAIRED'));
    expect(repaired!.json).toMatchObject({ webhook_type: 'ITEM', item_id: itemId, environment: 'sandbox' });
    expectConforms('ItemLoginRepairedWebhook', repaired!);
    const again = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken });
    expect(again.status).toBe(200);
  });

  it('fire_webhook LOGIN_REPAIRED also clears a login error', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { options: { webhook: rx.url } });
    await post(w, '/sandbox/item/reset_login', { ...auth(w.clientA), access_token: accessToken });
    const r = await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'LOGIN_REPAIRED',
    });
    expect(r.status).toBe(200);
    await rx.waitFor(1, hooksFor(itemId, 'LOGIN_REPAIRED'));
    expect((await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken })).status).toBe(
      200,
    );
  });

  const cases: [string, string | undefined, string, string][] = [
    ['DEFAULT_UPDATE', undefined, 'TRANSACTIONS', 'DefaultUpdateWebhook'],
    ['DEFAULT_UPDATE', 'TRANSACTIONS', 'TRANSACTIONS', 'DefaultUpdateWebhook'],
    ['DEFAULT_UPDATE', 'AUTH', 'AUTH', 'AuthDefaultUpdateWebhook'],
    ['DEFAULT_UPDATE', 'IDENTITY', 'IDENTITY', 'IdentityDefaultUpdateWebhook'],
    ['NEW_ACCOUNTS_AVAILABLE', undefined, 'ITEM', 'NewAccountsAvailableWebhook'],
    ['SMS_MICRODEPOSITS_VERIFICATION', undefined, 'AUTH', 'HostedMMDVerificationWebhook'],
    ['USER_PERMISSION_REVOKED', undefined, 'ITEM', 'UserPermissionRevokedWebhook'],
    ['USER_ACCOUNT_REVOKED', 'ITEM', 'ITEM', 'UserAccountRevokedWebhook'],
    ['PENDING_DISCONNECT', undefined, 'ITEM', 'PendingDisconnectWebhook'],
    ['RECURRING_TRANSACTIONS_UPDATE', undefined, 'TRANSACTIONS', 'RecurringTransactionsUpdateWebhook'],
    ['LOGIN_REPAIRED', undefined, 'ITEM', 'ItemLoginRepairedWebhook'],
    ['SYNC_UPDATES_AVAILABLE', undefined, 'TRANSACTIONS', 'SyncUpdatesAvailableWebhook'],
  ];

  it.each(cases)(
    'fire_webhook %s (type %s) sends %s as the spec describes it',
    async (code, type, sentType, schema) => {
      const { accessToken, itemId } = await createItem(w, w.clientA, {
        initial_products: ALL_PRODUCTS,
        options: { webhook: rx.url },
      });
      const before = rx.received.length;
      const r = await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: code,
        ...(type ? { webhook_type: type } : {}),
      });
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ webhook_fired: true });
      const match = (h: ReceivedWebhook) =>
        h.json.webhook_code === code &&
        h.json.webhook_type === sentType &&
        (h.json.item_id === itemId || (sentType === 'ASSETS' && rx.received.indexOf(h) >= before));
      const [hook] = await rx.waitFor(1, match);
      expect(hook!.json.environment).toBe('sandbox');
      expectConforms(schema, hook!);
    },
  );

  it('fire_webhook refuses the webhooks of products Weft does not serve, which no Item can have', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ALL_PRODUCTS,
      options: { webhook: rx.url },
    });
    const unserved: Record<string, string>[] = [
      { webhook_code: 'DEFAULT_UPDATE', webhook_type: 'INVESTMENTS_TRANSACTIONS' },
      { webhook_code: 'DEFAULT_UPDATE', webhook_type: 'HOLDINGS' },
      { webhook_code: 'PRODUCT_READY', webhook_type: 'ASSETS' },
      { webhook_code: 'ERROR', webhook_type: 'ASSETS' },
    ];
    for (const body of unserved) {
      const r = await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        ...body,
      });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error_code, JSON.stringify(body)).toBe('SANDBOX_PRODUCT_NOT_ENABLED');
    }
  });

  it('fire_webhook refuses Items without a webhook, products the Item lacks and mismatched types', async () => {
    const bare = await createItem(w, w.clientA);
    const noHook = await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: bare.accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    expect(noHook.status).toBe(400);
    expect(noHook.body).toMatchObject({ error_type: 'SANDBOX_ERROR', error_code: 'SANDBOX_WEBHOOK_INVALID' });

    const { accessToken } = await createItem(w, w.clientA, { options: { webhook: rx.url } });
    const cases: [Record<string, string>, string][] = [
      [{ webhook_code: 'DEFAULT_UPDATE', webhook_type: 'HOLDINGS' }, 'SANDBOX_PRODUCT_NOT_ENABLED'],
      [{ webhook_code: 'PRODUCT_READY' }, 'SANDBOX_PRODUCT_NOT_ENABLED'],
      [{ webhook_code: 'NEW_ACCOUNTS_AVAILABLE', webhook_type: 'TRANSACTIONS' }, 'INVALID_FIELD'],
      [{ webhook_code: 'DEFAULT_UPDATE', webhook_type: 'ITEM' }, 'INVALID_FIELD'],
      [{ webhook_code: 'AUTHORIZATION_GRANTED' }, 'INVALID_FIELD'],
      [{ webhook_code: 'NOT_A_CODE' }, 'INVALID_FIELD'],
    ];
    for (const [body, code] of cases) {
      const r = await post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        ...body,
      });
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error_code, JSON.stringify(body)).toBe(code);
    }
  });

  it('PENDING_EXPIRATION fires once, seven days before consent expires; expiry then needs a new login', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { options: { webhook: rx.url } });
    const set = (at: Date | null) =>
      post(w, '/weft/sandbox/item/set_consent_expiration', {
        ...auth(w.clientA),
        access_token: accessToken,
        consent_expiration_time: at ? at.toISOString() : null,
      });
    const expires = new Date(clock.now().getTime() + 10 * DAY);
    const r = await set(expires);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ item_id: itemId, consent_expiration_time: expires.toISOString() });
    const item = await post<{ item: { consent_expiration_time: string | null } }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(item.body.item.consent_expiration_time).toBe(expires.toISOString());

    const health = w.ctx.workers.find((x) => x instanceof ItemHealthWorker) as ItemHealthWorker;
    await health.runOnce();
    expect(rx.received.filter(hooksFor(itemId, 'PENDING_EXPIRATION'))).toHaveLength(0);

    clock.advance(4 * DAY);
    expect(await health.runOnce()).toBeGreaterThanOrEqual(1);
    await health.runOnce();
    const [pending] = await rx.waitFor(1, hooksFor(itemId, 'PENDING_EXPIRATION'));
    expect(pending!.json).toMatchObject({
      webhook_type: 'ITEM',
      consent_expiration_time: expires.toISOString(),
      environment: 'sandbox',
    });
    expectConforms('PendingExpirationWebhook', pending!);
    await set(expires);
    await new Promise((res) => setTimeout(res, 100));
    expect(rx.received.filter(hooksFor(itemId, 'PENDING_EXPIRATION'))).toHaveLength(1);
    expect((await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken })).status).toBe(
      200,
    );

    clock.advance(7 * DAY);
    await health.runOnce();
    const [error] = await rx.waitFor(1, hooksFor(itemId, 'ERROR'));
    expect(error!.json).toMatchObject({ error: { error_code: 'ITEM_LOGIN_REQUIRED' } });
    const failed = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken });
    expect(failed.body).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });

    // Repaired through update mode, the Item stays healthy: the same expiry is not applied twice.
    await w.ctx.items.repair(await w.ctx.items.resolve(w.clientA.clientId, accessToken));
    await health.runOnce();
    expect((await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken })).status).toBe(
      200,
    );
  });

  it('set_verification_status settles automated micro-deposits and fires the AUTH webhook', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    const accounts = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    const [first, second] = accounts.body.accounts;
    const call = (account_id: string, verification_status: string) =>
      post(w, '/sandbox/item/set_verification_status', {
        ...auth(w.clientA),
        access_token: accessToken,
        account_id,
        verification_status,
      });
    const notPending = await call(first!.account_id, 'automatically_verified');
    expect(notPending.status).toBe(400);
    expect(notPending.body.error_code).toBe('INVALID_FIELD');
    const unknown = await call('nope', 'automatically_verified');
    expect(unknown.body.error_code).toBe('INVALID_ACCOUNT_ID');

    // Automated micro-deposit Items start here; no Link flow creates them yet, so set it directly.
    await w.ctx.db
      .updateTable('accounts')
      .set({ verification_status: 'pending_automatic_verification' })
      .where('item_id', '=', itemId)
      .execute();
    expect((await call(first!.account_id, 'automatically_verified')).status).toBe(200);
    expect((await call(second!.account_id, 'verification_expired')).status).toBe(200);
    const [verified] = await rx.waitFor(1, hooksFor(itemId, 'AUTOMATICALLY_VERIFIED'));
    expect(verified!.json).toMatchObject({ webhook_type: 'AUTH', account_id: first!.account_id });
    expectConforms('AutomaticallyVerifiedWebhook', verified!);
    const [expired] = await rx.waitFor(1, hooksFor(itemId, 'VERIFICATION_EXPIRED'));
    expectConforms('VerificationExpiredWebhook', expired!);
    const rows = await w.ctx.db
      .selectFrom('accounts')
      .select(['account_id', 'verification_status'])
      .where('item_id', '=', itemId)
      .execute();
    expect(rows.find((a) => a.account_id === first!.account_id)?.verification_status).toBe(
      'automatically_verified',
    );
  });

  it('WEBHOOK_UPDATE_ACKNOWLEDGED matches the spec', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    await post(w, '/item/webhook/update', { ...auth(w.clientA), access_token: accessToken, webhook: rx.url });
    const [hook] = await rx.waitFor(1, hooksFor(itemId, 'WEBHOOK_UPDATE_ACKNOWLEDGED'));
    expectConforms('WebhookUpdateAcknowledgedWebhook', hook!);
  });

  it("never lets client B reset, fire for, verify or expire client A's Item", async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    const bodies: [string, Record<string, unknown>][] = [
      ['/sandbox/item/reset_login', {}],
      ['/sandbox/item/fire_webhook', { webhook_code: 'NEW_ACCOUNTS_AVAILABLE' }],
      [
        '/sandbox/item/set_verification_status',
        { account_id: 'x', verification_status: 'automatically_verified' },
      ],
      ['/weft/sandbox/item/set_consent_expiration', { consent_expiration_time: new Date().toISOString() }],
    ];
    for (const [url, extra] of bodies) {
      const r = await post(w, url, { ...auth(w.clientB), access_token: accessToken, ...extra });
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
    }
    expect((await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken })).status).toBe(
      200,
    );
    await new Promise((res) => setTimeout(res, 100));
    expect(rx.received.filter(hooksFor(itemId))).toHaveLength(0);
  });
});
