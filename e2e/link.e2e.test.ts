import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  chooseAndFinish,
  type LinkApp,
  pickBank,
  signIn,
  startLinkApp,
  state,
  waitForExit,
} from './link-app';

/**
 * Link in a real browser: an app page on its own origin (with a strict CSP of its own) loads
 * link-initialize.js from Weft, and the user clicks through Link in the modal iframe.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'link');
let t: LinkApp;
let hookDir: string;

/** Serves the React hook's test page under /hook/, with a strict CSP of its own. */
function hookPage(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  if (!req.url?.startsWith('/hook/')) return false;
  const rel = req.url.slice(6).split('?')[0] || 'index.html';
  const file = path.join(hookDir, path.normalize(rel));
  if (!file.startsWith(hookDir) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return true;
  }
  const type = file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'text/html';
  res
    .writeHead(200, {
      'content-type': type,
      'content-security-policy': `default-src 'self'; script-src 'self' ${t.weftUrl}; frame-src ${t.weftUrl}; connect-src 'self'`,
    })
    .end(fs.readFileSync(file));
  return true;
}

beforeAll(async () => {
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
  t = await startLinkApp(hookPage);
});

afterAll(async () => {
  await t?.close();
  if (hookDir) fs.rmSync(hookDir, { recursive: true, force: true });
});

const linkToken = (extra?: Record<string, unknown>) => t.linkToken(extra);
const openLink = (token: string, width?: number) => t.openLink(token, width);

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
    await waitForExit(page);
    const s = await state(page);
    expect(s.exit?.error?.error_code).toBe('ITEM_LOCKED');
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    await page.close();
  });

  it('OAuth bank: redirect to the bank, approve, back to the app, finish', async () => {
    const token = await linkToken({ redirect_uri: `${t.appUrl}/oauth-return` });
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
    // The popup may close as soon as Approve is pressed: listen for that before pressing it.
    const closed = popup.waitForEvent('close');
    await popup
      .getByRole('button', { name: 'Approve' })
      .click()
      .catch((e: unknown) => {
        if (!popup.isClosed()) throw e;
      });
    await closed;
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
    expect(page.url()).toContain(t.appUrl);
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
    // Escape asks before leaving mid-flow; the question is answered by keyboard too.
    await page.keyboard.press('Escape');
    const question = link.getByRole('alertdialog', { name: 'Exit without connecting?' });
    await question.waitFor();
    expect((await question.boundingBox())?.width).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(SHOTS, 'narrow-exit-question.png') });
    expect(await link.locator(':focus').textContent()).toBe('Keep connecting');
    await page.keyboard.press('Tab');
    expect(await link.locator(':focus').textContent()).toBe('Exit');
    await page.keyboard.press('Enter');
    await waitForExit(page);
    expect((await state(page)).exit?.metadata.status).toBe('requires_account_selection');
    await page.close();
  });

  it('usePlaidLink: three hooks, one script; open and exit through the hook', async () => {
    const token = await linkToken();
    const page = await t.browser.newPage();
    await page.goto(
      `${t.appUrl}/hook/?token=${encodeURIComponent(token)}&weft=${encodeURIComponent(t.weftUrl)}`,
    );
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
