import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../apps/server/src/test/harness';
import { launchChromium } from './browser';

/**
 * Link in a real browser: an app page on its own origin (with a strict CSP of its own) loads
 * link-initialize.js from Weft, and the user clicks through Link in the modal iframe.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'link');
let weft: TestWeft;
let weftUrl: string;
let app: http.Server;
let appUrl: string;
let browser: Browser;
let hookDir: string;

/** The app page's script: wires Plaid.create to window.__link so the test can read callbacks. */
const PAGE_JS = `
const params = new URLSearchParams(location.search);
const returning = params.has('oauth_state_id');
const token = returning ? localStorage.getItem('link_token') : params.get('token');
localStorage.setItem('link_token', token);
const state = (window.__link = { events: [], success: null, exit: null, loaded: false });
const out = document.getElementById('out');
const handler = Plaid.create({
  token,
  receivedRedirectUri: returning ? location.href : null,
  onLoad: () => { state.loaded = true; },
  onEvent: (name, metadata) => state.events.push({ name, metadata }),
  onSuccess: (public_token, metadata) => {
    state.success = { public_token, metadata };
    out.textContent = 'Success! ' + metadata.institution.name + ': ' +
      metadata.accounts.map((a) => a.name + ' ' + a.mask).join(', ');
  },
  onExit: (error, metadata) => {
    state.exit = { error, metadata };
    out.textContent = 'Exited: ' + metadata.status;
  },
});
document.getElementById('open').addEventListener('click', () => handler.open());
if (returning) handler.open();
`;

function pageHtml(): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>Test app</title>
<script src="${weftUrl}/link/link-initialize.js"></script></head>
<body><h1>Test app</h1><button id="open">Link account</button><p id="out"></p>
<script src="/page.js"></script></body></html>`;
}

beforeAll(async () => {
  if (!fs.existsSync(path.join(ROOT, 'apps/link/dist/index.html')))
    execSync('npm run build -w @weft/link', { cwd: ROOT, stdio: 'ignore' });
  fs.mkdirSync(SHOTS, { recursive: true });
  // The React hook's test page, bundled the way an app would bundle @weft/react-link.
  hookDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-hook-page-'));
  await viteBuild({
    root: path.join(ROOT, 'packages/react-link/test-page'),
    base: './',
    logLevel: 'silent',
    configFile: false,
    plugins: [react()],
    build: { outDir: hookDir, emptyOutDir: true },
  });
  weft = await createTestWeft();
  weftUrl = await weft.listen();
  app = http.createServer((req, res) => {
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_JS);
      return;
    }
    if (req.url?.startsWith('/hook/')) {
      const rel = req.url.slice(6).split('?')[0] || 'index.html';
      const file = path.join(hookDir, path.normalize(rel));
      if (!file.startsWith(hookDir) || !fs.existsSync(file)) {
        res.writeHead(404).end();
        return;
      }
      const type = file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'text/html';
      res
        .writeHead(200, {
          'content-type': type,
          'content-security-policy': `default-src 'self'; script-src 'self' ${weftUrl}; frame-src ${weftUrl}; connect-src 'self'`,
        })
        .end(fs.readFileSync(file));
      return;
    }
    // The app's own strict CSP: exactly what docs/link.md tells integrators to add for Link.
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'content-security-policy': `default-src 'self'; script-src 'self' ${weftUrl}; frame-src ${weftUrl}; style-src 'self'`,
      })
      .end(pageHtml());
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  // A different host name makes the app a different origin from Weft, as in real embeddings.
  appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await new Promise((r) => app?.close(r));
  await weft?.close();
  if (hookDir) fs.rmSync(hookDir, { recursive: true, force: true });
});

async function linkToken(extra: Record<string, unknown> = {}): Promise<string> {
  const res = await post<{ link_token: string }>(weft, '/link/token/create', {
    ...auth(weft.clientA),
    client_name: 'Test App',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'e2e' },
    products: ['transactions'],
    ...extra,
  });
  if (res.status !== 200) throw new Error(JSON.stringify(res.body));
  return res.body.link_token;
}

interface PageState {
  events: { name: string; metadata: Record<string, unknown> }[];
  success: {
    public_token: string;
    metadata: { accounts: { name: string }[]; link_session_id: string };
  } | null;
  exit: {
    error: { error_code: string } | null;
    metadata: { status: string | null; link_session_id: string };
  } | null;
  loaded: boolean;
}

async function openLink(
  token: string,
  width = 1024,
): Promise<{ page: Page; link: FrameLocator; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width, height: 800 } });
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${appUrl}/?token=${encodeURIComponent(token)}`);
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.loaded);
  await page.click('#open');
  const link = page.frameLocator('iframe[title^="Link"]');
  await link.getByRole('dialog').waitFor();
  return { page, link, errors };
}

const state = (page: Page) => page.evaluate(() => (window as unknown as { __link: PageState }).__link);

async function pickBank(link: FrameLocator, name: string): Promise<void> {
  await link.getByRole('button', { name: 'Continue' }).click();
  await link.getByLabel('Search for your bank').fill(name.split(' ').slice(-2).join(' '));
  await link.getByRole('button', { name, exact: true }).click();
}

async function signIn(link: FrameLocator, username: string, password: string): Promise<void> {
  await link.getByLabel('Username').fill(username);
  await link.getByLabel('Password').fill(password);
  await link.getByRole('button', { name: 'Submit' }).click();
}

async function chooseAndFinish(page: Page, link: FrameLocator, shot: string): Promise<PageState> {
  await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await link.getByRole('heading', { name: 'Success' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.success !== null);
  await page.screenshot({ path: path.join(SHOTS, `${shot}.png`) });
  return state(page);
}

describe('Link in the browser', () => {
  it('user_good at First Platypus Bank: accounts, onSuccess metadata, events, no CSP violations', async () => {
    const { page, link, errors } = await openLink(await linkToken());
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'user_good', 'pass_good');
    const s = await chooseAndFinish(page, link, 'user-good-success');
    expect(s.success?.public_token).toMatch(/^public-sandbox-/);
    expect(s.success?.metadata.accounts.map((a) => a.name)).toContain('Plaid Checking');
    const names = s.events.map((e) => e.name);
    for (const n of ['OPEN', 'SELECT_INSTITUTION', 'SUBMIT_CREDENTIALS', 'HANDOFF'])
      expect(names).toContain(n);
    expect(s.events.every((e) => e.metadata.link_session_id === s.success?.metadata.link_session_id)).toBe(
      true,
    );
    expect(await page.locator('#out').textContent()).toContain('Success! First Platypus Bank');
    expect(await page.locator('iframe[title^="Link"]').isVisible()).toBe(false);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  });

  it('an MFA user (two rounds of security questions) gets through', async () => {
    const { page, link } = await openLink(await linkToken());
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'mfa_questions_2_1', 'pass_good');
    await link.getByLabel(/Question 1\.1/).fill('answer_1_1');
    await link.getByRole('button', { name: 'Submit' }).click();
    // The second round starts with an empty, focused field.
    const second = link.getByLabel(/Question 2\.1/);
    await second.waitFor();
    expect(await second.inputValue()).toBe('');
    await page.keyboard.type('answer_2_1');
    await page.keyboard.press('Enter');
    const s = await chooseAndFinish(page, link, 'mfa-success');
    expect(s.events.map((e) => e.name)).toContain('SUBMIT_MFA');
    await page.close();
  });

  it('a wrong password shows an error and a retry succeeds', async () => {
    const { page, link } = await openLink(await linkToken());
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'user_good', 'wrong');
    await expect(link.getByRole('alert').textContent()).resolves.toContain('credentials were not correct');
    await page.screenshot({ path: path.join(SHOTS, 'wrong-password.png') });
    await signIn(link, 'user_good', 'pass_good');
    const s = await chooseAndFinish(page, link, 'retry-success');
    const error = s.events.find((e) => e.name === 'ERROR');
    expect(error?.metadata.error_code).toBe('INVALID_CREDENTIALS');
    expect(error?.metadata.request_id).toMatch(/^\w{10,}$/);
    await page.close();
  });

  it('a locked account shows the error pane; Exit hands the error to onExit', async () => {
    const { page, link } = await openLink(await linkToken());
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'user_good', 'error_ITEM_LOCKED');
    await link.getByRole('heading', { name: 'Your account is locked' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'item-locked.png') });
    await link.getByRole('button', { name: 'Exit', exact: true }).last().click();
    await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.exit !== null);
    const s = await state(page);
    expect(s.exit?.error?.error_code).toBe('ITEM_LOCKED');
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    await page.close();
  });

  it('exit midway (Escape at credentials) calls onExit with status', async () => {
    const { page, link } = await openLink(await linkToken());
    await pickBank(link, 'First Platypus Bank');
    await link.getByLabel('Username').waitFor();
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.exit !== null);
    const s = await state(page);
    expect(s.exit?.error).toBeNull();
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    expect(s.events.map((e) => e.name)).toContain('EXIT');
    await page.close();
  });

  it('OAuth bank: redirect to the bank, approve, back to the app, finish', async () => {
    const token = await linkToken({ redirect_uri: `${appUrl}/oauth-return` });
    const { page, link } = await openLink(token);
    await pickBank(link, 'Platypus OAuth Bank');
    await link.getByRole('button', { name: 'Continue to Platypus OAuth Bank' }).click();
    await page.waitForURL(/\/weft\/link\/oauth\/bank/);
    await page.screenshot({ path: path.join(SHOTS, 'oauth-bank.png') });
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/oauth-return\?oauth_state_id=/);
    const relinked = page.frameLocator('iframe[title^="Link"]');
    const s = await chooseAndFinish(page, relinked, 'oauth-success');
    expect(s.success?.metadata.accounts.length).toBeGreaterThan(0);
    await page.close();
  });

  it('OAuth bank without redirect_uri: consent in a popup, Link picks up the answer', async () => {
    const { page, link } = await openLink(await linkToken());
    await pickBank(link, 'Platypus OAuth Bank');
    const [popup] = await Promise.all([
      page.waitForEvent('popup'),
      link.getByRole('button', { name: 'Continue to Platypus OAuth Bank' }).click(),
    ]);
    await popup.getByRole('button', { name: 'Approve' }).click();
    await popup.waitForEvent('close');
    const s = await chooseAndFinish(page, link, 'oauth-popup-success');
    expect(s.success?.metadata.accounts.length).toBeGreaterThan(0);
    expect(s.events.map((e) => e.name)).toContain('OPEN_OAUTH');
    await page.close();
  });

  it("ignores messages that do not come from the Link iframe at Weft's origin", async () => {
    const { page, link } = await openLink(await linkToken());
    // A script on the page (or another frame) forging Link's messages is not heard.
    await page.evaluate(() => {
      window.postMessage(
        { source: 'weft-link', type: 'success', publicToken: 'public-forged', metadata: {} },
        '*',
      );
      window.postMessage({ source: 'weft-link', type: 'navigate', url: 'https://evil.example/' }, '*');
    });
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Search for your bank').waitFor();
    const s = await state(page);
    expect(s.success).toBeNull();
    expect(page.url()).toContain(appUrl);
    await page.close();
  });

  it('works by keyboard alone at 360px wide', async () => {
    const { page, link } = await openLink(await linkToken(), 360);
    const dialog = link.getByRole('dialog');
    const box = await dialog.boundingBox();
    expect(box?.width).toBeLessThanOrEqual(360);
    await page.keyboard.press('Enter'); // Continue (focused on open)
    await link.getByLabel('Search for your bank').waitFor();
    await page.keyboard.type('Tartan Bank');
    await link.getByText('1 result').waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await link.getByLabel('Username').waitFor();
    await page.keyboard.type('user_good');
    await page.keyboard.press('Tab');
    await page.keyboard.type('pass_good');
    await page.keyboard.press('Enter');
    await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'narrow-accounts.png') });
    // Tabbing never leaves the dialog.
    for (let i = 0; i < 25; i++) await page.keyboard.press('Tab');
    const inside = await link.locator(':focus').count();
    expect(inside).toBe(1);
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.exit !== null);
    expect((await state(page)).exit?.metadata.status).toBe('requires_account_selection');
    await page.close();
  });

  it('usePlaidLink: three hooks, one script; open and exit through the hook', async () => {
    const token = await linkToken();
    const page = await browser.newPage();
    await page.goto(`${appUrl}/hook/?token=${encodeURIComponent(token)}&weft=${encodeURIComponent(weftUrl)}`);
    await page.waitForSelector('#open-0:not([disabled])');
    const scripts = await page.evaluate(
      () =>
        [...document.querySelectorAll('script')].filter((s) => s.src.endsWith('/link/link-initialize.js'))
          .length,
    );
    expect(scripts).toBe(1);
    // Only the hook with a token creates a Link iframe.
    expect(await page.locator('iframe[title^="Link"]').count()).toBe(1);
    await page.click('#open-0');
    const link = page.frameLocator('iframe[title^="Link"]');
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByRole('button', { name: 'Exit' }).click();
    await page.waitForFunction(() => document.getElementById('result-0')?.textContent?.startsWith('exit'));
    expect(await page.locator('#result-0').textContent()).toBe('exit null institution_not_found');
    await page.close();
  });
});
