import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../test/harness';
import { demoOf } from './demo.routes';
import { DEMO_CLIENT_ID } from './demo-plaid';

interface Section {
  id: string;
  endpoint: string;
  table?: { columns: { key: string; label: string }[]; rows: Record<string, string>[] };
  error?: { error_code: string };
}

describe('Quickstart demo backend', () => {
  let weft: TestWeft;
  let base: string;
  let cookie = '';
  const bodies: string[] = [];

  async function call(method: 'GET' | 'POST', path: string, body?: unknown, withCookie = true) {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(withCookie && cookie ? { cookie } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const text = await res.text();
    bodies.push(text, res.headers.get('set-cookie') ?? '');
    return { status: res.status, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> };
  }

  beforeAll(async () => {
    weft = await createTestWeft();
    base = await weft.listen();
  });
  afterAll(async () => weft?.close());

  it('describes its modes before anything is linked', async () => {
    const r = await call('GET', '/demo/api/config');
    expect(r.status).toBe(200);
    expect(r.body.linked).toBe(false);
    expect(r.body.modes).toEqual([
      expect.objectContaining({ id: 'data', label: 'Account data' }),
      expect.objectContaining({ id: 'payment', label: 'Payment (UK)' }),
      expect.objectContaining({ id: 'lending', label: 'Lending (assets)' }),
    ]);
    expect(r.headers.get('cache-control')).toBe('no-store');
  });

  it('makes a link token through the official client and starts an HttpOnly session', async () => {
    const r = await call('POST', '/demo/api/create_link_token', { mode: 'data', redirect_uri: `${base}/` });
    expect(r.status).toBe(200);
    expect(r.body.link_token).toMatch(/^link-sandbox-/);
    const setCookie = r.headers.get('set-cookie') ?? '';
    expect(setCookie).toMatch(/^weft_demo_session=[0-9a-f]{48}; Path=\/; HttpOnly; SameSite=Lax$/);
    cookie = setCookie.split(';')[0]!;

    const row = await weft.ctx.db
      .selectFrom('clients')
      .selectAll()
      .where('client_id', '=', DEMO_CLIENT_ID)
      .executeTakeFirstOrThrow();
    expect(row.secret_hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses an unknown mode and a bad redirect URI', async () => {
    expect((await call('POST', '/demo/api/create_link_token', { mode: 'nope' })).body.error_code).toBe(
      'INVALID_FIELD',
    );
    const bad = await call('POST', '/demo/api/create_link_token', { redirect_uri: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
  });

  it('refuses posts from another origin, even on the same host', async () => {
    const res = await fetch(`${base}/demo/api/reset`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, origin: 'http://127.0.0.1:1' },
      body: '{}',
    });
    expect(res.status).toBe(403);
    expect(((await res.json()) as { error_code: string }).error_code).toBe('DEMO_FORBIDDEN_ORIGIN');
  });

  it('has nothing to show before the exchange', async () => {
    const r = await call('GET', '/demo/api/data');
    expect(r.status).toBe(409);
    expect(r.body.error_code).toBe('DEMO_NOT_LINKED');
  });

  it('passes Weft errors through for a bad public token', async () => {
    const r = await call('POST', '/demo/api/exchange_public_token', {
      public_token: 'public-sandbox-00000000-0000-0000-0000-000000000000',
    });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_PUBLIC_TOKEN');
  });

  it('exchanges a public token and shows the Item data, keeping the access token server-side', async () => {
    const api = await demoOf(weft.app)!.plaid.api();
    const pt = await api.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Transactions],
    });
    const ex = await call('POST', '/demo/api/exchange_public_token', { public_token: pt.data.public_token });
    expect(ex.status).toBe(200);
    expect(Object.keys(ex.body).sort()).toEqual(['item_id', 'request_id']);

    expect((await call('GET', '/demo/api/config')).body.linked).toBe(true);
    const r = await call('GET', '/demo/api/data');
    expect(r.status).toBe(200);
    expect(r.body.item).toMatchObject({
      institution_id: 'ins_109508',
      institution_name: 'First Platypus Bank',
    });
    const sections = r.body.sections as Section[];
    const balance = sections.find((s) => s.id === 'balance');
    expect(balance?.endpoint).toBe('POST /accounts/balance/get');
    expect(balance?.table?.rows[0]).toMatchObject({
      name: 'Plaid Checking ••0000',
      available: '$100.00',
      current: '$110.00',
    });
    // Every shown section either has a table or an error worth reading, and is headed by its call.
    for (const s of sections) {
      expect(s.endpoint).toMatch(/^POST \/[a-z_/]+$/);
      expect(Boolean(s.table) || Boolean(s.error)).toBe(true);
    }
    // Products whose endpoints are not built yet are left out instead of shown as failures.
    for (const [id, url] of [
      ['auth', '/auth/get'],
      ['identity', '/identity/get'],
      ['transactions', '/transactions/sync'],
    ] as const) {
      const built = weft.app.hasRoute({ method: 'POST', url });
      const skipped = (r.body.skipped as { endpoint: string }[]).some((s) => s.endpoint === `POST ${url}`);
      expect(sections.some((s) => s.id === id) || skipped).toBe(built);
    }
    // Liabilities come with the Item's cards and loans, in a table headed by their endpoint.
    const liabilities = sections.find((s) => s.id === 'liabilities');
    expect(liabilities?.endpoint).toBe('POST /liabilities/get');
    expect(liabilities?.table?.rows.map((row) => row.kind)).toEqual([
      'Credit card',
      'Credit card',
      'Student loan',
      'Mortgage',
    ]);
    // Holdings with their gain or loss, and the latest investment transactions, headed by their calls.
    const holdings = sections.find((s) => s.id === 'investments');
    expect(holdings?.endpoint).toBe('POST /investments/holdings/get');
    expect(holdings?.table?.rows.length).toBeGreaterThan(5);
    for (const row of holdings?.table?.rows ?? [])
      expect(row.gain).toMatch(/^-?\$[\d,]+\.\d\d \([+-]\d+\.\d%\)$/);
    const investmentTransactions = sections.find((s) => s.id === 'investments-transactions');
    expect(investmentTransactions?.endpoint).toBe('POST /investments/transactions/get');
    expect(investmentTransactions?.table?.rows).toHaveLength(10);
  });

  it('never sends the access token to the browser', () => {
    expect(bodies.join('\n')).not.toMatch(/access-sandbox-/);
  });

  it('keeps sessions apart: another browser sees nothing', async () => {
    const r = await call('GET', '/demo/api/data', undefined, false);
    expect(r.status).toBe(409);
    expect((await call('GET', '/demo/api/config', undefined, false)).body.linked).toBe(false);
  });

  it('starts over: reset removes the Item and forgets the token', async () => {
    expect((await call('POST', '/demo/api/reset', {})).status).toBe(200);
    expect((await call('GET', '/demo/api/data')).status).toBe(409);
    expect((await call('GET', '/demo/api/config')).body.linked).toBe(false);
  });

  it('serves the page under a strict CSP once built', async () => {
    const res = await fetch(`${base}/`);
    if (res.status === 503) {
      expect(await res.text()).toMatch(/npm run build/);
      return;
    }
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
    const asset = html.match(/\/demo\/assets\/[A-Za-z0-9_.-]+\.js/)?.[0];
    expect(asset).toBeDefined();
    const js = await fetch(`${base}${asset}`);
    expect(js.status).toBe(200);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await fetch(`${base}/demo/assets/..%2Fpackage.json`)).status).toBe(404);
  });
});

describe('Quickstart demo in a Weft that is not listening', () => {
  it('reaches the API in-process through the same HTTP pipeline', async () => {
    const weft = await createTestWeft();
    try {
      const call = async (method: 'GET' | 'POST', url: string, body?: object, cookie?: string) => {
        const r = await weft.app.inject({
          method,
          url,
          ...(body ? { payload: body } : {}),
          headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...(cookie ? { cookie } : {}) },
        });
        return {
          status: r.statusCode,
          body: r.json() as Record<string, unknown>,
          cookie: r.headers['set-cookie'],
        };
      };
      const lt = await call('POST', '/demo/api/create_link_token', {});
      expect(lt.status).toBe(200);
      expect(lt.body.link_token).toMatch(/^link-sandbox-/);
      const cookie = String(lt.cookie).split(';')[0]!;

      const bad = await call(
        'POST',
        '/demo/api/exchange_public_token',
        { public_token: 'public-sandbox-x' },
        cookie,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.error_code).toBe('INVALID_PUBLIC_TOKEN');

      const api = await demoOf(weft.app)!.plaid.api();
      const pt = await api.sandboxPublicTokenCreate({
        institution_id: 'ins_109508',
        initial_products: [Products.Auth],
      });
      expect(
        (
          await call(
            'POST',
            '/demo/api/exchange_public_token',
            { public_token: pt.data.public_token },
            cookie,
          )
        ).status,
      ).toBe(200);
      const data = await call('GET', '/demo/api/data', undefined, cookie);
      expect(data.status).toBe(200);
      const balance = (data.body.sections as Section[]).find((s) => s.id === 'balance');
      expect(balance?.table?.rows[0]?.name).toBe('Plaid Checking ••0000');
    } finally {
      await weft.close();
    }
  });
});

describe('Quickstart demo switched off', () => {
  it('registers nothing with WEFT_DEMO=false', async () => {
    const weft = await createTestWeft({ env: { WEFT_DEMO: 'false' } });
    try {
      expect((await weft.app.inject({ method: 'GET', url: '/' })).statusCode).toBe(404);
      expect((await weft.app.inject({ method: 'GET', url: '/demo/api/config' })).statusCode).toBe(404);
      expect(demoOf(weft.app)).toBeUndefined();
    } finally {
      await weft.close();
    }
  });
});
