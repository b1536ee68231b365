import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from './harness';
import { nullCases } from './request-samples';
import { loadSpecValidator, SPEC_PATH } from './spec-validator';

const WEFT_PREFIXES = ['/weft/', '/link/api/', '/demo/', '/dashboard/'];

describe("conformance with Plaid's OpenAPI spec", () => {
  let w: TestWeft;
  beforeAll(async () => {
    // The null walk below makes a few hundred calls as one client.
    w = await createTestWeft({ env: { WEFT_RATE_LIMITS: 'off' } });
  });
  afterAll(() => w.close());

  it('has the spec beside the project (required in CI)', () => {
    if (process.env.CI) expect(fs.existsSync(SPEC_PATH), `${SPEC_PATH} must exist in CI`).toBe(true);
  });

  const spec = loadSpecValidator();
  const run = spec ? it : it.skip;

  run('rejects responses that break the contract (the check can fail)', () => {
    const good = {
      accounts: [],
      item: {
        item_id: 'x',
        webhook: null,
        error: null,
        available_products: [],
        billed_products: [],
        consent_expiration_time: null,
        update_type: 'background',
      },
      request_id: 'r',
    };
    expect(spec!.validate('/accounts/get', 200, good)).toEqual([]);
    expect(spec!.validate('/accounts/get', 200, { ...good, request_id: undefined }).join()).toMatch(
      /request_id/,
    );
    expect(spec!.validate('/accounts/get', 200, { ...good, invented: 1 }).join()).toMatch(/invented/);
    expect(
      spec!.validate('/accounts/get', 400, {
        error_type: 'NOPE',
        error_code: 'X',
        error_message: 'm',
        display_message: null,
      }).length,
    ).toBeGreaterThan(0);
  });

  run('every Plaid-namespace POST route Weft serves is a path in the spec', () => {
    const plaidRoutes = w.routes
      .filter((r) => r.startsWith('POST '))
      .map((r) => r.slice(5))
      .filter((p) => !WEFT_PREFIXES.some((x) => p.startsWith(x)));
    expect(plaidRoutes.length).toBeGreaterThan(10);
    expect(plaidRoutes.filter((p) => !spec!.hasPath(p))).toEqual([]);
  });

  run('every Plaid route accepts every request field the spec defines, and refuses the rest', () => {
    const missing: string[] = [];
    const extra: string[] = [];
    const nullRefused: string[] = [];
    const requiredHere: string[] = [];
    for (const [path, schema] of w.bodySchemas) {
      if (WEFT_PREFIXES.some((x) => path.startsWith(x))) continue;
      const gaps = spec!.requestFieldGaps(path, schema);
      missing.push(...gaps.missing.map((f) => `${path} ${f}`));
      extra.push(...gaps.extra.map((f) => `${path} ${f}`));
      nullRefused.push(...gaps.nullRefused.map((f) => `${path} ${f}`));
      requiredHere.push(...gaps.requiredHere.map((f) => `${path} ${f}`));
      expect((schema as { additionalProperties?: unknown }).additionalProperties, path).toBe(false);
    }
    expect(missing).toEqual([]);
    expect(nullRefused).toEqual([]);
    // Plaid requires `user` unless `user_id` is given; Weft's link tokens always need `user`.
    expect(requiredHere).toEqual(['/link/token/create user']);
    // Weft's own additions to Plaid's requests, each documented in the README.
    expect(extra).toEqual(['/payment_initiation/payment/create idempotency_key']);
  });

  it('every route reads null on any optional field, at any depth, as the field left out; a required field refuses null', async () => {
    const headers = { 'PLAID-CLIENT-ID': w.clientA.clientId, 'PLAID-SECRET': w.clientA.secret };
    const outcome = async (url: string, body: unknown) => {
      const r = await post(w, url, body, headers);
      return { status: r.status, error_code: r.body.error_code, error_message: r.body.error_message };
    };
    const differs: string[] = [];
    const requiredAccepted: string[] = [];
    let optionalChecked = 0;
    let requiredChecked = 0;
    for (const [path, schema] of w.bodySchemas) {
      // The dashboard refuses API keys outright and answers in its own envelope; its nulls are
      // checked in products/dashboard/dashboard.int.test.ts.
      if (path.startsWith('/dashboard/')) continue;
      const cases = nullCases(schema as Record<string, unknown>);
      for (const c of cases.optional) {
        const withNull = await outcome(path, c.withNull);
        const without = await outcome(path, c.without);
        if (JSON.stringify(withNull) !== JSON.stringify(without))
          differs.push(`${path} ${c.field}: ${JSON.stringify(withNull)} vs ${JSON.stringify(without)}`);
        optionalChecked++;
      }
      for (const c of cases.required) {
        const r = await outcome(path, c.withNull);
        // Under a union, the refusal may name the enclosing field rather than the member.
        const named = c.field.split(/[.[\]]+/).some((part) => part && String(r.error_message).includes(part));
        if (r.status !== 400 || !['INVALID_FIELD', 'MISSING_FIELDS'].includes(String(r.error_code)) || !named)
          requiredAccepted.push(`${path} ${c.field}: ${JSON.stringify(r)}`);
        requiredChecked++;
      }
    }
    expect(differs).toEqual([]);
    expect(requiredAccepted).toEqual([]);
    // The walk reaches nested fields (and so can fail), not only the top level.
    expect(optionalChecked).toBeGreaterThan(250);
    expect(requiredChecked).toBeGreaterThan(100);
  }, 120_000);

  run('core endpoints answer with spec-shaped bodies, success and error alike', async () => {
    const a = auth(w.clientA);
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: 'http://127.0.0.1:9/hook' },
    });
    await w.ctx.clients.addRedirectUri(w.clientA.clientId, 'https://example.com/oauth');
    const lt = await post<{ link_token: string }>(w, '/link/token/create', {
      ...a,
      client_name: 'Conformance',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u-1' },
      products: ['auth'],
      webhook: 'https://example.com/w',
      redirect_uri: 'https://example.com/oauth',
    });
    const calls: [string, Record<string, unknown>, number][] = [
      ['/link/token/get', { link_token: lt.body.link_token }, 200],
      ['/item/get', { access_token: accessToken }, 200],
      ['/accounts/get', { access_token: accessToken }, 200],
      ['/accounts/balance/get', { access_token: accessToken }, 200],
      [
        '/institutions/get',
        { count: 5, offset: 0, country_codes: ['US'], options: { include_optional_metadata: true } },
        200,
      ],
      ['/institutions/search', { query: 'platypus', country_codes: ['US', 'GB'] }, 200],
      [
        '/institutions/get_by_id',
        {
          institution_id: 'ins_109508',
          country_codes: ['US'],
          options: { include_status: true, include_optional_metadata: true },
        },
        200,
      ],
      ['/item/webhook/update', { access_token: accessToken, webhook: 'https://example.com/new' }, 200],
      ['/item/access_token/invalidate', { access_token: accessToken }, 200],
      ['/institutions/get_by_id', { institution_id: 'ins_nope', country_codes: ['US'] }, 400],
      ['/accounts/get', { access_token: 'access-sandbox-00000000-0000-0000-0000-000000000000' }, 400],
      ['/item/public_token/exchange', { public_token: 'nope' }, 400],
      ['/nope/never', {}, 404],
    ];
    for (const [url, body, status] of calls) {
      const r = await post(w, url, { ...a, ...body });
      expect(r.status, `${url} ${JSON.stringify(r.body)}`).toBe(status);
      expect(r.body, url).toHaveProperty('request_id');
    }
    expect(w.violations).toEqual([]);
  });
});
