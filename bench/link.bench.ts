import { execSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { auth, createTestWeft, post } from '../apps/server/src/test/harness';
import { median } from './processes';

/**
 * Link: its JavaScript gzipped (target < 120 KB), and in headless chromium the time from
 * `Plaid.create()` to `onLoad`, from `open()` to the first pane, and from `open()` to the
 * institution pane (Continue clicked on the consent pane as soon as it can be). Medians of RUNS
 * fresh page loads; the baseline beside them is a bare iframe loading a tiny document from the
 * same server, the floor for anything shown in an iframe.
 */
const RUNS = Number(process.env.BENCH_ROUNDS ?? 7);
const ROOT = path.resolve(import.meta.dirname, '..');
const DIST = path.join(ROOT, 'apps/link/dist');
const TARGET_KB = 120;

const PAGE_JS = `
const b = (window.__bench = { events: [], loaded: 0 });
const token = new URLSearchParams(location.search).get('token');
b.created = performance.now();
window.__handler = Plaid.create({
  token,
  onLoad: () => { b.loaded = performance.now(); },
  onEvent: (name, m) => b.events.push({ name, view: m.view_name, t: performance.now() }),
  onSuccess: () => {},
});
`;

interface BenchState {
  events: { name: string; view: string | null; t: number }[];
  created: number;
  loaded: number;
  opened: number;
}

function gzipKb(files: string[]): { raw: number; gz: number } {
  let raw = 0;
  let gz = 0;
  for (const f of files) {
    const buf = fs.readFileSync(f);
    raw += buf.length;
    gz += gzipSync(buf).length;
  }
  return { raw: raw / 1024, gz: gz / 1024 };
}

async function main(): Promise<void> {
  if (!fs.existsSync(path.join(DIST, 'index.html'))) execSync('npm run build -w @weft/link', { cwd: ROOT });
  const assets = fs.readdirSync(path.join(DIST, 'assets')).map((f) => path.join(DIST, 'assets', f));
  const js = gzipKb([...assets.filter((f) => f.endsWith('.js')), path.join(DIST, 'link-initialize.js')]);
  const css = gzipKb(assets.filter((f) => f.endsWith('.css')));
  console.log(
    `Link JS: ${js.raw.toFixed(1)} KB raw, ${js.gz.toFixed(1)} KB gzipped (UI + link-initialize.js); CSS ${css.gz.toFixed(1)} KB gzipped`,
  );
  console.log(
    `  target < ${TARGET_KB} KB gzipped: ${js.gz < TARGET_KB ? 'met' : 'NOT met'} (${((js.gz / TARGET_KB) * 100).toFixed(0)}% of budget)`,
  );

  const weft = await createTestWeft();
  const weftUrl = await weft.listen();
  const app = http.createServer((req, res) => {
    if (req.url === '/page.js')
      return void res.writeHead(200, { 'content-type': 'text/javascript' }).end(PAGE_JS);
    res
      .writeHead(200, { 'content-type': 'text/html' })
      .end(
        `<!doctype html><html><head><script src="${weftUrl}/link/link-initialize.js"></script></head><body><script src="/page.js"></script></body></html>`,
      );
  });
  await new Promise<void>((r) => app.listen(0, '127.0.0.1', r));
  const appUrl = `http://localhost:${(app.address() as AddressInfo).port}`;
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });

  const createToLoad: number[] = [];
  const openToFirst: number[] = [];
  const openToInstitution: number[] = [];
  const bareIframe: number[] = [];
  try {
    for (let i = 0; i < RUNS + 1; i++) {
      const token = (
        await post<{ link_token: string }>(weft, '/link/token/create', {
          ...auth(weft.clientA),
          client_name: 'Bench',
          language: 'en',
          country_codes: ['US'],
          user: { client_user_id: 'bench' },
          products: ['transactions'],
        })
      ).body.link_token;
      const page = await browser.newPage();
      await page.goto(`${appUrl}/?token=${encodeURIComponent(token)}`);
      await page.waitForFunction(() => (window as unknown as { __bench: BenchState }).__bench.loaded > 0);
      await page.evaluate(() => {
        const w = window as unknown as { __bench: BenchState; __handler: { open(): void } };
        w.__bench.opened = performance.now();
        w.__handler.open();
      });
      // Continue on the consent pane as soon as it can be pressed: the quickest user path.
      await page
        .frameLocator('iframe')
        .getByRole('button', { name: /continue/i })
        .first()
        .click();
      await page.waitForFunction(() =>
        (window as unknown as { __bench: BenchState }).__bench.events.some(
          (e) => e.view === 'SELECT_INSTITUTION',
        ),
      );
      const b = await page.evaluate(() => (window as unknown as { __bench: BenchState }).__bench);
      const bare = await page.evaluate(
        (url) =>
          new Promise<number>((resolve) => {
            const f = document.createElement('iframe');
            const t0 = performance.now();
            f.onload = () => resolve(performance.now() - t0);
            f.src = `${url}/health?${Math.random()}`;
            document.body.appendChild(f);
          }),
        weftUrl,
      );
      await page.close();
      if (i === 0) continue; // warm-up: JIT, caches, first database writes
      const first = b.events.find((e) => e.name === 'OPEN')!;
      const inst = b.events.find((e) => e.view === 'SELECT_INSTITUTION')!;
      createToLoad.push(b.loaded - b.created);
      openToFirst.push(first.t - b.opened);
      openToInstitution.push(inst.t - b.opened);
      bareIframe.push(bare);
    }
  } finally {
    await browser.close();
    await new Promise((r) => app.close(r));
    await weft.close();
  }
  const ms = (xs: number[]) => `${median(xs).toFixed(1)} ms`.padStart(10);
  console.log(`\nheadless chromium, medians of ${RUNS} fresh page loads (${weft.ctx.dialect}):`);
  console.log(`  Plaid.create() → onLoad          ${ms(createToLoad)}   (bundle load + session start)`);
  console.log(`  open() → first pane (OPEN)       ${ms(openToFirst)}`);
  console.log(
    `  open() → institution pane        ${ms(openToInstitution)}   (includes the automated click on consent)`,
  );
  console.log(`  baseline: bare iframe load       ${ms(bareIframe)}`);
  console.log(
    `  ratio create→onLoad / bare iframe: ${(median(createToLoad) / median(bareIframe)).toFixed(1)}x`,
  );
}

await main();
