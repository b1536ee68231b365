import fs from 'node:fs';
import path from 'node:path';
import { Products } from 'plaid';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { demoOf } from '../apps/server/src/demo/demo.routes';
import { DEMO_DIST } from '../apps/server/src/demo/demo-assets';
import { createTestWeft, type TestWeft } from '../apps/server/src/test/harness';
import { ensureBuilt, launchChromium } from './browser';

const ROOT = path.resolve(import.meta.dirname, '..');
const RESULTS = path.join(ROOT, 'test-results');
const LINK_DIST = path.join(ROOT, 'apps/link/dist');
/** Script errors and CSP violations, which must stay empty: the page runs under a strict policy. */
function watch(page: Page): string[] {
  const problems: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error' && /Content Security Policy/i.test(m.text())) problems.push(m.text());
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return problems;
}

describe('Quickstart demo in a browser', () => {
  let weft: TestWeft;
  let base: string;
  let browser: Browser;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    ensureBuilt(DEMO_DIST, '@weft/demo');
    fs.mkdirSync(RESULTS, { recursive: true });
    weft = await createTestWeft();
    base = await weft.listen();
    browser = await launchChromium();
  }, 180_000);

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await weft?.close();
  });

  async function openDemo(width: number): Promise<{ page: Page; problems: string[] }> {
    context = await browser.newContext({ viewport: { width, height: 800 } });
    const page = await context.newPage();
    const problems = watch(page);
    await page.goto(`${base}/`);
    await page.getByRole('button', { name: 'Launch Link' }).waitFor();
    return { page, problems };
  }

  async function expectAccountsWithBalances(page: Page): Promise<void> {
    await page.getByRole('heading', { name: 'Success!' }).waitFor();
    const balances = page.locator('[data-product="balance"]');
    await expect(balances.locator('.endpoint').textContent()).resolves.toBe('POST /accounts/balance/get');
    const checking = balances.locator('tbody tr', { hasText: 'Plaid Checking ••0000' });
    await expect(checking.locator('td').allTextContents()).resolves.toEqual(
      expect.arrayContaining(['$100.00', '$110.00']),
    );
    await expect(balances.locator('tbody tr').count()).resolves.toBeGreaterThan(1);
    await expect(page.getByText('How did this work?').isVisible()).resolves.toBe(true);
  }

  it('demo → Link → First Platypus Bank → user_good → accounts → Success! with balances', async () => {
    ensureBuilt(LINK_DIST, '@weft/link');
    const { page, problems } = await openDemo(1200);
    await page.getByRole('button', { name: 'Launch Link' }).click();
    const link = page.frameLocator('iframe[title^="Link"]');
    const click = (name: RegExp) => link.getByRole('button', { name }).first().click();

    await click(/continue/i);
    await click(/First Platypus Bank/);
    await link.getByLabel(/username/i).fill('user_good');
    await link.getByLabel(/password/i).fill('pass_good');
    await click(/submit|continue|sign in/i);
    await link
      .getByRole('heading', { name: /account/i })
      .first()
      .waitFor();
    // Share all but the CD: the app must see exactly what the user chose.
    await link.getByRole('checkbox', { name: /Plaid CD/ }).uncheck();
    await click(/continue/i);
    // Link's own success pane, then back to the app.
    await click(/continue|done/i);

    await expectAccountsWithBalances(page);
    const names = await page.locator('[data-product="balance"] tbody td:first-child').allTextContents();
    expect(names).toContain('Plaid Saving ••1111');
    expect(names).not.toContain('Plaid CD ••2222');
    await page.screenshot({ path: path.join(RESULTS, 'demo-success.png'), fullPage: true });
    expect(problems).toEqual([]);
  });

  it('an OAuth bank: off to the bank and back to the demo, which resumes Link and shows the data', async () => {
    ensureBuilt(LINK_DIST, '@weft/link');
    const { page, problems } = await openDemo(1200);
    await page.getByRole('button', { name: 'Launch Link' }).click();
    const link = page.frameLocator('iframe[title^="Link"]');
    await link
      .getByRole('button', { name: /continue/i })
      .first()
      .click();
    await link
      .getByRole('button', { name: /Platypus OAuth Bank/ })
      .first()
      .click();
    await link.getByRole('button', { name: 'Continue to Platypus OAuth Bank' }).click();
    await page.waitForURL(/\/weft\/link\/oauth\/bank/);
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.waitForURL(/oauth_state_id=/);

    const resumed = page.frameLocator('iframe[title^="Link"]');
    await resumed
      .getByRole('heading', { name: /account/i })
      .first()
      .waitFor();
    await resumed
      .getByRole('button', { name: /continue/i })
      .first()
      .click();
    await resumed
      .getByRole('button', { name: /continue|done/i })
      .first()
      .click();
    await page.getByRole('heading', { name: 'Success!' }).waitFor();
    await expect(page.getByText('Platypus OAuth Bank').first().isVisible()).resolves.toBe(true);
    // The page drops the one-time OAuth parameters from its address once they are used.
    expect(new URL(page.url()).search).toBe('');
    expect(problems).toEqual([]);
  });

  it('returns to the start when the user leaves Link midway', async () => {
    ensureBuilt(LINK_DIST, '@weft/link');
    const { page, problems } = await openDemo(1200);
    await page.getByRole('button', { name: 'Launch Link' }).click();
    const link = page.frameLocator('iframe[title^="Link"]');
    await link
      .getByRole('button', { name: /continue/i })
      .first()
      .click();
    await link
      .getByRole('button', { name: /First Platypus Bank/ })
      .first()
      .waitFor();
    await link.getByRole('button', { name: 'Exit' }).click();

    const launch = page.getByRole('button', { name: 'Launch Link' });
    await launch.waitFor();
    await expect(launch.isEnabled()).resolves.toBe(true);
    await expect(page.evaluate(() => document.activeElement?.id)).resolves.toBe('launch-link');
    await expect(page.locator('iframe[title^="Link"]').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });

  it('shows the linked Item at 360px, tables as labelled rows, after a reload', async () => {
    const { page, problems } = await openDemo(360);
    // Same session cookie as the browser: make the link token through the page's own backend, then
    // link an Item for the demo client without Link.
    expect((await page.request.post(`${base}/demo/api/create_link_token`, { data: {} })).status()).toBe(200);
    const api = await demoOf(weft.app)!.plaid.api();
    const pt = await api.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Transactions],
    });
    const ex = await page.request.post(`${base}/demo/api/exchange_public_token`, {
      data: { public_token: pt.data.public_token },
    });
    expect(ex.status()).toBe(200);

    await page.reload();
    await expectAccountsWithBalances(page);
    const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(scrollWidth).toBeLessThanOrEqual(360);
    await page.screenshot({ path: path.join(RESULTS, 'demo-success-360.png'), fullPage: true });

    await page.getByRole('button', { name: 'Start over' }).click();
    await page.getByRole('button', { name: 'Launch Link' }).waitFor();
    expect(problems).toEqual([]);
  });
});
