import { createHash } from 'node:crypto';
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';
import { MAX_ARRAY_ITEMS, MAX_JSON_DEPTH, MAX_STRING_LENGTH } from './schema-kit';

/** Plaid's error envelope, every field present. */
const envelope = (code: string) => ({
  error_type: expect.any(String),
  error_code: code,
  error_message: expect.any(String),
  display_message: null,
  request_id: expect.any(String),
});

/** Sends a raw request over a real socket, where Node's HTTP parser (not Fastify) sees it first. */
function raw(
  base: string,
  opts: { method: string; path: string; headers?: Record<string, string>; body?: string },
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${base}${opts.path}`, { method: opts.method, headers: opts.headers }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => {
        body += c;
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

describe('every request input is bounded: past a bound is INVALID_FIELD, never a 500', () => {
  let w: TestWeft;
  let base: string;
  let accessToken: string;
  let itemId: string;
  beforeAll(async () => {
    w = await createTestWeft();
    ({ accessToken, itemId } = await createItem(w, w.clientA));
    base = await w.listen();
  });
  afterAll(() => w.close());

  const invalid = async (url: string, body: unknown, field: string) => {
    const r = await post(w, url, body);
    expect(r.status, `${url} ${field}: ${JSON.stringify(r.body)}`).toBe(400);
    expect(r.body).toMatchObject(envelope('INVALID_FIELD'));
    expect(String(r.body.error_message)).toContain(field);
  };

  it('refuses arrays beyond their bound (SQLite and PostgreSQL bind-parameter limits lie far past it)', async () => {
    for (const n of [32_767, 70_000]) {
      const ids = Array.from({ length: n }, (_, i) => `acc${i}`);
      await invalid(
        '/accounts/get',
        { ...auth(w.clientA), access_token: accessToken, options: { account_ids: ids } },
        'options.account_ids',
      );
      await invalid(
        '/transactions/get',
        {
          ...auth(w.clientA),
          access_token: accessToken,
          start_date: '2026-01-01',
          end_date: '2026-02-01',
          options: { account_ids: ids },
        },
        'options.account_ids',
      );
    }
    const atBound = Array.from({ length: MAX_ARRAY_ITEMS }, (_, i) => `acc${i}`);
    const ok = await post(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
      options: { account_ids: atBound },
    });
    expect(ok.status).toBeLessThan(500);
  });

  it('refuses numbers beyond their bound: offset 2^63, amounts of 1e300, ids from 2^31', async () => {
    const tx = {
      ...auth(w.clientA),
      access_token: accessToken,
      start_date: '2026-01-01',
      end_date: '2026-02-01',
    };
    await invalid('/transactions/get', { ...tx, options: { offset: 2 ** 63 } }, 'options.offset');
    await invalid('/transactions/get', { ...tx, options: { offset: 2 ** 31 } }, 'options.offset');
    await invalid('/transactions/get', { ...tx, options: { count: 501 } }, 'options.count');
    await invalid(
      '/institutions/get',
      { ...auth(w.clientA), count: 1, offset: 2 ** 63, country_codes: ['US'] },
      'offset',
    );
    await invalid(
      '/sandbox/transactions/create',
      {
        ...auth(w.clientA),
        access_token: accessToken,
        transactions: [
          { amount: 1e300, date_posted: '2026-01-02', date_transacted: '2026-01-02', description: 'x' },
        ],
      },
      'amount',
    );
    // A forged /transactions/sync cursor: its tag is a digest of the Item id, which the client knows.
    // The cursor is read once the Item's transactions are ready.
    for (let i = 0; i < 200; i++) {
      const r = await post(w, '/transactions/sync', { ...auth(w.clientA), access_token: accessToken });
      if (r.body.transactions_update_status !== 'NOT_READY') break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const tag = createHash('sha256').update(itemId).digest('base64url').slice(0, 10);
    for (const inside of [
      `2|${tag}|${2 ** 31}|`,
      `2|${tag}|0||${2 ** 40}|1|${2 ** 40}|x`,
      `2|${tag}|0|acc\u0000`,
    ]) {
      const cursor = Buffer.from(inside).toString('base64url');
      await invalid(
        '/transactions/sync',
        { ...auth(w.clientA), access_token: accessToken, cursor },
        'cursor',
      );
    }
    for (const id of ['2147483648', '9999999999999999'])
      await invalid(
        '/weft/webhooks/replay',
        { ...auth(w.clientA), access_token: accessToken, delivery_id: id },
        'delivery_id',
      );
  });

  it('refuses strings beyond their bound, and NUL in any string or key', async () => {
    const link = {
      ...auth(w.clientA),
      client_name: 'x',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
      products: ['auth'],
    };
    await invalid(
      '/link/token/create',
      { ...link, client_name: 'x'.repeat(MAX_STRING_LENGTH + 1) },
      'client_name',
    );
    await invalid('/link/token/create', { ...link, client_name: 'a\u0000b' }, 'client_name');
    await invalid(
      '/link/token/create',
      { ...link, user: { client_user_id: 'u', name: { 'k\u0000': 'v' } } },
      'user.name',
    );
    await invalid(
      '/accounts/get',
      { ...auth(w.clientA), access_token: `${accessToken}\u0000` },
      'access_token',
    );
    const ok = await post(w, '/link/token/create', link);
    expect(ok.status).toBe(200);
  });

  it('refuses free-form objects nested deeper than the bound, even 100,000 deep', async () => {
    const link = JSON.stringify({
      ...auth(w.clientA),
      client_name: 'x',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
      products: ['auth'],
    });
    for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
      const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
      const payload = `${link.slice(0, -1)},"income_verification":${deep}}`;
      const r = await w.app.inject({
        method: 'POST',
        url: '/link/token/create',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(r.statusCode, r.body.slice(0, 300)).toBe(400);
      expect(r.json()).toMatchObject(envelope('INVALID_FIELD'));
    }
    const arrays = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const r = await w.app.inject({
      method: 'POST',
      url: '/accounts/get',
      payload: arrays,
      headers: { 'content-type': 'application/json' },
    });
    expect(r.statusCode).toBe(400);
    expect(r.json()).toMatchObject(envelope('INVALID_FIELD'));
  });

  it('answers framework-level errors in Plaid envelope with their own status', async () => {
    const huge = await raw(base, {
      method: 'POST',
      path: '/accounts/get',
      headers: { 'content-type': 'application/json', 'x-pad': 'x'.repeat(70 * 1024) },
      body: '{}',
    });
    expect(huge.status).toBe(431);
    expect(JSON.parse(huge.body)).toMatchObject(envelope('INVALID_HEADERS'));

    const tooBig = await raw(base, {
      method: 'POST',
      path: '/accounts/get',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
    });
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject(envelope('INVALID_BODY'));

    const unknown = await raw(base, { method: 'POST', path: '/nope', body: '{}' });
    expect(unknown.status).toBe(404);
    expect(JSON.parse(unknown.body)).toMatchObject(envelope('NOT_FOUND'));

    const wrongMethod = await raw(base, { method: 'GET', path: '/accounts/get' });
    expect(wrongMethod.status).toBe(405);
    expect(JSON.parse(wrongMethod.body)).toMatchObject(envelope('METHOD_NOT_ALLOWED'));

    const malformed = await raw(base, {
      method: 'POST',
      path: '/accounts/get',
      headers: { 'content-type': 'application/json' },
      body: '{"client_id":',
    });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject(envelope('INVALID_BODY'));

    const badLength = await raw(base, {
      method: 'POST',
      path: '/accounts/get',
      headers: { 'content-type': 'application/json', 'content-length': 'abc' },
      body: '',
    });
    expect(badLength.status).toBe(400);
    expect(JSON.parse(badLength.body)).toMatchObject({ error_type: 'INVALID_REQUEST' });
  });
});
