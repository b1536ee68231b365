import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';
import { ItemsRepository } from './items/items.repository';
import { linkSessionKit } from './link-session/link-session.test-kit';
import { SERVED_PRODUCTS } from './served-products';

const SERVED = new Set<string>(SERVED_PRODUCTS.map((p) => p.product));

interface InstitutionBody {
  institution_id: string;
  products: string[];
  status?: Record<string, unknown>;
}

describe('Weft advertises only the products it serves', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(async () => {
    await w.close();
  });
  const { linkToken, start, call } = linkSessionKit(() => w);

  const createLinkToken = (extra: Record<string, unknown>) =>
    post(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
      ...extra,
    });

  it('refuses a link token asking for a product Weft does not serve with INVALID_PRODUCT, in any of its product lists', async () => {
    const cases: Record<string, unknown>[] = [
      { products: ['beacon'] },
      { products: ['transactions', 'transfer'] },
      { products: ['transactions'], required_if_supported_products: ['employment'] },
      { products: ['transactions'], optional_products: ['transfer'] },
      { products: ['transactions'], additional_consented_products: ['transfer'] },
      // An add-on of transactions, which Plaid refuses in a link token too.
      { products: ['recurring_transactions'] },
    ];
    for (const body of cases) {
      const r = await createLinkToken(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body, JSON.stringify(body)).toMatchObject({
        error_type: 'INVALID_INPUT',
        error_code: 'INVALID_PRODUCT',
      });
    }
    const r = await createLinkToken({ products: ['transactions', 'beacon'] });
    expect(r.body.error_message).toBe(
      'client is not authorized to access the following products: ["beacon"]',
    );
  });

  it('still creates link tokens for every product it serves', async () => {
    const r = await createLinkToken({
      products: ['auth', 'transactions'],
      required_if_supported_products: ['identity'],
      optional_products: ['identity_match'],
      additional_consented_products: ['payment_initiation'],
    });
    expect(r.status).toBe(200);
  });

  it('refuses initial_products ["transfer"] on /sandbox/public_token/create with INVALID_PRODUCT', async () => {
    const r = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['transfer'],
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_PRODUCT' });
    expect(r.body.error_message).toContain('"transfer"');

    const mixed = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['transactions', 'beacon', 'transfer'],
    });
    expect(mixed.body.error_message).toBe(
      'client is not authorized to access the following products: ["beacon","transfer"]',
    );
  });

  it("lists only served products in an Item's available_products and billed_products", async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    const r = await post<{ item: Record<string, string[]> }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(r.status).toBe(200);
    // First Platypus Bank's data also names assets, signal…
    expect(r.body.item.available_products).toEqual([
      'assets',
      'auth',
      'balance',
      'identity',
      'identity_match',
      'income_verification',
      'investments',
      'liabilities',
      'recurring_transactions',
      'signal',
      'statements',
    ]);
    expect(r.body.item.billed_products).toEqual(['transactions']);
  });

  it('hides unserved products stored on Items created before they left the table', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    await new ItemsRepository(w.ctx.db).update(w.clientA.clientId, itemId, {
      products: JSON.stringify(['beacon', 'transactions']),
      available_products: JSON.stringify(['auth', 'beacon']),
      consented_products: JSON.stringify(['beacon', 'transactions']),
    });
    const r = await post<{ item: Record<string, string[]> }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(r.body.item).toMatchObject({
      available_products: ['auth'],
      billed_products: ['transactions'],
      products: ['transactions'],
      consented_products: ['transactions'],
    });
  });

  it('lists only served products on institutions from /institutions/get, /search and /get_by_id', async () => {
    const all = await post<{ institutions: InstitutionBody[]; total: number }>(w, '/institutions/get', {
      ...auth(w.clientA),
      count: 500,
      offset: 0,
      country_codes: [],
    });
    expect(all.status).toBe(200);
    expect(all.body.total).toBeGreaterThan(10);
    for (const i of all.body.institutions)
      expect(
        i.products.filter((p) => !SERVED.has(p)),
        i.institution_id,
      ).toEqual([]);
    const platypus = all.body.institutions.find((i) => i.institution_id === 'ins_109508');
    expect(platypus?.products).toEqual([
      'assets',
      'auth',
      'balance',
      'identity',
      'identity_match',
      'investments',
      'liabilities',
      'transactions',
      'income_verification',
      'recurring_transactions',
      'signal',
      'statements',
    ]);

    const found = await post<{ institutions: InstitutionBody[] }>(w, '/institutions/search', {
      ...auth(w.clientA),
      query: 'platypus',
      country_codes: ['US', 'GB', 'CA'],
    });
    expect(found.body.institutions.length).toBeGreaterThan(3);
    for (const i of found.body.institutions)
      expect(
        i.products.filter((p) => !SERVED.has(p)),
        i.institution_id,
      ).toEqual([]);

    const one = await post<{ institution: InstitutionBody }>(w, '/institutions/get_by_id', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      country_codes: ['US'],
      options: { include_status: true },
    });
    expect(one.body.institution.products).toEqual(platypus?.products);
    expect(one.body.institution.status?.investments).not.toBeNull();
    expect(one.body.institution.status?.liabilities).not.toBeNull();
  });

  it('matches the products filters of /institutions/get and /search against served products only', async () => {
    const none = await post<{ institutions: InstitutionBody[]; total: number }>(w, '/institutions/get', {
      ...auth(w.clientA),
      count: 500,
      offset: 0,
      country_codes: ['US'],
      options: { products: ['beacon'] },
    });
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ institutions: [], total: 0 });

    const none2 = await post<{ institutions: InstitutionBody[] }>(w, '/institutions/search', {
      ...auth(w.clientA),
      query: 'platypus',
      products: ['transactions', 'beacon'],
      country_codes: ['US'],
    });
    expect(none2.body.institutions).toEqual([]);

    const tx = await post<{ institutions: InstitutionBody[]; total: number }>(w, '/institutions/get', {
      ...auth(w.clientA),
      count: 500,
      offset: 0,
      country_codes: ['US'],
      options: { products: ['transactions'] },
    });
    expect(tx.body.total).toBeGreaterThan(0);
    for (const i of tx.body.institutions) expect(i.products).toContain('transactions');
  });

  it("keeps institutions offering none of the token's products out of Link's own list", async () => {
    const token = await linkToken({ products: ['transactions'] });
    const s = await start(token);
    const search = await call<{ institutions: { institution_id: string }[] }>(token, 'search', {
      link_session_id: s.link_session_id,
      query: 'platypus',
    });
    const ids = search.body.institutions.map((i) => i.institution_id);
    expect(ids).toContain('ins_109508');
    // Platypus Payroll offers only products Weft does not serve.
    expect(ids).not.toContain('ins_135842');
  });
});
