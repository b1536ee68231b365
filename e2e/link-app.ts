import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import type { Browser, FrameLocator, Page } from 'playwright-core';
import { auth, createTestWeft, post, type TestWeft } from '../apps/server/src/test/harness';
import { ensureBuilt, launchChromium } from './browser';

/**
 * An app embedding Link, for the browser tests: Weft on one origin, an app page on another (with
 * a strict CSP of its own) that loads link-initialize.js from Weft, and chromium to drive both.
 */

const ROOT = path.resolve(import.meta.dirname, '..');

/** The app page's script: wires Plaid.create to window.__link so a test can read callbacks. */
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
window.__handler = handler;
document.getElementById('open').addEventListener('click', () => handler.open());
if (returning) handler.open();
`;

/** What the app page recorded from Link's callbacks. */
export interface PageState {
  events: { name: string; metadata: Record<string, unknown> }[];
  success: {
    public_token: string;
    metadata: { accounts: { name: string }[]; link_session_id: string };
  } | null;
  exit: {
    error: { error_code: string } | null;
    metadata: {
      status: string | null;
      link_session_id: string;
      request_id: string;
      institution: { name: string; institution_id: string } | null;
    };
  } | null;
  loaded: boolean;
}

/** A running Weft, the app server in front of it and a browser. */
export interface LinkApp {
  weft: TestWeft;
  weftUrl: string;
  appUrl: string;
  browser: Browser;
  /** A link token for client A (transactions, US), with any /link/token/create fields added. */
  linkToken(extra?: Record<string, unknown>): Promise<string>;
  /** Loads the app page with the token, waits for onLoad, opens Link and waits for its dialog. */
  openLink(
    token: string,
    width?: number,
    height?: number,
  ): Promise<{ page: Page; link: FrameLocator; errors: string[] }>;
  close(): Promise<void>;
}

/**
 * Starts Weft and the app server (`route` may answer extra app paths first: it returns true when
 * it did) and launches chromium. Builds Link first if the tests run without `npm run build`.
 */
export async function startLinkApp(
  route?: (req: http.IncomingMessage, res: http.ServerResponse) => boolean,
): Promise<LinkApp> {
  ensureBuilt(path.join(ROOT, 'apps/link/dist'), '@weft/link');
  const weft = await createTestWeft();
  const weftUrl = await weft.listen();
  const pageHtml = `<!doctype html><html><head><meta charset="utf-8"><title>Test app</title>
<script src="${weftUrl}/link/link-initialize.js"></script></head>
<body><h1>Test app</h1><button id="open">Link account</button><p id="out"></p>
<script src="/page.js"></script></body></html>`;
  const app = http.createServer((req, res) => {
    if (route?.(req, res)) return;
    if (req.url === '/page.js') {
      res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_JS);
      return;
    }
    // The app's own strict CSP: exactly what docs/link.md tells integrators to add for Link.
    res
      .writeHead(200, {
        'content-type': 'text/html',
        'content-security-policy': `default-src 'self'; script-src 'self' ${weftUrl}; frame-src ${weftUrl}; style-src 'self'`,
      })
      .end(pageHtml);
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  // A different host name makes the app a different origin from Weft, as in real embeddings.
  const appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
  // The app's OAuth return page, registered as an app registers it before using it in a link token.
  await weft.ctx.clients.addRedirectUri(weft.clientA.clientId, `${appUrl}/oauth-return`);
  const browser = await launchChromium();

  return {
    weft,
    weftUrl,
    appUrl,
    browser,
    async linkToken(extra = {}) {
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
    },
    async openLink(token, width = 1024, height = 800) {
      // The page opens at its final size: resizing later re-lays out Link's frame in its own
      // process, after the test may already have measured where to click.
      const page = await browser.newPage({ viewport: { width, height } });
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
    },
    async close() {
      await browser.close();
      await new Promise((r) => app.close(r));
      await weft.close();
    },
  };
}

/** What the app page has recorded so far. */
export const state = (page: Page): Promise<PageState> =>
  page.evaluate(() => (window as unknown as { __link: PageState }).__link);

/** Waits until the app's onExit has been called. */
export async function waitForExit(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.exit !== null);
}

/** From the consent pane: Continue, search for the bank and choose it. */
export async function pickBank(link: FrameLocator, name: string): Promise<void> {
  await link.getByRole('button', { name: 'Continue' }).click();
  await link.getByLabel('Search for your bank').fill(name.split(' ').slice(-2).join(' '));
  await link.getByRole('button', { name, exact: true }).click();
}

/** Fills in and submits the credentials pane. */
export async function signIn(link: FrameLocator, username: string, password: string): Promise<void> {
  await link.getByLabel('Username').fill(username);
  await link.getByLabel('Password').fill(password);
  await link.getByRole('button', { name: 'Submit' }).click();
}

/** From account selection: keeps the default choice, continues past success, waits for onSuccess. */
export async function chooseAndFinish(page: Page, link: FrameLocator, shot: string): Promise<PageState> {
  await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await link.getByRole('heading', { name: 'Success' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await page.waitForFunction(() => (window as unknown as { __link: PageState }).__link.success !== null);
  await page.screenshot({ path: path.join(ROOT, 'test-results', 'link', `${shot}.png`) });
  return state(page);
}
