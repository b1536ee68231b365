import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard, type Resolver } from '../lib/outbound-guard';
import { postJson, RESPONSE_EXCERPT_BYTES } from './http-post';

/** A loopback server answering each path as a test wants, counting what reaches it. */
let server: http.Server;
let base = '';
const hits: string[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    req.resume();
    req.on('end', () => {
      if (req.url === '/big') {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(`${'é'.repeat(RESPONSE_EXCERPT_BYTES)}${'x'.repeat(100_000)}`);
      } else if (req.url === '/moved') {
        res.writeHead(307, { location: `${base}/elsewhere` });
        res.end('moved');
      } else {
        res.writeHead(200);
        res.end('ok');
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  base = `http://127.0.0.1:${addr.port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const noDns: Resolver = async (hostname) => {
  throw new Error(`unexpected lookup of ${hostname}`);
};
const strict = createOutboundGuard('none', noDns);
const dev = createOutboundGuard('loopback');

describe('postJson', () => {
  it('refuses URLs it cannot or must not reach, permanently and without connecting', async () => {
    const port = new URL(base).port;
    for (const url of [
      'not a url',
      'ftp://example.com/x',
      `file:///etc/passwd`,
      `gopher://127.0.0.1:${port}/_x`,
      'http://10.0.0.1/hook',
      'http://[::1]:9/hook',
      `http://127.0.0.1:${port}/hook`,
      `http://2130706433:${port}/hook`,
      `http://0x7f.1:${port}/hook`,
      `http://127.1:${port}/hook`,
      `http://[::ffff:127.0.0.1]:${port}/hook`,
    ]) {
      const r = await postJson(url, '{}', {}, { timeoutMs: 500, guard: strict });
      expect(r, url).toMatchObject({ status: null, body: null, permanent: true });
      expect(r.error, url).toMatch(/^refused/);
    }
    expect(hits).toEqual([]);
  });

  it('refuses a name that resolves to a private address, on the address the socket would use', async () => {
    const rebinding = createOutboundGuard('loopback', async () => [
      { address: '169.254.169.254', family: 4 },
    ]);
    const r = await postJson(
      'http://metadata.example/latest',
      '{}',
      {},
      { timeoutMs: 500, guard: rebinding },
    );
    expect(r).toMatchObject({ status: null, permanent: true });
    expect(r.error).toMatch(/refused: metadata\.example resolves to a private or special-purpose address/);
  });

  it('reaches loopback with the opt-in, by address and by name', async () => {
    for (const url of [`${base}/hook`, `${base.replace('127.0.0.1', 'localhost')}/hook`]) {
      const r = await postJson(url, '{}', {}, { timeoutMs: 2000, guard: dev });
      expect(r, url).toMatchObject({ status: 200, body: 'ok', error: null });
    }
  });

  it(`keeps only the first ${RESPONSE_EXCERPT_BYTES} bytes of a response`, async () => {
    const r = await postJson(`${base}/big`, '{}', {}, { timeoutMs: 2000, guard: dev });
    expect(r.status).toBe(500);
    expect(Buffer.byteLength(r.body!)).toBeLessThanOrEqual(RESPONSE_EXCERPT_BYTES + 2);
    expect(r.body).toMatch(/^(é)+/);
    expect(r.body).not.toContain('x');
  });

  it('does not follow redirects: the 3xx is the answer', async () => {
    hits.length = 0;
    const r = await postJson(`${base}/moved`, '{}', {}, { timeoutMs: 2000, guard: dev });
    expect(r).toMatchObject({ status: 307, body: 'moved', permanent: false });
    expect(hits).toEqual(['/moved']);
  });

  it('reports a refused connection as retryable', async () => {
    const r = await postJson('http://127.0.0.1:9/hook', '{}', {}, { timeoutMs: 500, guard: dev });
    expect(r.status).toBeNull();
    expect(r.permanent).toBe(false);
    expect(r.error).toBeTruthy();
  });
});
