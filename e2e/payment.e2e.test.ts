import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { Configuration, PaymentAmountCurrency, PlaidApi, PlaidEnvironments, Products } from 'plaid';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoOf } from '../apps/server/src/demo/demo.routes';
import { DEMO_DIST } from '../apps/server/src/demo/demo-assets';
import { auth, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../apps/server/src/test/harness';
import {
  startReceiver,
  verifyLikeAnApp,
  type WebhookReceiver,
} from '../apps/server/src/webhooks/webhook-receiver.test-kit';
import { ensureBuilt, launchChromium } from './browser';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'test-results');
const LINK_DIST = path.join(ROOT, 'apps/link/dist');
const FAST_WEBHOOKS = {
  ...LOOPBACK_TARGETS,
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_TIMEOUT_MS: '1000',
  WEFT_WEBHOOK_RETRY_BASE_MS: '40',
  WEFT_WEBHOOK_RETRY_MAX_MS: '200',
};

describe('Payment Initiation end to end', () => {
  let weft: TestWeft;
  let base: string;
  let browser: Browser;
  let rx: WebhookReceiver;

  beforeAll(async () => {
    ensureBuilt(DEMO_DIST, '@weft/demo');
    ensureBuilt(LINK_DIST, '@weft/link');
    fs.mkdirSync(RESULTS, { recursive: true });
    rx = await startReceiver();
    weft = await createTestWeft({ env: FAST_WEBHOOKS });
    base = await weft.listen();
    await weft.ctx.workers.find((w) => w.name === 'webhook-delivery')!.start();
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await weft?.close();
    await rx?.close();
  });

  /** The payer account's current balance (minor units) of a payment, from the store. */
  async function payerBalance(paymentId: string): Promise<number> {
    const p = await weft.ctx.db
      .selectFrom('payments')
      .select(['payer_item_id', 'payer_account_id'])
      .where('payment_id', '=', paymentId)
      .executeTakeFirstOrThrow();
    const a = await weft.ctx.db
      .selectFrom('accounts')
      .select('balance_current')
      .where('item_id', '=', p.payer_item_id!)
      .where('account_id', '=', p.payer_account_id!)
      .executeTakeFirstOrThrow();
    return a.balance_current!;
  }

  it('demo payment mode → Link → bank approval → Success! with /payment_initiation/payment/get', async () => {
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    await page.goto(`${base}/`);
    await page.getByRole('radio', { name: /Payment \(UK\)/ }).check();
    await page.getByRole('button', { name: 'Launch Link' }).click();

    const link = page.frameLocator('iframe[title^="Link"]');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('heading', { name: 'Review your payment' }).waitFor();
    const review = await link.locator('dl.payment').textContent();
    expect(review).toContain('Harry Potter');
    expect(review).toContain('1.34');
    expect(review).toContain('Weft Quickstart');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link
      .getByRole('button', { name: /Royal Bank of Plaid/ })
      .first()
      .click();
    await link.getByRole('button', { name: 'Continue to Royal Bank of Plaid' }).click();

    await page.waitForURL(/\/weft\/link\/oauth\/bank/);
    await expect(page.locator('body').textContent()).resolves.toContain('Harry Potter');
    await page.screenshot({ path: path.join(RESULTS, 'payment-bank.png') });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/oauth_state_id=/);

    const resumed = page.frameLocator('iframe[title^="Link"]');
    await resumed.getByRole('heading', { name: 'Success' }).waitFor();
    await resumed
      .getByRole('button', { name: /continue|done/i })
      .first()
      .click();

    await page.getByRole('heading', { name: 'Success!' }).waitFor();
    await expect(page.getByText('You have completed Link.').isVisible()).resolves.toBe(true);
    const section = page.locator('[data-product="payment_initiation"]');
    await expect(section.locator('.endpoint').textContent()).resolves.toBe(
      'POST /payment_initiation/payment/get',
    );
    const cells = await section.locator('tbody td').allTextContents();
    expect(cells).toEqual(expect.arrayContaining(['£1.34', 'PAYMENT_STATUS_INITIATED', 'Weft Quickstart']));
    await page.screenshot({ path: path.join(RESULTS, 'payment-success.png'), fullPage: true });
    expect(problems).toEqual([]);

    // The app follows the payment to settlement: a signed webhook, and money leaving the payer.
    const paymentId = cells.find((c) => c.startsWith('payment-id-sandbox-'))!;
    const api = await demoOf(weft.app)!.plaid.api();
    const before = await payerBalance(paymentId);
    const sim = await api.sandboxPaymentSimulate({
      payment_id: paymentId,
      status: 'PAYMENT_STATUS_EXECUTED',
      webhook: `${rx.url}/payments`,
    });
    expect(sim.data).toMatchObject({
      old_status: 'PAYMENT_STATUS_INITIATED',
      new_status: 'PAYMENT_STATUS_EXECUTED',
    });
    const [hook] = await rx.waitFor(1, (h) => h.json.payment_id === paymentId);
    expect(hook!.json).toMatchObject({
      webhook_type: 'PAYMENT_INITIATION',
      webhook_code: 'PAYMENT_STATUS_UPDATE',
      old_payment_status: 'PAYMENT_STATUS_INITIATED',
      new_payment_status: 'PAYMENT_STATUS_EXECUTED',
      original_reference: 'Weft Quickstart',
      environment: 'sandbox',
    });
    await verifyLikeAnApp(weft, weft.clientA, hook!);
    expect(await payerBalance(paymentId)).toBe(before - 134);

    await page.reload();
    await page.getByRole('button', { name: 'Launch Link' }).waitFor();
    await page.close();
  });

  it('a consent for variable recurring payments is authorised through Link at an OAuth bank', async () => {
    // A bare app page on its own origin, loading Link the way any app does.
    const pageJs = `
      const params = new URLSearchParams(location.search);
      const returning = params.has('oauth_state_id');
      const token = returning ? localStorage.getItem('t') : params.get('token');
      localStorage.setItem('t', token);
      window.__done = null;
      const handler = Plaid.create({
        token,
        receivedRedirectUri: returning ? location.href : null,
        onSuccess: (public_token, metadata) => { window.__done = { public_token, metadata }; },
        onExit: (error) => { window.__done = { error }; },
      });
      document.getElementById('open').addEventListener('click', () => handler.open());
      if (returning) handler.open();`;
    const appServer = http.createServer((req, res) => {
      if (req.url === '/page.js') {
        res.writeHead(200, { 'content-type': 'text/javascript' }).end(pageJs);
        return;
      }
      res
        .writeHead(200, { 'content-type': 'text/html' })
        .end(
          `<!doctype html><meta charset="utf-8"><title>VRP app</title><script src="${base}/link/link-initialize.js"></script><button id="open">Set up payments</button><script src="/page.js"></script>`,
        );
    });
    await new Promise<void>((r) => appServer.listen(0, '127.0.0.1', r));
    const appUrl = `http://localhost:${(appServer.address() as AddressInfo).port}`;
    await weft.ctx.clients.addRedirectUri(weft.clientA.clientId, `${appUrl}/return`);
    try {
      const a = auth(weft.clientA);
      const recipient = await post<{ recipient_id: string }>(weft, '/payment_initiation/recipient/create', {
        ...a,
        name: 'Savings Pot',
        bacs: { account: '12345678', sort_code: '040004' },
      });
      const consent = await post<{ consent_id: string }>(weft, '/payment_initiation/consent/create', {
        ...a,
        recipient_id: recipient.body.recipient_id,
        reference: 'Sweep',
        type: 'SWEEPING',
        constraints: {
          max_payment_amount: { currency: 'GBP', value: 25 },
          periodic_amounts: [
            { amount: { currency: 'GBP', value: 50 }, interval: 'MONTH', alignment: 'CALENDAR' },
          ],
        },
      });
      const consentId = consent.body.consent_id;
      const token = await post<{ link_token: string }>(weft, '/link/token/create', {
        ...a,
        client_name: 'VRP App',
        language: 'en',
        country_codes: ['GB'],
        user: { client_user_id: 'saver-1' },
        products: ['payment_initiation'],
        redirect_uri: `${appUrl}/return`,
        webhook: `${rx.url}/vrp`,
        payment_initiation: { consent_id: consentId },
      });
      const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
      await page.goto(`${appUrl}/?token=${encodeURIComponent(token.body.link_token)}`);
      await page.click('#open');
      const link = page.frameLocator('iframe[title^="Link"]');
      await link.getByRole('button', { name: 'Continue' }).click();
      await link.getByRole('heading', { name: 'Review your payment' }).waitFor();
      await expect(link.locator('dl.payment').textContent()).resolves.toContain('Savings Pot');
      await link.getByRole('button', { name: 'Continue' }).click();
      await link
        .getByRole('button', { name: /Royal Bank of Plaid/ })
        .first()
        .click();
      await link.getByRole('button', { name: 'Continue to Royal Bank of Plaid' }).click();
      await page.waitForURL(/\/weft\/link\/oauth\/bank/);
      await page.getByRole('button', { name: 'Approve' }).click();
      await page.waitForURL(/\/return\?oauth_state_id=/);
      const resumed = page.frameLocator('iframe[title^="Link"]');
      await resumed.getByRole('heading', { name: 'Success' }).waitFor();
      await resumed
        .getByRole('button', { name: /continue|done/i })
        .first()
        .click();
      await page.waitForFunction(() => (window as unknown as { __done: unknown }).__done !== null);
      const done = await page.evaluate(
        () => (window as unknown as { __done: Record<string, unknown> }).__done,
      );
      expect(done.public_token).toMatch(/^public-sandbox-/);
      await page.close();

      const got = await post(weft, '/payment_initiation/consent/get', { ...a, consent_id: consentId });
      expect(got.body.status).toBe('AUTHORISED');
      const [hook] = await rx.waitFor(1, (h) => h.json.consent_id === consentId);
      expect(hook!.json).toMatchObject({
        webhook_code: 'CONSENT_STATUS_UPDATE',
        old_status: 'UNAUTHORISED',
        new_status: 'AUTHORISED',
      });
      const pay = (value: number, key: string) =>
        post(weft, '/payment_initiation/consent/payment/execute', {
          ...a,
          consent_id: consentId,
          amount: { currency: 'GBP', value },
          idempotency_key: key,
        });
      expect((await pay(25, 'vrp-1')).body.status).toBe('PAYMENT_STATUS_INITIATED');
      expect((await pay(25, 'vrp-2')).status).toBe(200);
      expect((await pay(1, 'vrp-3')).body.error_code).toBe('INVALID_FIELD');
    } finally {
      await new Promise<void>((r) => appServer.close(() => r()));
    }
  });

  it('the official plaid client drives the whole API; webhooks follow the link token’s URL', async () => {
    const api = new PlaidApi(
      new Configuration({
        basePath: base || PlaidEnvironments.sandbox,
        baseOptions: {
          headers: { 'PLAID-CLIENT-ID': weft.clientA.clientId, 'PLAID-SECRET': weft.clientA.secret },
        },
      }),
    );
    const recipient = await api.paymentInitiationRecipientCreate({
      name: 'Wonder Wallet',
      iban: 'GB33BUKB20201555555555',
    });
    const payment = await api.paymentInitiationPaymentCreate({
      recipient_id: recipient.data.recipient_id,
      reference: 'Invoice 7',
      amount: { currency: PaymentAmountCurrency.Eur, value: 20 },
    });
    const token = await api.linkTokenCreate({
      client_name: 'Pay App',
      language: 'en',
      country_codes: ['GB'] as never,
      user: { client_user_id: 'payer-1' },
      products: [Products.PaymentInitiation],
      webhook: `${rx.url}/sdk`,
      payment_initiation: { payment_id: payment.data.payment_id },
    });
    expect(token.data.link_token).toMatch(/^link-sandbox-/);
    // The user authorises at the bank (the browser test above goes through Link for this step).
    await weft.ctx.linkHooks.payment!.authorise(
      weft.clientA.clientId,
      payment.data.payment_id,
      'ins_117650',
      {
        webhook: `${rx.url}/sdk`,
      },
    );
    const hooks = await rx.waitFor(2, (h) => h.json.payment_id === payment.data.payment_id);
    expect(hooks.map((h) => h.json.new_payment_status)).toEqual([
      'PAYMENT_STATUS_AUTHORISING',
      'PAYMENT_STATUS_INITIATED',
    ]);
    await api.sandboxPaymentSimulate({
      payment_id: payment.data.payment_id,
      status: 'PAYMENT_STATUS_SETTLED',
      webhook: `${rx.url}/sdk`,
    });
    const refund = await api.paymentInitiationPaymentReverse({
      payment_id: payment.data.payment_id,
      idempotency_key: 'sdk-refund-1',
      reference: 'Refund7',
      amount: { currency: PaymentAmountCurrency.Eur, value: 5 },
    });
    expect(refund.data.status).toBe('INITIATED');
    const got = await api.paymentInitiationPaymentGet({ payment_id: payment.data.payment_id });
    expect(got.data).toMatchObject({
      status: 'PAYMENT_STATUS_SETTLED',
      amount: { currency: 'EUR', value: 20 },
      amount_refunded: { currency: 'EUR', value: 5 },
      refund_ids: [refund.data.refund_id],
    });
    const list = await api.paymentInitiationPaymentList({ count: 5 });
    expect(list.data.payments.map((p) => p.payment_id)).toContain(payment.data.payment_id);
    const bad = await api
      .paymentInitiationPaymentCreate({
        recipient_id: recipient.data.recipient_id,
        reference: 'Invoice 8',
        amount: { currency: PaymentAmountCurrency.Eur, value: -1 },
      })
      .catch((e: { response: { status: number; data: Record<string, unknown> } }) => e.response);
    expect(bad.status).toBe(400);
    expect(bad.data).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
  });
});
