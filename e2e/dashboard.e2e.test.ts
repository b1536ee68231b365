import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DASHBOARD_CSP,
  DASHBOARD_DIST,
  dashboardOf,
} from '../apps/server/src/products/dashboard/dashboard.routes';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../apps/server/src/test/harness';
import { ensureBuilt, launchChromium } from './browser';

const ROOT = path.resolve(import.meta.dirname, '..');
const SHOTS = path.join(ROOT, 'test-results', 'dashboard');

/** Script errors and CSP violations, which must stay empty: the page runs under a strict policy. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy|Refused/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

/** Every form control has a label that names it (an accessible name from <label for>). */
async function unlabelled(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('input, select')]
      .filter((el) => (el as HTMLInputElement).labels?.length === 0 && !el.getAttribute('aria-label'))
      .map((el) => el.outerHTML),
  );
}

describe('Weft Dashboard in a browser', () => {
  let weft: TestWeft;
  let base: string;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    ensureBuilt(DASHBOARD_DIST, '@weft/dashboard');
    fs.mkdirSync(SHOTS, { recursive: true });
    weft = await createTestWeft();
    base = await weft.listen();
    browser = await launchChromium();
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  }, 180_000);

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await weft?.close();
  });

  it('setup → sign-in → a key shown once → an Item → API logs, by keyboard, under a strict CSP', async () => {
    const page = await context.newPage();
    const problems = watch(page);
    const res = await page.goto(`${base}/dashboard`);
    expect(res?.headers()['content-security-policy']).toBe(DASHBOARD_CSP);
    expect(res?.headers()['x-frame-options']).toBe('DENY');

    // First run: the setup form, fully labelled; the code is the one `weft start` prints.
    await page.getByRole('heading', { name: 'Set up the dashboard' }).waitFor();
    expect(await unlabelled(page)).toEqual([]);
    const code = await dashboardOf(weft.app)!.issueSetupCode();
    await page.getByLabel('Setup code').fill(code!);
    await page.getByLabel('Team name').fill('Acme');
    await page.getByLabel('Your name').fill('Ada Owner');
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel(/^Password/).fill('a long enough password');
    await page.screenshot({ path: path.join(SHOTS, 'setup.png') });
    await page.getByLabel(/^Password/).press('Enter');
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();

    // Sign out, then sign in again: a wrong password is announced, the right one lets us in.
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    await page.getByLabel('Email').fill('ada@example.com');
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('INVALID_CREDENTIALS');
    await page.screenshot({ path: path.join(SHOTS, 'sign-in-refused.png') });
    await page.getByLabel('Password').fill('a long enough password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    // The session cookie is out of the page's reach.
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // A new key: its secret is shown once, and works against the Plaid API.
    await page.getByLabel('Key name').fill('web app');
    await page.getByLabel('Environment').selectOption('sandbox');
    await page.getByRole('button', { name: 'Create key' }).click();
    const notice = page.getByRole('alert');
    await expect(notice.textContent()).resolves.toContain('shown once');
    const secret = (await page.locator('[data-secret]').textContent())!;
    const clientId = (await notice.locator('dd code').first().textContent())!;
    expect(secret).toMatch(/^[0-9a-f]{30}$/);
    await page.screenshot({ path: path.join(SHOTS, 'key-created.png') });
    const keys = { clientId, secret };
    const { itemId } = await createItem(weft, keys);
    const bad = await post(weft, '/accounts/get', {
      ...auth(keys),
      access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000',
    });
    expect(bad.status).toBe(400);
    await page.reload();
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    await expect(page.getByRole('cell', { name: clientId }).count()).resolves.toBe(1);
    expect(await page.content()).not.toContain(secret);

    // Keyboard: the skip link comes first; nav links open pages and focus moves to their heading.
    const firstFocusable = await page.evaluate(
      () => document.querySelector<HTMLElement>('a[href], button, input, select')?.textContent,
    );
    expect(firstFocusable).toBe('Skip to content');
    await page.getByRole('link', { name: 'Skip to content' }).focus();
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main');
    await page.getByRole('heading', { name: 'Keys', level: 1 }).waitFor();
    await page.getByRole('navigation', { name: 'Dashboard' }).getByRole('link', { name: 'Items' }).focus();
    await page.keyboard.press('Enter');
    const itemsHeading = page.getByRole('heading', { name: 'Items', level: 1 });
    await itemsHeading.waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    await expect(page.getByRole('link', { name: 'Items' }).getAttribute('aria-current')).resolves.toBe(
      'page',
    );
    await page.getByRole('cell', { name: itemId, exact: true }).waitFor();
    await expect(page.getByRole('row', { name: new RegExp(itemId) }).textContent()).resolves.toContain(
      'First Platypus Bank',
    );
    expect(await unlabelled(page)).toEqual([]);
    await page.getByRole('searchbox', { name: /Search/ }).fill('tartan');
    await page.getByRole('searchbox', { name: /Search/ }).press('Enter');
    await page.getByText('Items: nothing yet.').waitFor();
    await page.getByRole('searchbox', { name: /Search/ }).fill(itemId);
    await page.getByRole('searchbox', { name: /Search/ }).press('Enter');
    await page.getByRole('cell', { name: itemId, exact: true }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'items.png') });

    // API logs: the requests made with the key, the failed one with its error code, bodies redacted.
    await page.getByRole('link', { name: 'API logs' }).click();
    await page.getByRole('heading', { name: 'API logs', level: 1 }).waitFor();
    const failed = page.getByRole('row', { name: /\/accounts\/get/ });
    await expect(failed.textContent()).resolves.toContain('INVALID_ACCESS_TOKEN');
    await page.getByLabel('Status').selectOption('error');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/status=error/);
    // The filtered page replaces the table: only the failed request is left (and its header row).
    await expect.poll(() => page.getByRole('row').count()).toBe(2);
    await expect(page.getByRole('row').nth(1).textContent()).resolves.toContain('INVALID_ACCESS_TOKEN');
    await page.getByRole('button', { name: `Show request ${bad.body.request_id}` }).click();
    const detail = page.getByRole('region', { name: 'Request detail' });
    await detail.getByRole('heading', { name: `/accounts/get · ${bad.body.request_id}` }).waitFor();
    await expect(detail.textContent()).resolves.toContain('[redacted]');
    expect(await detail.textContent()).not.toContain(secret);
    await page.screenshot({ path: path.join(SHOTS, 'api-logs.png'), fullPage: true });

    // Link sessions, Usage and Audit pages render what happened.
    await page.getByRole('link', { name: 'Link sessions' }).click();
    await page.getByRole('heading', { name: 'Link sessions', level: 1 }).waitFor();
    await page.getByText('Link sessions: nothing yet.').waitFor();
    await page.getByRole('link', { name: 'Usage' }).click();
    await page.getByRole('img', { name: 'Requests per product per day' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'usage.png') });
    await page.getByRole('link', { name: 'Audit' }).click();
    await page.getByRole('cell', { name: 'key.create' }).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'audit.png') });

    // Team: the owner adds a developer, whose first password is shown once.
    await page.getByRole('link', { name: 'Team' }).click();
    await page.getByRole('heading', { name: 'Team', level: 1 }).waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await page.getByLabel('Name', { exact: true }).fill('Dev');
    await page.getByLabel('Email', { exact: true }).fill('dev@example.com');
    await page.getByLabel('Role', { exact: true }).selectOption('developer');
    await page.getByRole('button', { name: 'Add member' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('shown once');
    await page.getByRole('combobox', { name: 'Role of dev@example.com' }).waitFor();
    expect(await unlabelled(page)).toEqual([]);
    await page.screenshot({ path: path.join(SHOTS, 'team.png') });

    expect(problems).toEqual([]);
  });
});
