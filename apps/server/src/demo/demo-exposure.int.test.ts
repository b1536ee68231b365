import { afterEach, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../test/harness';
import { DEMO_RATE_LIMITS } from './demo-rate-limit';

let w: TestWeft | undefined;
afterEach(async () => {
  await w?.close();
  w = undefined;
});

function demoCall(weft: TestWeft, path: string, remoteAddress: string) {
  return weft.app.inject({
    method: path === '/demo/api/config' ? 'GET' : 'POST',
    url: path,
    remoteAddress,
    headers: { 'content-type': 'application/json' },
    payload: path === '/demo/api/config' ? undefined : '{}',
  });
}

describe('demo exposure', () => {
  it('is off when Weft listens beyond loopback, unless WEFT_DEMO=true', async () => {
    w = await createTestWeft({ env: { HOST: '0.0.0.0' } });
    expect(w.routes).not.toContain('POST /demo/api/create_link_token');
    expect((await demoCall(w, '/demo/api/create_link_token', '192.0.2.1')).statusCode).toBe(404);
    await w.close();

    w = await createTestWeft({ env: { HOST: '0.0.0.0', WEFT_DEMO: 'true' } });
    expect(w.routes).toContain('POST /demo/api/create_link_token');
  });

  it('is on by default, on loopback', async () => {
    w = await createTestWeft();
    expect(w.config.host).toBe('127.0.0.1');
    expect((await demoCall(w, '/demo/api/config', '127.0.0.1')).statusCode).toBe(200);
  });

  it('limits each endpoint per remote address, with Retry-After', async () => {
    w = await createTestWeft();
    const path = '/demo/api/create_link_token';
    const limit = DEMO_RATE_LIMITS[path]!;
    for (let i = 0; i < limit; i++) {
      const ok = await demoCall(w, path, '198.51.100.7');
      expect(ok.statusCode, ok.body).toBe(200);
      expect(ok.headers['ratelimit-remaining']).toBe(String(limit - i - 1));
    }
    const refused = await demoCall(w, path, '198.51.100.7');
    expect(refused.statusCode).toBe(429);
    expect(refused.json()).toMatchObject({ error_type: 'RATE_LIMIT_EXCEEDED', error_code: 'RATE_LIMIT' });
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);

    // Another address has its own budget, and another endpoint is counted apart.
    expect((await demoCall(w, path, '198.51.100.8')).statusCode).toBe(200);
    expect((await demoCall(w, '/demo/api/config', '198.51.100.7')).statusCode).toBe(200);
  });
});

describe('demo redirect', () => {
  it('takes only its own page as the OAuth redirect, so it is no open redirect', async () => {
    w = await createTestWeft();
    const create = (redirect_uri: string) =>
      w!.app.inject({
        method: 'POST',
        url: '/demo/api/create_link_token',
        remoteAddress: '127.0.0.1',
        headers: { 'content-type': 'application/json' },
        payload: JSON.stringify({ redirect_uri }),
      });
    const own = `${w.config.publicUrl}/`;
    expect((await create(own)).statusCode).toBe(200);
    for (const other of ['https://evil.example/', `${own}elsewhere`, 'javascript:alert(1)']) {
      const r = await create(other);
      expect(r.statusCode, other).toBe(400);
      expect(r.json().error_code, other).toBe('INVALID_FIELD');
    }
  });
});
