import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';

/** A tiny deterministic PRNG so a failing case can be reproduced from its index. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ODD_VALUES: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1.5,
  2 ** 53,
  -(2 ** 31),
  '',
  ' ',
  'x'.repeat(5000),
  '\u0000',
  '💥',
  '../../etc/passwd',
  "'; DROP TABLE items; --",
  [],
  [null],
  [''],
  {},
  { nested: { deeper: [1, 2, 3] } },
  'access-sandbox-',
  'public-sandbox-zzz',
  'link-sandbox-00000000-0000-0000-0000-000000000000',
  '2026-13-45',
  'NaN',
  '{"a":',
];

describe('malformed input never crashes Weft', () => {
  let w: TestWeft;
  let plaidPaths: string[];
  let accessToken: string;
  let bystander: string;
  beforeAll(async () => {
    w = await createTestWeft();
    plaidPaths = w.routes.filter((r) => r.startsWith('POST ')).map((r) => r.slice(5));
    accessToken = (await createItem(w, w.clientA)).accessToken;
    bystander = (await createItem(w, w.clientA)).accessToken;
  });
  afterAll(() => w.close());

  it('answers unparseable bodies with INVALID_BODY', async () => {
    for (const payload of ['{', '{"client_id":', 'not json', '[1,2', '\u0000\u0001', '{"a":1}}']) {
      const r = await w.app.inject({
        method: 'POST',
        url: '/accounts/get',
        payload,
        headers: { 'content-type': 'application/json' },
      });
      expect(r.statusCode, payload).toBe(400);
      expect(r.json(), payload).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_BODY' });
    }
  });

  it('answers missing keys, wrong keys and wrong types with Plaid errors', async () => {
    const missing = await post(w, '/accounts/get', { access_token: accessToken });
    expect(missing).toMatchObject({
      status: 400,
      body: { error_type: 'INVALID_REQUEST', error_code: 'MISSING_FIELDS' },
    });
    expect(String(missing.body.error_message)).toContain('client_id, secret');

    const wrong = await post(w, '/accounts/get', {
      client_id: w.clientA.clientId,
      secret: 'nope',
      access_token: accessToken,
    });
    expect(wrong).toMatchObject({
      status: 400,
      body: { error_type: 'INVALID_INPUT', error_code: 'INVALID_API_KEYS' },
    });

    const headerAuth = await post(
      w,
      '/accounts/get',
      { access_token: accessToken },
      { 'PLAID-CLIENT-ID': w.clientA.clientId, 'PLAID-SECRET': w.clientA.secret },
    );
    expect(headerAuth.status).toBe(200);

    const badType = await post(w, '/institutions/get', {
      ...auth(w.clientA),
      count: '5',
      offset: 0,
      country_codes: ['US'],
    });
    expect(badType).toMatchObject({ status: 400, body: { error_code: 'INVALID_FIELD' } });
    expect(String(badType.body.error_message)).toContain('count');

    const badProduct = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['telepathy'],
    });
    expect(badProduct).toMatchObject({ status: 400, body: { error_code: 'INVALID_FIELD' } });

    const empty = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: '' });
    expect(empty).toMatchObject({ status: 400, body: { error_code: 'INVALID_FIELD' } });

    const nested = await post(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'x',
      language: 'en',
      country_codes: ['US'],
      user: {},
      products: ['auth'],
    });
    expect(nested).toMatchObject({ status: 400, body: { error_code: 'MISSING_FIELDS' } });
    expect(String(nested.body.error_message)).toContain('user.client_user_id');

    const version = await post(
      w,
      '/accounts/get',
      { ...auth(w.clientA), access_token: accessToken },
      { 'Plaid-Version': '2017-03-08' },
    );
    expect(version).toMatchObject({ status: 400, body: { error_code: 'INCOMPATIBLE_API_VERSION' } });
  });

  it('refuses fields the endpoint does not define, at any depth, naming each one', async () => {
    const body = { ...auth(w.clientA), access_token: accessToken };
    const top = await post(w, '/accounts/get', { ...body, acess_token: 'typo', verbose: true });
    expect(top).toMatchObject({
      status: 400,
      body: {
        error_type: 'INVALID_REQUEST',
        error_code: 'UNKNOWN_FIELDS',
        error_message: 'the following fields are not recognized by this endpoint: acess_token, verbose',
        display_message: null,
      },
    });
    const nested = await post(w, '/accounts/get', { ...body, options: { account_ids: [], count: 5 } });
    expect(nested.body).toMatchObject({
      error_code: 'UNKNOWN_FIELDS',
      error_message: 'the following fields are not recognized by this endpoint: options.count',
    });
    // A field Plaid defines for another endpoint is unknown here too.
    const elsewhere = await post(w, '/item/get', { ...body, webhook: 'https://example.com/hook' });
    expect(elsewhere.body).toMatchObject({ error_code: 'UNKNOWN_FIELDS' });
    // Fields Plaid defines but Weft does not act on are accepted.
    const lt = await post(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'x',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u', date_of_birth: null },
      products: ['auth'],
      appearance_mode: 'DARK',
      card_switch: { card_bin: '412345' },
      // null where the spec says nullable means "not given"
      optional_products: null,
      access_token: null,
    });
    expect(lt.status).toBe(200);
    const sandbox = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['transactions'],
      options: { transactions: null, override_password: null },
    });
    expect(sandbox.status).toBe(200);
    expect((await post(w, '/accounts/get', body)).status).toBe(200);
  });

  it('refuses huge bodies and unknown paths with Plaid errors', async () => {
    const huge = await w.app.inject({
      method: 'POST',
      url: '/accounts/get',
      payload: JSON.stringify({ pad: 'x'.repeat(2 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(huge.statusCode).toBe(413);
    expect(huge.json()).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_BODY' });

    const unknown = await post(w, '/transactions/teleport', auth(w.clientA));
    expect(unknown).toMatchObject({
      status: 404,
      body: { error_type: 'INVALID_REQUEST', error_code: 'NOT_FOUND' },
    });
  });

  it('survives a few hundred random malformed requests with no 5xx, and keeps stored data intact', async () => {
    const before = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: bystander });
    const next = rng(20261128);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)]!;
    const fields = [
      'client_id',
      'secret',
      'access_token',
      'public_token',
      'link_token',
      'options',
      'count',
      'offset',
      'country_codes',
      'products',
      'initial_products',
      'institution_id',
      'query',
      'user',
      'webhook',
      'account_ids',
      'cursor',
      'start_date',
      'end_date',
    ];
    for (let i = 0; i < 400; i++) {
      const body: Record<string, unknown> = next() < 0.6 ? auth(next() < 0.8 ? w.clientA : w.clientB) : {};
      const n = Math.floor(next() * 5);
      for (let k = 0; k < n; k++) body[pick(fields)] = pick(ODD_VALUES);
      if (next() < 0.3) body.access_token = next() < 0.5 ? accessToken : pick(ODD_VALUES);
      const url = next() < 0.95 ? pick(plaidPaths) : `/${pick(['nope', 'accounts', '..', '%2e%2e'])}/${i}`;
      const r =
        next() < 0.1
          ? await w.app.inject({
              method: 'POST',
              url,
              payload: JSON.stringify(body).slice(0, Math.floor(next() * 40)),
              headers: { 'content-type': 'application/json' },
            })
          : await w.app.inject({
              method: 'POST',
              url,
              payload: body,
              headers: { 'content-type': 'application/json' },
            });
      expect(r.statusCode, `case ${i}: ${url} ${JSON.stringify(body)} -> ${r.body}`).toBeLessThan(500);
      const json = r.json() as Record<string, unknown>;
      // The dashboard's own API (not Plaid's) answers in its own envelope; every other route in Plaid's.
      if (r.statusCode >= 400 && url.startsWith('/dashboard/'))
        expect(json, `case ${i}: ${url}`).toMatchObject({
          error: { code: expect.any(String), message: expect.any(String) },
          request_id: expect.any(String),
        });
      else if (r.statusCode >= 400)
        expect(json, `case ${i}: ${url}`).toMatchObject({
          error_type: expect.any(String),
          error_code: expect.any(String),
          request_id: expect.any(String),
        });
    }
    const after = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: bystander });
    expect(after.body.accounts).toEqual(before.body.accounts);
  });
});
