import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../lib/clock';
import { PULL_DELAYS_MS } from '../products/transactions/transactions.pull';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';

/** A response body without what differs between two calls that ask the same thing. */
function same(body: Record<string, unknown>): Record<string, unknown> {
  const { request_id: _id, link_token: _lt, expiration: _exp, created_at: _at, ...rest } = body;
  return rest;
}

describe('null on an optional request field means "not given"', () => {
  let w: TestWeft;
  let accessToken: string;
  beforeAll(async () => {
    const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));
    w = await createTestWeft({ clock });
    ({ accessToken } = await createItem(w, w.clientA, { options: { transactions: { days_requested: 90 } } }));
    // Past the not-ready window, so the first page has transactions to give.
    clock.advance(PULL_DELAYS_MS.historical + 1000);
  });
  afterAll(() => w.close());

  it("/transactions/sync with the Quickstart's first call (cursor, count and options null) answers as without them", async () => {
    const a = auth(w.clientA);
    const plain = await post(w, '/transactions/sync', { ...a, access_token: accessToken });
    const nulls = await post(w, '/transactions/sync', {
      ...a,
      access_token: accessToken,
      cursor: null,
      count: null,
      options: null,
    });
    expect(nulls.status, JSON.stringify(nulls.body)).toBe(200);
    expect(same(nulls.body)).toEqual(same(plain.body));
    // count's default (100) still applies: the Item has more than that to give.
    expect(nulls.body.added).toHaveLength(100);
    expect(nulls.body.has_more).toBe(true);

    const nestedNulls = await post(w, '/transactions/sync', {
      ...a,
      access_token: accessToken,
      options: { include_original_description: null, days_requested: null, account_id: null },
    });
    expect(nestedNulls.status, JSON.stringify(nestedNulls.body)).toBe(200);
    expect(same(nestedNulls.body)).toEqual(same(plain.body));
  });

  it('/link/token/create takes webhook and nested fields as null, and the token reads as without them', async () => {
    const a = auth(w.clientA);
    const base = {
      ...a,
      client_name: 'Nulls',
      language: 'en',
      country_codes: ['US'],
      products: ['transactions'],
    };
    const plain = await post<{ link_token: string }>(w, '/link/token/create', {
      ...base,
      user: { client_user_id: 'u-1' },
    });
    const nulls = await post<{ link_token: string }>(w, '/link/token/create', {
      ...base,
      webhook: null,
      redirect_uri: null,
      link_customization_name: null,
      user: { client_user_id: 'u-1', legal_name: null, phone_number: null, email_address: null },
      account_filters: {
        depository: { account_subtypes: ['checking'], limited_purpose_types: null },
        credit: null,
      },
      update: { account_selection_enabled: null },
      transactions: { days_requested: null },
    });
    expect(nulls.status, JSON.stringify(nulls.body)).toBe(200);
    const got = await post<{ metadata: Record<string, unknown> }>(w, '/link/token/get', {
      ...a,
      link_token: nulls.body.link_token,
    });
    const want = await post<{ metadata: Record<string, unknown> }>(w, '/link/token/get', {
      ...a,
      link_token: plain.body.link_token,
    });
    expect(got.body.metadata.webhook).toBeNull();
    expect(got.body.metadata.redirect_uri).toBeNull();
    expect({ ...got.body.metadata, account_filters: undefined }).toEqual({
      ...want.body.metadata,
      account_filters: undefined,
    });
  });

  it('objects inside arrays take nulls on their optional fields too', async () => {
    const r = await post(w, '/sandbox/transactions/create', {
      ...auth(w.clientA),
      access_token: accessToken,
      transactions: [
        {
          date_transacted: '2026-11-01',
          date_posted: '2026-11-01',
          amount: 12.5,
          description: 'Corner shop',
          iso_currency_code: null,
        },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });

  it('a null on a required field is still refused, at the top and nested', async () => {
    const a = auth(w.clientA);
    const top = await post(w, '/transactions/sync', { ...a, access_token: null, cursor: null });
    expect(top.status).toBe(400);
    expect(top.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    expect(String(top.body.error_message)).toMatch(/access_token/);

    const nested = await post(w, '/link/token/create', {
      ...a,
      client_name: 'Nulls',
      language: 'en',
      country_codes: ['US'],
      products: ['transactions'],
      user: { client_user_id: null },
    });
    expect(nested.status).toBe(400);
    expect(String(nested.body.error_message)).toMatch(/user\.client_user_id/);
  });
});
