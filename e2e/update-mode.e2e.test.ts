import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  auth,
  createItem,
  createTestWeft,
  LOOPBACK_TARGETS,
  post,
  type TestWeft,
} from '../apps/server/src/test/harness';
import {
  type ReceivedWebhook,
  startReceiver,
  verifyLikeAnApp,
  type WebhookReceiver,
} from '../apps/server/src/webhooks/webhook-receiver.test-kit';
import { launchChromium } from './browser';

/**
 * Item health end to end in a real browser: an Item's login breaks, the app is told by a signed
 * webhook, the user repairs it in Link's update mode and the app is told again; and new accounts
 * announced by NEW_ACCOUNTS_AVAILABLE are shared through update mode with account selection.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'update-mode');
let weft: TestWeft;
let weftUrl: string;
let app: http.Server;
let appUrl: string;
let browser: Browser;
let rx: WebhookReceiver;

/** The app page: Plaid.create with the token from the query string; callbacks land in window.__link. */
const PAGE_JS = `
const token = new URLSearchParams(location.search).get('token');
const state = (window.__link = { success: null, exit: null, loaded: false });
const handler = Plaid.create({
  token,
  onLoad: () => { state.loaded = true; },
  onSuccess: (public_token, metadata) => { state.success = { public_token, metadata }; },
  onExit: (error, metadata) => { state.exit = { error, metadata }; },
});
document.getElementById('open').addEventListener('click', () => handler.open());
`;

interface PageState {
  success: { public_token: string; metadata: { accounts: { name: string }[] } } | null;
  loaded: boolean;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'apps/link/dist/index.html')))
    execSync('npm run build -w @weft/link', { cwd: ROOT, stdio: 'ignore' });
  fs.mkdirSync(SHOTS, { recursive: true });
  rx = await startReceiver();
  weft = await createTestWeft({ env: { WEFT_WEBHOOK_POLL_MS: '20', ...LOOPBACK_TARGETS } });
  await weft.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  weftUrl = await weft.listen();
  app = http.createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_JS);
      return;
    }
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'content-security-policy': `default-src 'self'; script-src 'self' ${weftUrl}; frame-src ${weftUrl}; style-src 'self'`,
      })
      .end(
        `<!doctype html><html><head><meta charset="utf-8"><title>App</title>` +
          `<script src="${weftUrl}/link/link-initialize.js"></script></head>` +
          `<body><button id="open">Link</button><script src="/page.js"></script></body></html>`,
      );
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  if (weft) await weft.close();
  await rx?.close();
});

async function linkToken(extra: Record<string, unknown>): Promise<string> {
  const r = await post<{ link_token: string }>(weft, '/link/token/create', {
    ...auth(weft.clientA),
    client_name: 'Test App',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'update-e2e' },
    ...extra,
  });
  if (r.status !== 200) throw new Error(JSON.stringify(r.body));
  return r.body.link_token;
}

async function openLink(token: string): Promise<{ page: Page; link: FrameLocator }> {
  const page = await browser.newPage({ viewport: { width: 1024, height: 800 } });
  await page.goto(`${appUrl}/?token=${encodeURIComponent(token)}`);
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.loaded);
  await page.click('#open');
  const link = page.frameLocator('iframe[title^="Link"]');
  await link.getByRole('dialog').waitFor();
  return { page, link };
}

async function signIn(link: FrameLocator): Promise<void> {
  await link.getByLabel('Username').fill('user_good');
  await link.getByLabel('Password').fill('pass_good');
  await link.getByRole('button', { name: 'Submit' }).click();
}

async function finish(page: Page, link: FrameLocator, shot: string): Promise<PageState> {
  await link.getByRole('heading', { name: 'Success' }).waitFor();
  await page.screenshot({ path: path.join(SHOTS, `${shot}.png`) });
  await link.getByRole('button', { name: 'Continue' }).click();
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.success !== null);
  return page.evaluate(() => (window as unknown as { __link: PageState }).__link);
}

const accountsOf = (accessToken: string) =>
  post<{ accounts: { name: string }[]; error_code?: string }>(weft, '/accounts/get', {
    ...auth(weft.clientA),
    access_token: accessToken,
  });

const hookFor = (itemId: string, code: string) => (h: ReceivedWebhook) =>
  h.json.item_id === itemId && h.json.webhook_code === code;

describe('update mode in the browser', () => {
  it('repairs ITEM_LOGIN_REQUIRED: signed ITEM/ERROR, user logs in again, signed LOGIN_REPAIRED', async () => {
    const { accessToken, itemId } = await createItem(weft, weft.clientA, { options: { webhook: rx.url } });
    await post(weft, '/sandbox/item/reset_login', { ...auth(weft.clientA), access_token: accessToken });
    const [error] = await rx.waitFor(1, hookFor(itemId, 'ERROR'));
    await verifyLikeAnApp(weft, weft.clientA, error!);
    expect(error!.json.error).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });
    expect((await accountsOf(accessToken)).body.error_code).toBe('ITEM_LOGIN_REQUIRED');

    const { page, link } = await openLink(await linkToken({ access_token: accessToken }));
    await link.getByRole('heading', { name: 'Reconnect your account to Test App' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'reconnect.png') });
    await link.getByRole('button', { name: 'Continue' }).click();
    await signIn(link);
    const s = await finish(page, link, 'repaired');
    expect(s.success?.public_token).toMatch(/^public-sandbox-/);
    await page.close();

    const [repaired] = await rx.waitFor(1, hookFor(itemId, 'LOGIN_REPAIRED'));
    await verifyLikeAnApp(weft, weft.clientA, repaired!);
    const after = await accountsOf(accessToken);
    expect(after.status).toBe(200);
    expect(after.body.accounts.length).toBeGreaterThan(0);
  });

  it('NEW_ACCOUNTS_AVAILABLE, then update mode with account selection shares the new account', async () => {
    // First link: the user shares only their checking account.
    const first = await openLink(await linkToken({ products: ['transactions'], webhook: rx.url }));
    await first.link.getByRole('button', { name: 'Continue' }).click();
    await first.link.getByLabel('Search for your bank').fill('First Platypus');
    await first.link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    await signIn(first.link);
    await first.link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
    const boxes = first.link.getByRole('checkbox');
    const count = await boxes.count();
    for (let i = 0; i < count; i++) {
      const box = boxes.nth(i);
      const label = (await box.evaluate((el) => el.parentElement?.textContent ?? '')) as string;
      if (!label.startsWith('Plaid Checking')) await box.uncheck();
    }
    await first.link.getByRole('button', { name: 'Continue' }).click();
    const linked = await finish(first.page, first.link, 'first-link-checking-only');
    await first.page.close();
    const exchanged = await post<{ access_token: string; item_id: string }>(
      weft,
      '/item/public_token/exchange',
      {
        ...auth(weft.clientA),
        public_token: linked.success!.public_token,
      },
    );
    const { access_token: accessToken, item_id: itemId } = exchanged.body;
    expect((await accountsOf(accessToken)).body.accounts.map((a) => a.name)).toEqual(['Plaid Checking']);

    await post(weft, '/sandbox/item/fire_webhook', {
      ...auth(weft.clientA),
      access_token: accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    const [announced] = await rx.waitFor(1, hookFor(itemId, 'NEW_ACCOUNTS_AVAILABLE'));
    await verifyLikeAnApp(weft, weft.clientA, announced!);

    const { page, link } = await openLink(
      await linkToken({ access_token: accessToken, update: { account_selection_enabled: true } }),
    );
    await link.getByRole('button', { name: 'Continue' }).click();
    await signIn(link);
    await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
    const saving = link.getByRole('checkbox', { name: /^Plaid Saving/ });
    await saving.check();
    await page.screenshot({ path: path.join(SHOTS, 'reselect-accounts.png') });
    await link.getByRole('button', { name: 'Continue' }).click();
    const s = await finish(page, link, 'new-accounts-shared');
    expect(s.success?.metadata.accounts.map((a) => a.name)).toContain('Plaid Saving');
    await page.close();
    expect((await accountsOf(accessToken)).body.accounts.map((a) => a.name)).toContain('Plaid Saving');
  });
});
