import fs from 'node:fs';
import path from 'node:path';
import type { FrameLocator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, post } from '../apps/server/src/test/harness';
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
 * Leaving Link as Plaid documents it (plaid.com/docs/link/web/#exit): `exit()` and
 * `exit({ force: false })` may show an exit confirmation first (Plaid's EXIT view, "confirming if
 * the user wishes to close Link"); `exit({ force: true })` closes at once. The close button and
 * Escape ask the same question mid-flow.
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

type ExitOptions = { force?: boolean } | undefined;

/** Calls the page's `handler.exit(options)`, as an app would. */
async function exitFromPage(page: Page, options?: ExitOptions): Promise<void> {
  await page.evaluate((o) => {
    const handler = (window as unknown as { __handler: { exit(o?: { force?: boolean }): void } }).__handler;
    if (o) handler.exit(o);
    else handler.exit();
  }, options);
}

const question = (link: FrameLocator) => link.getByRole('alertdialog', { name: 'Exit without connecting?' });

/** The view names of the TRANSITION_VIEW events the page has received, in order. */
async function views(page: Page): Promise<unknown[]> {
  return (await state(page)).events
    .filter((e) => e.name === 'TRANSITION_VIEW')
    .map((e) => e.metadata.view_name);
}

/** Opens Link, chooses First Platypus Bank and waits for its credentials pane. */
async function atCredentials(): Promise<{ page: Page; link: FrameLocator }> {
  const { page, link } = await t.openLink(await t.linkToken());
  await pickBank(link, 'First Platypus Bank');
  await link.getByLabel('Username').waitFor();
  return { page, link };
}

describe('Leaving Link', () => {
  it('exit() mid-flow asks first; staying keeps the session usable through to onSuccess', async () => {
    const { page, link } = await atCredentials();
    await link.getByLabel('Username').fill('user_good');
    await exitFromPage(page);
    await question(link).waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'exit-question.png') });
    // The question has focus, on the choice that loses nothing; the pane behind it is hidden.
    expect(await link.locator(':focus').textContent()).toBe('Keep connecting');
    expect(await link.getByLabel('Username').isVisible()).toBe(false);
    expect(await link.getByRole('button', { name: 'Exit', exact: true }).count()).toBe(1);
    const asked = (await state(page)).events.find((e) => e.metadata.view_name === 'EXIT');
    expect(asked?.name).toBe('TRANSITION_VIEW');
    expect(asked?.metadata.institution_name).toBe('First Platypus Bank');
    // Asking is not leaving.
    expect((await state(page)).exit).toBeNull();

    await link.getByRole('button', { name: 'Keep connecting' }).click();
    await question(link).waitFor({ state: 'detached' });
    // Back where the user was, with what they typed.
    expect(await link.getByLabel('Username').inputValue()).toBe('user_good');
    expect(await link.locator(':focus').getAttribute('autocomplete')).toBe('username');
    expect((await views(page)).slice(-2)).toEqual(['EXIT', 'CREDENTIAL']);

    await link.getByLabel('Password').fill('pass_good');
    await link.getByRole('button', { name: 'Submit' }).click();
    const s = await chooseAndFinish(page, link, 'exit-stayed-success');
    expect(s.success?.public_token).toMatch(/^public-sandbox-/);
    expect(s.exit).toBeNull();
    expect(s.events.map((e) => e.name)).not.toContain('EXIT');
    expect(s.events.every((e) => e.metadata.link_session_id === s.success?.metadata.link_session_id)).toBe(
      true,
    );
    await page.close();
  });

  it('exit({ force: false }) asks; confirming calls onExit with the status, session, request id and bank', async () => {
    const { page, link } = await atCredentials();
    await exitFromPage(page, { force: false });
    await question(link).waitFor();
    await link.getByRole('button', { name: 'Exit', exact: true }).click();
    await waitForExit(page);
    const s = await state(page);
    expect(s.exit?.error).toBeNull();
    const sessionId = s.events[0]?.metadata.link_session_id;
    expect(s.exit?.metadata).toEqual({
      status: 'requires_credentials',
      link_session_id: sessionId,
      request_id: expect.stringMatching(/^\w{10,}$/),
      institution: { name: 'First Platypus Bank', institution_id: 'ins_109508' },
    });
    const exitEvent = s.events.find((e) => e.name === 'EXIT');
    expect(exitEvent?.metadata.exit_status).toBe('requires_credentials');
    expect(await page.locator('iframe[title^="Link"]').isVisible()).toBe(false);
    // Weft's session record (/link/token/get) has the exit and the EXIT view.
    const token = new URL(page.url()).searchParams.get('token');
    await expect
      .poll(async () => {
        const got = await post<{
          link_sessions: {
            exit: { metadata: { status: string } } | null;
            events: { event_metadata: { view_name?: string | null } }[];
          }[];
        }>(t.weft, '/link/token/get', { ...auth(t.weft.clientA), link_token: token });
        const session = got.body.link_sessions[0];
        return {
          status: session?.exit?.metadata.status,
          asked: session?.events.some((e) => e.event_metadata.view_name === 'EXIT'),
        };
      })
      .toEqual({ status: 'requires_credentials', asked: true });
    await page.close();
  });

  it('exit({ force: true }) closes at once, even while the question is showing', async () => {
    const { page } = await atCredentials();
    await exitFromPage(page, { force: true });
    await waitForExit(page);
    let s = await state(page);
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    expect(await views(page)).not.toContain('EXIT');
    expect(await page.locator('iframe[title^="Link"]').isVisible()).toBe(false);
    await page.close();

    const second = await atCredentials();
    await exitFromPage(second.page);
    await question(second.link).waitFor();
    await exitFromPage(second.page, { force: true });
    await waitForExit(second.page);
    s = await state(second.page);
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    expect(s.events.filter((e) => e.name === 'EXIT')).toHaveLength(1);
    await second.page.close();
  });

  it('the close button asks mid-flow; Escape on the question stays; onExit keeps the last error', async () => {
    const { page, link } = await atCredentials();
    await signIn(link, 'user_good', 'wrong');
    await link.getByRole('alert').waitFor();
    await link.getByRole('button', { name: 'Exit' }).click();
    await question(link).waitFor();
    // The close button is hidden while asking: the question has exactly two answers.
    expect(await link.getByRole('button').allTextContents()).toEqual(['Keep connecting', 'Exit']);
    await page.keyboard.press('Escape');
    await question(link).waitFor({ state: 'detached' });
    // Focus goes back to the close button that asked.
    expect(await link.locator(':focus').getAttribute('aria-label')).toBe('Exit');
    expect((await state(page)).exit).toBeNull();

    await page.keyboard.press('Enter');
    await question(link).waitFor();
    await link.getByRole('button', { name: 'Exit', exact: true }).click();
    await waitForExit(page);
    const s = await state(page);
    expect(s.exit?.error?.error_code).toBe('INVALID_CREDENTIALS');
    expect(s.exit?.metadata.status).toBe('requires_credentials');
    await page.close();
  });

  it('before a bank is chosen there is nothing to lose: exit() and Escape close at once', async () => {
    const first = await t.openLink(await t.linkToken());
    await first.link.getByRole('heading', { name: /uses Weft to connect/ }).waitFor();
    await exitFromPage(first.page);
    await waitForExit(first.page);
    expect(await views(first.page)).not.toContain('EXIT');
    await first.page.close();

    const { page, link } = await t.openLink(await t.linkToken());
    await link.getByRole('button', { name: 'Continue' }).click();
    await link.getByLabel('Search for your bank').waitFor();
    await page.keyboard.press('Escape');
    await waitForExit(page);
    expect((await state(page)).exit?.metadata.status).toBe('institution_not_found');
    expect(await views(page)).not.toContain('EXIT');
    await page.close();
  });
});
