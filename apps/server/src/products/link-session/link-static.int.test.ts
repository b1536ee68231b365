import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../../test/harness';
import { LINK_CSP, LINK_DIST } from './link-static';

let weft: TestWeft;

beforeAll(async () => {
  // Without the built script these routes answer 503 and the test would prove nothing.
  if (!fs.existsSync(path.join(LINK_DIST, 'index.html')))
    execFileSync('npm', ['run', 'build', '-w', '@weft/link'], { stdio: 'inherit' });
  weft = await createTestWeft();
});
afterAll(async () => {
  await weft?.close();
});

const get = (url: string) => weft.app.inject({ method: 'GET', url });

/** The headers a proxy or browser acts on; the date and request id differ per response by design. */
const served = (headers: Record<string, unknown>) => {
  const { date: _date, connection: _connection, 'x-request-id': _id, ...rest } = headers;
  return rest;
};

describe("link-initialize.js at Plaid's CDN path", () => {
  it('/link/v2/stable/link-initialize.js serves the same bytes and headers as /link/link-initialize.js', async () => {
    const ours = await get('/link/link-initialize.js');
    const plaids = await get('/link/v2/stable/link-initialize.js');
    expect(ours.statusCode).toBe(200);
    expect(plaids.statusCode).toBe(200);
    expect(plaids.rawPayload.equals(ours.rawPayload)).toBe(true);
    expect(plaids.rawPayload.equals(fs.readFileSync(path.join(LINK_DIST, 'link-initialize.js')))).toBe(true);
    expect(served(plaids.headers)).toEqual(served(ours.headers));
    expect(plaids.headers['content-type']).toContain('javascript');
    expect(plaids.headers['cache-control']).toBe('public, max-age=300');
    expect(plaids.headers['content-security-policy']).toBe(LINK_CSP);
    expect(plaids.headers.etag).toBeTruthy();
  });

  it('answers a conditional request with 304, as the original path does', async () => {
    const first = await get('/link/v2/stable/link-initialize.js');
    const again = await weft.app.inject({
      method: 'GET',
      url: '/link/v2/stable/link-initialize.js',
      headers: { 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('serves nothing else under /link/v2/stable/ (the Link UI and its assets stay at /link/)', async () => {
    const asset = fs.readdirSync(path.join(LINK_DIST, 'assets'))[0];
    expect(asset).toBeTruthy();
    expect((await get(`/link/assets/${asset}`)).statusCode).toBe(200);
    for (const url of [
      `/link/v2/stable/assets/${asset}`,
      '/link/v2/stable/index.html',
      '/link/v2/stable/',
      '/link/v2/stable/../link-initialize.js',
    ])
      expect((await get(url)).statusCode, url).toBe(404);
  });
});
