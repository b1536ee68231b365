import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinkApp, pickBank, signIn, startLinkApp, state, waitForExit } from './link-app';

/**
 * Link's layout and navigation in a real browser: each pane's primary action stays on screen and
 * clickable without scrolling at any viewport height from 560 px (the top bar, title and action
 * bar stay put; only the content between them scrolls), the back arrow goes back where nothing is
 * lost, and banks show their logos under Link's CSP.
 */

const SHOTS = path.resolve(import.meta.dirname, '..', 'test-results', 'link');
let t: LinkApp;

beforeAll(async () => {
  fs.mkdirSync(SHOTS, { recursive: true });
  t = await startLinkApp();
});

afterAll(async () => {
  await t?.close();
});

type Size = { width: number; height: number };

/** Opens Link on a fresh page of the given viewport. */
async function openAt(size: Size, extra?: Record<string, unknown>) {
  return t.openLink(await t.linkToken(extra), size.width, size.height);
}

/**
 * Expects `control` to lie wholly inside the viewport and to be what the pointer hits at its
 * centre as the page stands, then clicks there with the mouse, which never scrolls anything.
 */
async function clickInPlace(page: Page, control: Locator, size: Size): Promise<void> {
  await control.waitFor();
  const box = await settledBox(control);
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.y).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(size.width);
  expect(box.y + box.height).toBeLessThanOrEqual(size.height);
  const onTop = await control.evaluate((el) => {
    const r = el.getBoundingClientRect();
    const hit = document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2);
    return hit !== null && el.contains(hit);
  });
  expect(onTop).toBe(true);
  await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
}

/** The control's box once two measurements a frame apart agree (layout has settled). */
async function settledBox(control: Locator) {
  let last = await control.boundingBox();
  for (let i = 0; i < 50; i++) {
    await control.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const box = await control.boundingBox();
    if (!box) break;
    if (
      last &&
      box.x === last.x &&
      box.y === last.y &&
      box.width === last.width &&
      box.height === last.height
    )
      return box;
    last = box;
  }
  throw new Error('control has no settled box');
}

/** Whether the pane's content had to scroll to fit (so the test really exercised scrolling). */
const bodyScrolls = (link: FrameLocator) =>
  link.locator('.pane-body').evaluate((el) => el.scrollHeight > el.clientHeight);

/** The natural width of each logo image in `scope` (0 if blocked or broken). */
const logoWidths = (scope: Locator) =>
  scope.locator('img.logo').evaluateAll((imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));

/** Waits until the app's onSuccess has been called. */
const succeeded = (page: Page) =>
  page.waitForFunction(() => (window as unknown as { __link: { success: unknown } }).__link.success);
const heading = (link: FrameLocator, name: string) => link.getByRole('heading', { name }).waitFor();
const back = (link: FrameLocator) => link.getByRole('button', { name: 'Back' });

const SIZES: Size[] = [
  { width: 1280, height: 900 },
  { width: 1280, height: 560 },
  { width: 360, height: 640 },
];

describe('primary actions stay in reach', () => {
  for (const size of SIZES) {
    const at = `${size.width}×${size.height}`;

    it(`${at}: consent, institution, credentials, ten accounts, success`, async () => {
      const { page, link, errors } = await openAt(size);
      await clickInPlace(page, link.getByRole('button', { name: 'Continue' }), size);
      await heading(link, 'Select your bank');
      await clickInPlace(page, link.getByLabel('Search for your bank'), size);
      await page.screenshot({ path: path.join(SHOTS, `layout-institutions-${at}.png`) });
      const bank = link.getByRole('button', { name: 'First Platypus Bank', exact: true });
      expect(await logoWidths(bank)).toEqual([152]);
      await clickInPlace(page, bank, size);
      await link.getByLabel('Username').fill('user_good');
      await link.getByLabel('Password').fill('pass_good');
      await clickInPlace(page, link.getByRole('button', { name: 'Submit' }), size);
      await heading(link, 'Choose accounts to share');
      expect(await link.getByRole('checkbox').count()).toBe(10);
      if (size.height <= 640) expect(await bodyScrolls(link)).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `layout-accounts-${at}.png`) });
      await clickInPlace(page, link.getByRole('button', { name: 'Continue' }), size);
      await heading(link, 'Success');
      await clickInPlace(page, link.getByRole('button', { name: 'Continue' }), size);
      await succeeded(page);
      expect((await state(page)).success?.metadata.accounts).toHaveLength(10);
      expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
      await page.close();
    });

    it(`${at}: the error pane, then nine MFA questions`, async () => {
      const { page, link } = await openAt(size);
      await pickBank(link, 'First Platypus Bank');
      await signIn(link, 'user_good', 'error_ITEM_LOCKED');
      await heading(link, 'Your account is locked');
      await clickInPlace(page, link.getByRole('button', { name: 'Try another bank' }), size);
      await heading(link, 'Select your bank');
      await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
      await signIn(link, 'mfa_questions_1_9', 'pass_good');
      await heading(link, 'Verify your identity');
      for (let q = 1; q <= 9; q++) await link.getByLabel(`Question 1.${q}`).fill(`answer_1_${q}`);
      expect(await bodyScrolls(link)).toBe(true);
      await page.screenshot({ path: path.join(SHOTS, `layout-mfa-${at}.png`) });
      await clickInPlace(page, link.getByRole('button', { name: 'Submit' }), size);
      await heading(link, 'Choose accounts to share');
      await page.close();
    });
  }
});

describe('the back arrow', () => {
  it('goes back by keyboard where nothing is lost, never over a completed login', async () => {
    const { page, link } = await t.openLink(await t.linkToken());
    await heading(link, 'Test App uses Weft to connect your account');
    expect(await back(link).count()).toBe(0);
    await link.getByRole('button', { name: 'Continue' }).click();
    await heading(link, 'Select your bank');
    await back(link).click();
    await heading(link, 'Test App uses Weft to connect your account');

    await pickBank(link, 'First Platypus Bank');
    const username = link.getByLabel('Username');
    await username.fill('someone');
    // Shift+Tab from the first field passes the close button and reaches Back.
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    expect(await link.locator(':focus').getAttribute('aria-label')).toBe('Back');
    await page.keyboard.press('Enter');
    await heading(link, 'Select your bank');
    expect(await link.locator(':focus').getAttribute('type')).toBe('search');

    await link.getByRole('button', { name: 'First Platypus Bank', exact: true }).click();
    expect(await username.inputValue()).toBe('');
    await signIn(link, 'mfa_device', 'pass_good');
    await heading(link, 'Enter your code');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Enter');
    await heading(link, 'Sign in to First Platypus Bank');
    expect(await username.inputValue()).toBe('');
    await signIn(link, 'user_good', 'pass_good');
    await heading(link, 'Choose accounts to share');
    expect(await back(link).count()).toBe(0);
    await link.getByRole('button', { name: 'Continue' }).click();
    await heading(link, 'Success');
    expect(await back(link).count()).toBe(0);
    await link.getByRole('button', { name: 'Continue' }).click();
    await succeeded(page);

    const s = await state(page);
    const views = s.events.filter((e) => e.name === 'TRANSITION_VIEW').map((e) => e.metadata.view_name);
    expect(views).toEqual([
      'CONSENT',
      'SELECT_INSTITUTION',
      'CONSENT',
      'SELECT_INSTITUTION',
      'CREDENTIAL',
      'SELECT_INSTITUTION',
      'CREDENTIAL',
      'MFA',
      'CREDENTIAL',
      'SELECT_ACCOUNT',
      'CONNECTED',
    ]);
    await page.close();
  });

  it('from MFA starts the login again: leaving then reports requires_credentials', async () => {
    const { page, link } = await t.openLink(await t.linkToken());
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'mfa_selections', 'pass_good');
    await link.getByRole('radio', { name: 'Yes' }).waitFor();
    await back(link).click();
    await heading(link, 'Sign in to First Platypus Bank');
    await page.keyboard.press('Escape');
    await link.getByRole('alertdialog').getByRole('button', { name: 'Exit' }).click();
    await waitForExit(page);
    const s = await state(page);
    expect(s.exit?.error).toBeNull();
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    await page.close();
  });

  it('from the sign-in to the bank list: leaving there reports institution_not_found', async () => {
    const { page, link } = await t.openLink(await t.linkToken());
    await pickBank(link, 'First Platypus Bank');
    await signIn(link, 'user_good', 'wrong');
    await link.getByRole('alert').waitFor();
    await back(link).click();
    await heading(link, 'Select your bank');
    await page.keyboard.press('Escape');
    await waitForExit(page);
    const s = await state(page);
    expect(s.exit?.error).toBeNull();
    expect(s.exit?.metadata.status).toBe('institution_not_found');
    expect(s.exit?.metadata.institution).toBeNull();
    await page.close();
  });
});

describe('institution logos', () => {
  it('shows the logo above the sign-in form, with no CSP violation', async () => {
    const { page, link, errors } = await t.openLink(await t.linkToken());
    await pickBank(link, 'First Platypus Bank');
    await heading(link, 'Sign in to First Platypus Bank');
    expect(await logoWidths(link.locator('.pane-head'))).toEqual([152]);
    await page.screenshot({ path: path.join(SHOTS, 'credentials-logo.png') });
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
    await page.close();
  });

  it('falls back to the letter in the bank colour when a bank has no logo', async () => {
    const page = await t.browser.newPage();
    // Weft's own banks all have logos; other connectors' banks may not.
    await page.route('**/weft/link/session/start', async (route) => {
      const res = await route.fetch();
      const body = (await res.json()) as { popular: { logo: string | null }[] };
      for (const i of body.popular) i.logo = null;
      await route.fulfill({ response: res, json: body });
    });
    await page.goto(`${t.appUrl}/?token=${encodeURIComponent(await t.linkToken())}`);
    await page.waitForFunction(() => (window as unknown as { __link: { loaded: boolean } }).__link.loaded);
    await page.click('#open');
    const link = page.frameLocator('iframe[title^="Link"]');
    await link.getByRole('button', { name: 'Continue' }).click();
    const bank = link.getByRole('button', { name: 'First Platypus Bank', exact: true });
    await bank.waitFor();
    expect(await bank.locator('img').count()).toBe(0);
    expect(await bank.locator('.logo').textContent()).toBe('F');
    await page.close();
  });
});
