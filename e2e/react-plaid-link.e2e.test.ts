import fs from 'node:fs';
import type http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import react from '@vitejs/plugin-react';
import type { BrowserContext, Page } from 'playwright-core';
import { build as viteBuild } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LinkApp, pickBank, signIn, startLinkApp } from './link-app';

/**
 * A React app written for the real react-plaid-link (packages/react-link/test-app), built with
 * Vite the two ways docs/link.md describes, clicked through Link against a test Weft:
 * - aliased: `resolve.alias: { 'react-plaid-link': '@weft/react-link' }` and configure({ weftUrl });
 * - unaliased: the real package loads Plaid's CDN URL, and a stand-in for a reverse proxy (request
 *   routing in the browser) sends all of cdn.plaid.com to Weft.
 */

const ROOT = path.resolve(import.meta.dirname, '..');
const APP_SRC = path.join(ROOT, 'packages/react-link/test-app');
const PLAID_CDN = 'https://cdn.plaid.com';
const PLAID_SCRIPT = `${PLAID_CDN}/link/v2/stable/link-initialize.js`;
let t: LinkApp;
const builds: Record<'aliased' | 'unaliased', string> = { aliased: '', unaliased: '' };

async function buildApp(alias: Record<string, string>): Promise<string> {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-react-plaid-link-'));
  await viteBuild({
    root: APP_SRC,
    base: './',
    logLevel: 'silent',
    configFile: false,
    plugins: [react()],
    resolve: { alias },
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}

/**
 * Serves a build under /aliased/ or /unaliased/ with a strict CSP allowing only Link's origin. With
 * `?tag`, the HTML carries Weft's script tag, the way docs/link.md offers to say where Weft is.
 */
function appPages(req: http.IncomingMessage, res: http.ServerResponse): boolean {
  const [, name, ...rest] = (req.url ?? '').split('?')[0]?.split('/') ?? [];
  if (name !== 'aliased' && name !== 'unaliased') return false;
  const dir = builds[name];
  const file = path.join(dir, path.normalize(rest.join('/') || 'index.html'));
  if (!file.startsWith(dir) || !fs.existsSync(file)) {
    res.writeHead(404).end();
    return true;
  }
  const linkOrigin = name === 'aliased' ? t.weftUrl : PLAID_CDN;
  let body = fs.readFileSync(file);
  if (file.endsWith('.html') && new URLSearchParams(req.url?.split('?')[1]).has('tag'))
    body = Buffer.from(
      body
        .toString()
        .replace('</head>', `<script src="${t.weftUrl}/link/link-initialize.js" async></script></head>`),
    );
  res
    .writeHead(200, {
      'content-type': file.endsWith('.js')
        ? 'text/javascript'
        : file.endsWith('.css')
          ? 'text/css'
          : 'text/html',
      'content-security-policy': `default-src 'self'; script-src 'self' ${linkOrigin}; frame-src ${linkOrigin}`,
    })
    .end(body);
  return true;
}

/** A browser context that lets requests reach 127.0.0.1 and localhost only; it records the rest. */
async function offlineContext(): Promise<{ context: BrowserContext; outside: string[] }> {
  const context = await t.browser.newContext({ viewport: { width: 1024, height: 800 } });
  const outside: string[] = [];
  await context.route('**/*', (route) => {
    const { hostname } = new URL(route.request().url());
    if (hostname === '127.0.0.1' || hostname === 'localhost') return route.continue();
    outside.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  return { context, outside };
}

/** Opens the app, clicks through First Platypus Bank as user_good and returns what onSuccess showed. */
async function connect(page: Page, url: string): Promise<string> {
  await page.goto(url);
  await page.locator('#open:enabled').click();
  const link = page.frameLocator('iframe[title^="Link"]');
  await link.getByRole('dialog').waitFor();
  await pickBank(link, 'First Platypus Bank');
  await signIn(link, 'user_good', 'pass_good');
  await link.getByRole('heading', { name: 'Choose accounts to share' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await link.getByRole('heading', { name: 'Success' }).waitFor();
  await link.getByRole('button', { name: 'Continue' }).click();
  await page.locator('#result', { hasText: /^success / }).waitFor();
  return (await page.locator('#result').textContent()) ?? '';
}

beforeAll(async () => {
  builds.aliased = await buildApp({ 'react-plaid-link': '@weft/react-link' });
  builds.unaliased = await buildApp({});
  t = await startLinkApp(appPages);
});

afterAll(async () => {
  await t?.close();
  for (const dir of Object.values(builds)) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

/** One of the two builds, opened in its own offline browser context (the proxy added if unaliased). */
async function openBuild(name: 'aliased' | 'unaliased', token: string, query = 'weft') {
  const { context, outside } = await offlineContext();
  const proxied: string[] = [];
  if (name === 'unaliased')
    // The stand-in for a reverse proxy: every request to cdn.plaid.com goes to Weft, same path.
    await context.route(`${PLAID_CDN}/**`, async (route) => {
      const { pathname, search } = new URL(route.request().url());
      proxied.push(pathname);
      // A request still in flight when its test closes the context (Link's last event) is dropped.
      try {
        const response = await route.fetch({ url: `${t.weftUrl}${pathname}${search}` });
        await route.fulfill({ response });
      } catch (e) {
        if (!/context disposed|closed/i.test(String(e))) throw e;
      }
    });
  const page = await context.newPage();
  const scripts: string[] = [];
  page.on('request', (r) => {
    if (r.url().endsWith('/link-initialize.js')) scripts.push(r.url());
  });
  const where = query === 'weft' ? `weft=${encodeURIComponent(t.weftUrl)}` : query;
  const url = `${t.appUrl}/${name}/?token=${encodeURIComponent(token)}&${where}`;
  return { context, page, outside, proxied, scripts, url };
}

describe('React apps built with react-plaid-link', () => {
  it('the bundles differ: the aliased one has no trace of Plaid’s CDN, the other one loads it', () => {
    const js = (dir: string) =>
      fs
        .readdirSync(path.join(dir, 'assets'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => fs.readFileSync(path.join(dir, 'assets', f), 'utf8'))
        .join('\n');
    expect(js(builds.aliased)).not.toContain('cdn.plaid.com');
    expect(js(builds.aliased)).toContain('/link/link-initialize.js');
    expect(js(builds.unaliased)).toContain(PLAID_SCRIPT);
  });

  it('aliased to @weft/react-link: Link from Weft, user_good at First Platypus Bank reaches onSuccess', async () => {
    const b = await openBuild('aliased', await t.linkToken());
    const result = await connect(b.page, b.url);
    expect(result).toMatch(/^success public-sandbox-\S+ First Platypus Bank [1-9]/);
    expect(b.scripts).toEqual([`${t.weftUrl}/link/link-initialize.js`]);
    expect(b.outside).toEqual([]);
    await b.context.close();
  });

  it("aliased, no configure(): Weft's script tag in the app's HTML says where Weft is, loaded once", async () => {
    const b = await openBuild('aliased', await t.linkToken(), 'tag');
    // Held back so the hook runs before the tag has loaded: it must wait for that tag, not add one.
    await b.context.route(`${t.weftUrl}/link/link-initialize.js`, async (route) => {
      await new Promise((r) => setTimeout(r, 700));
      await route.fallback();
    });
    const result = await connect(b.page, b.url);
    expect(result).toMatch(/^success public-sandbox-\S+ First Platypus Bank [1-9]/);
    expect(b.scripts).toEqual([`${t.weftUrl}/link/link-initialize.js`]);
    expect(await b.page.locator('script[src$="/link-initialize.js"]').count()).toBe(1);
    expect(b.outside).toEqual([]);
    await b.context.close();
  });

  it("the real package, with cdn.plaid.com proxied to Weft: Weft's script at Plaid's path, onSuccess", async () => {
    const b = await openBuild('unaliased', await t.linkToken());
    const result = await connect(b.page, b.url);
    expect(result).toMatch(/^success public-sandbox-\S+ First Platypus Bank [1-9]/);
    expect(b.scripts).toEqual([PLAID_SCRIPT]);
    expect(b.proxied[0]).toBe('/link/v2/stable/link-initialize.js');
    expect(b.proxied).toContain('/link/');
    expect(b.proxied.some((p) => p.startsWith('/weft/link/session/'))).toBe(true);
    expect(b.outside).toEqual([]);
    await b.context.close();
  });

  for (const name of ['aliased', 'unaliased'] as const)
    it(`${name}: exit({ force: true }, callback) closes Link, calls onExit, then the callback`, async () => {
      const b = await openBuild(name, await t.linkToken());
      await b.page.goto(b.url);
      const closed = b.page.locator('#closed');
      // Link not open: the callback runs at once and onExit is not called.
      await b.page.locator('#open:enabled').waitFor();
      await b.page.click('#exit');
      await expect.poll(() => closed.textContent()).toBe('1');
      await b.page.click('#open');
      const link = b.page.frameLocator('iframe[title^="Link"]');
      await pickBank(link, 'First Platypus Bank');
      await link.getByLabel('Username').waitFor();
      // Link covers the page, as it does for a user: the app's own code calls exit.
      await b.page.evaluate(() => document.getElementById('exit')?.click());
      await expect.poll(() => closed.textContent()).toBe('2');
      expect(await b.page.locator('#result').textContent()).toBe('exit null requires_credentials');
      expect(await b.page.locator('iframe[title^="Link"]').isVisible()).toBe(false);
      expect(b.outside).toEqual([]);
      await b.context.close();
    });
});
