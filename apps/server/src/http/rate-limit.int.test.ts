import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';

describe('rate limits over HTTP', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-03-02T12:00:00Z'));

  beforeAll(async () => {
    // Small limits so the test needs a handful of requests; the clock moves instead of sleeping.
    w = await createTestWeft({
      clock,
      env: { WEFT_RATE_LIMITS: '/auth/get=2/5,/identity/get=3/-,/institutions/get=-/2' },
    });
  });
  afterAll(async () => {
    await w.close();
  });

  it('limits each Item per minute with AUTH_LIMIT, Retry-After and RateLimit-* headers', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const body = { ...auth(w.clientA), access_token: accessToken };
    const first = await post(w, '/auth/get', body);
    expect(first.status).toBe(200);
    expect(first.headers).toMatchObject({
      'ratelimit-limit': '2',
      'ratelimit-remaining': '1',
      'ratelimit-reset': '60',
    });
    clock.advance(15_000);
    expect((await post(w, '/auth/get', body)).headers['ratelimit-remaining']).toBe('0');
    const refused = await post(w, '/auth/get', body);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({
      error_type: 'RATE_LIMIT_EXCEEDED',
      error_code: 'AUTH_LIMIT',
      display_message: null,
    });
    expect(refused.body.request_id).toBe(refused.headers['x-request-id']);
    expect(refused.headers).toMatchObject({
      'retry-after': '45',
      'ratelimit-limit': '2',
      'ratelimit-remaining': '0',
      'ratelimit-reset': '45',
    });
    clock.advance(45_000);
    expect((await post(w, '/auth/get', body)).status).toBe(200);
  });

  it('counts Items separately, then stops the client at its own limit', async () => {
    clock.advance(60_000);
    const items = await Promise.all([1, 2, 3].map(() => createItem(w, w.clientB)));
    const statuses: number[] = [];
    for (const { accessToken } of items)
      for (let i = 0; i < 2; i++)
        statuses.push((await post(w, '/auth/get', { ...auth(w.clientB), access_token: accessToken })).status);
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
    const other = await createItem(w, w.clientA);
    const a = await post(w, '/auth/get', { ...auth(w.clientA), access_token: other.accessToken });
    expect(a.status).toBe(200);
  });

  it('uses per-endpoint codes and leaves unlisted endpoints alone', async () => {
    clock.advance(60_000);
    const { accessToken } = await createItem(w, w.clientA);
    const body = { ...auth(w.clientA), access_token: accessToken };
    for (let i = 0; i < 3; i++) expect((await post(w, '/identity/get', body)).status).toBe(200);
    const refused = await post(w, '/identity/get', body);
    expect(refused.status).toBe(429);
    expect(refused.body).toMatchObject({ error_code: 'IDENTITY_LIMIT' });
    for (let i = 0; i < 5; i++) expect((await post(w, '/identity/match', body)).status).toBe(200);
    const inst = { ...auth(w.clientA), count: 1, offset: 0, country_codes: ['US'] };
    expect((await post(w, '/institutions/get', inst)).status).toBe(200);
    expect((await post(w, '/institutions/get', inst)).status).toBe(200);
    const limited = await post(w, '/institutions/get', inst);
    expect(limited.status).toBe(429);
    expect(limited.body).toMatchObject({ error_code: 'INSTITUTIONS_GET_LIMIT' });
  });

  it('does not count callers that fail authentication or name an unknown token', async () => {
    clock.advance(60_000);
    const { accessToken } = await createItem(w, w.clientA);
    for (let i = 0; i < 4; i++) {
      const bad = await post(w, '/auth/get', {
        client_id: w.clientA.clientId,
        secret: 'wrong-secret-0000',
        access_token: accessToken,
      });
      expect(bad.body).toMatchObject({ error_code: 'INVALID_API_KEYS' });
    }
    const other = await post(w, '/auth/get', { ...auth(w.clientB), access_token: accessToken });
    expect(other.body).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
    const ok = await post(w, '/auth/get', { ...auth(w.clientA), access_token: accessToken });
    expect(ok.status).toBe(200);
    expect(ok.headers['ratelimit-remaining']).toBe('1');
  });
});
