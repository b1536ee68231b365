import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaidError } from '../../http/errors';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';

interface Owner {
  names: string[];
  phone_numbers: { data: string; primary: boolean; type: string }[];
  emails: { data: string; primary: boolean; type: string }[];
  addresses: {
    data: { street: string; city: string; postal_code: string; country: string };
    primary: boolean;
  }[];
}
interface IdentityBody {
  accounts: { account_id: string; mask: string; subtype: string; owners: Owner[] }[];
  item: { item_id: string };
}
interface MatchBody {
  accounts: {
    account_id: string;
    mask: string;
    legal_name: {
      score: number | null;
      is_nickname_match: boolean | null;
      is_first_name_or_last_name_match: boolean | null;
    };
    phone_number: { score: number | null };
    email_address: { score: number | null };
    address: { score: number | null; is_postal_code_match: boolean | null };
  }[];
}

const spec = loadSpecValidator();

describe('/identity/get and /identity/match', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const call = <T>(url: string, accessToken: string, extra: Record<string, unknown> = {}) =>
    post<T>(w, url, { ...auth(w.clientA), access_token: accessToken, ...extra });

  const custom = (config: Record<string, unknown>, institution_id = 'ins_109508') =>
    createItem(w, w.clientA, {
      institution_id,
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });

  it("returns Plaid's sandbox identity for user_good on every account", async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['identity'] });
    const r = await call<IdentityBody>('/identity/get', accessToken);
    expect(r.status).toBe(200);
    expect(spec?.validate('/identity/get', 200, r.body) ?? []).toEqual([]);
    expect(r.body.accounts).toHaveLength(10);
    for (const a of r.body.accounts) {
      expect(a.owners).toHaveLength(1);
      expect(a.owners[0]!.names).toEqual(['Alberta Bobbeth Charleson']);
    }
    const owner = r.body.accounts[0]!.owners[0]!;
    expect(owner.emails[0]).toEqual({ data: 'accountholder0@example.com', primary: true, type: 'primary' });
    expect(owner.addresses[0]).toMatchObject({
      data: { street: '2992 Cameron Road', city: 'Malakoff', postal_code: '14236', country: 'US' },
      primary: true,
    });
    expect(owner.phone_numbers.map((p) => p.data)).toEqual(['1112223333', '1112224444', '1112225555']);
  });

  it('derives one persona per custom Item, with a joint owner on savings', async () => {
    const config = {
      override_accounts: [
        { type: 'depository', subtype: 'checking', starting_balance: 100 },
        { type: 'depository', subtype: 'savings', starting_balance: 50 },
      ],
    };
    const { accessToken } = await custom(config);
    const r = await call<IdentityBody>('/identity/get', accessToken);
    expect(r.status).toBe(200);
    expect(spec?.validate('/identity/get', 200, r.body) ?? []).toEqual([]);
    const [checking, savings] = r.body.accounts;
    const holder = checking!.owners[0]!.names[0]!;
    expect(holder).not.toBe('Alberta Bobbeth Charleson');
    expect(savings!.owners).toHaveLength(1);
    expect(savings!.owners[0]!.names[0]).toBe(holder);
    expect(savings!.owners[0]!.names).toHaveLength(2);
    expect(savings!.owners[0]!.addresses[0]).toEqual(checking!.owners[0]!.addresses[0]);
    const again = await call<IdentityBody>('/identity/get', (await custom(config)).accessToken);
    expect(again.body.accounts.map((a) => a.owners)).toEqual(r.body.accounts.map((a) => a.owners));
  });

  it("uses a custom user's identity override and fills in what it leaves out", async () => {
    const { accessToken } = await custom({
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 1,
          identity: {
            names: ['Jane Q. Public'],
            emails: [{ data: 'jane@example.com', primary: true, type: 'primary' }],
          },
        },
      ],
    });
    const r = await call<IdentityBody>('/identity/get', accessToken);
    expect(spec?.validate('/identity/get', 200, r.body) ?? []).toEqual([]);
    const owner = r.body.accounts[0]!.owners[0]!;
    expect(owner.names).toEqual(['Jane Q. Public']);
    expect(owner.emails).toEqual([{ data: 'jane@example.com', primary: true, type: 'primary' }]);
    expect(owner.addresses.length).toBeGreaterThan(0);
    expect(owner.phone_numbers.length).toBeGreaterThan(0);
    const m = await call<MatchBody>('/identity/match', accessToken, {
      user: { legal_name: 'jane public', email_address: 'JANE@example.com' },
    });
    expect(m.body.accounts[0]!.legal_name.score).toBeGreaterThanOrEqual(85);
    expect(m.body.accounts[0]!.email_address.score).toBe(100);
  });

  it('localises generated personas (UK Item → UK address)', async () => {
    const { accessToken } = await custom(
      { override_accounts: [{ type: 'depository', subtype: 'checking', starting_balance: 1 }] },
      'ins_116834',
    );
    const r = await call<IdentityBody>('/identity/get', accessToken);
    expect(r.body.accounts[0]!.owners[0]!.addresses[0]!.data.country).toBe('GB');
  });

  it("scores Plaid's documented match request against user_good", async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['identity_match'] });
    const r = await call<MatchBody>('/identity/match', accessToken, {
      user: {
        legal_name: 'Alerta Charleson',
        phone_number: '+1-111-222-3333',
        email_address: 'accountholder1@example.com',
        address: {
          city: 'San Matias',
          country: 'US',
          postal_code: '93405',
          region: 'CA',
          street: '2493 Leisure Ln.',
        },
      },
    });
    expect(r.status).toBe(200);
    expect(spec?.validate('/identity/match', 200, r.body) ?? []).toEqual([]);
    const a = r.body.accounts[0]!;
    expect(a.legal_name.score).toBeGreaterThanOrEqual(85);
    expect(a.legal_name.is_first_name_or_last_name_match).toBe(true);
    expect(a.phone_number.score).toBe(100);
    expect(a.email_address.score).toBe(100);
    expect(a.address).toEqual({ score: 100, is_postal_code_match: true });
  });

  it('returns null scores for fields the app does not send, and accepts no user at all', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const r = await call<MatchBody>('/identity/match', accessToken, {
      user: { legal_name: 'Bert Charleson' },
    });
    expect(r.status).toBe(200);
    expect(spec?.validate('/identity/match', 200, r.body) ?? []).toEqual([]);
    const a = r.body.accounts[0]!;
    expect(a.legal_name.is_nickname_match).toBe(true);
    expect(a.phone_number.score).toBeNull();
    expect(a.address).toEqual({ score: null, is_postal_code_match: null });
    const none = await call<MatchBody>('/identity/match', accessToken);
    expect(none.status).toBe(200);
    expect(none.body.accounts[0]!.legal_name.score).toBeNull();
  });

  it('bills identity and identity_match on first use', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    await call('/identity/get', accessToken);
    const m = await call<{ item: { billed_products: string[] } }>('/identity/match', accessToken);
    expect(m.body.item.billed_products).toEqual(['identity', 'identity_match', 'transactions']);
  });

  it('filters both endpoints by options.account_ids', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const all = await call<IdentityBody>('/identity/get', accessToken);
    const id = all.body.accounts[1]!.account_id;
    const one = await call<IdentityBody>('/identity/get', accessToken, { options: { account_ids: [id] } });
    expect(one.body.accounts.map((a) => a.account_id)).toEqual([id]);
    const m = await call<MatchBody>('/identity/match', accessToken, {
      user: { legal_name: 'Alberta Charleson' },
      options: { account_ids: [id] },
    });
    expect(m.body.accounts.map((a) => a.account_id)).toEqual([id]);
    const bad = await call('/identity/get', accessToken, { options: { account_ids: ['nope'] } });
    expect(bad.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
  });

  it('rejects a malformed or oversized user object and copes with odd values', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const r = await call('/identity/match', accessToken, { user: { legal_name: 42 } });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const huge = await call('/identity/match', accessToken, { user: { legal_name: 'a'.repeat(100_000) } });
    expect(huge.status).toBe(400);
    expect(huge.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const odd = await call<MatchBody>('/identity/match', accessToken, {
      user: {
        legal_name: '...',
        phone_number: '++--',
        email_address: '@',
        address: { street: null, country: 'US' },
      },
    });
    expect(odd.status).toBe(200);
    expect(odd.body.accounts[0]!.legal_name.score).toBeNull();
    expect(odd.body.accounts[0]!.phone_number.score).toBe(0);
    expect(odd.body.accounts[0]!.address.score).toBeNull();
  });

  it("honours the Item's error state", async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const item = await w.ctx.items.resolve(w.clientA.clientId, accessToken);
    await w.ctx.items.setError(item, new PlaidError('ITEM_LOGIN_REQUIRED'));
    for (const [url, extra] of [
      ['/identity/get', {}],
      ['/identity/match', { user: { legal_name: 'x' } }],
    ] as const) {
      const r = await call(url, accessToken, extra);
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_code: 'ITEM_LOGIN_REQUIRED' });
    }
  });

  it("never lets client B read or match against client A's Item", async () => {
    const { accessToken } = await createItem(w, w.clientA);
    for (const [url, extra] of [
      ['/identity/get', {}],
      ['/identity/match', { user: { legal_name: 'Alberta Bobbeth Charleson' } }],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientB), access_token: accessToken, ...extra });
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
      expect(JSON.stringify(r.body)).not.toMatch(/Charleson/);
    }
  });
});
