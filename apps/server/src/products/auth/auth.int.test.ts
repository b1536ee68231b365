import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isValidAba, isValidBic, isValidIban } from '../../engines/bank-numbers/checksums';
import { PlaidError } from '../../http/errors';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';

interface AuthBody {
  accounts: { account_id: string; mask: string; type: string; subtype: string }[];
  numbers: {
    ach: { account_id: string; account: string; routing: string; wire_routing: string | null }[];
    eft: { account_id: string; account: string; institution: string; branch: string }[];
    international: { account_id: string; iban: string; bic: string }[];
    bacs: { account_id: string; account: string; sort_code: string }[];
  };
  item: { item_id: string };
}

const spec = loadSpecValidator();

describe('/auth/get', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const authGet = (accessToken: string, extra: Record<string, unknown> = {}) =>
    post<AuthBody>(w, '/auth/get', { ...auth(w.clientA), access_token: accessToken, ...extra });

  it("returns Plaid's sandbox numbers for user_good's depository accounts", async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { initial_products: ['auth'] });
    const r = await authGet(accessToken);
    expect(r.status).toBe(200);
    expect(spec?.validate('/auth/get', 200, r.body) ?? []).toEqual([]);
    expect(r.body.item.item_id).toBe(itemId);
    expect(r.body.accounts).toHaveLength(10);
    const byMask = new Map(r.body.accounts.map((a) => [a.account_id, a.mask]));
    expect(r.body.numbers.ach.map((n) => [byMask.get(n.account_id), n.account])).toEqual([
      ['0000', '1111222233330000'],
      ['1111', '1111222233331111'],
      ['4444', '1111222233334444'],
    ]);
    for (const n of r.body.numbers.ach) {
      expect(n.routing).toBe('011401533');
      expect(n.wire_routing).toBe('021000021');
      expect(isValidAba(n.routing)).toBe(true);
    }
    expect(r.body.numbers).toMatchObject({ eft: [], international: [], bacs: [] });
  });

  it('is the same on every call and for every Item of the same login', async () => {
    const a = await createItem(w, w.clientA, { institution_id: 'ins_109509' });
    const b = await createItem(w, w.clientA, { institution_id: 'ins_109509' });
    const first = await authGet(a.accessToken);
    const again = await authGet(a.accessToken);
    const other = await authGet(b.accessToken);
    expect(again.body.numbers).toEqual(first.body.numbers);
    expect(other.body.numbers.ach.map((n) => n.account)).toEqual(
      first.body.numbers.ach.map((n) => n.account),
    );
    expect(first.body.numbers.ach[0]!.routing).toBe('011401533');
  });

  it('generates distinct, checksum-valid numbers for custom users, and honours their overrides', async () => {
    const config = {
      override_accounts: [
        { type: 'depository', subtype: 'checking', starting_balance: 100, meta: { mask: '1234' } },
        {
          type: 'depository',
          subtype: 'savings',
          starting_balance: 50,
          numbers: { account: '5550001111', ach_routing: '322271627' },
        },
        { type: 'credit', subtype: 'credit card', starting_balance: 10 },
      ],
    };
    const { accessToken } = await createItem(w, w.clientA, {
      institution_id: 'ins_109510',
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    const r = await authGet(accessToken);
    expect(r.status).toBe(200);
    expect(r.body.numbers.ach).toHaveLength(2);
    const [checking, savings] = r.body.numbers.ach;
    expect(checking!.account.endsWith('1234')).toBe(true);
    expect(checking!.account).not.toMatch(/^111122223333/);
    expect(checking!.routing).toBe('021000089');
    expect(checking!.wire_routing).toBeNull();
    expect(savings).toMatchObject({ account: '5550001111', routing: '322271627' });
  });

  it('gives Canadian accounts EFT numbers', async () => {
    const { accessToken } = await createItem(w, w.clientA, { institution_id: 'ins_43' });
    const r = await authGet(accessToken);
    expect(r.status).toBe(200);
    expect(spec?.validate('/auth/get', 200, r.body) ?? []).toEqual([]);
    expect(r.body.numbers.ach).toEqual([]);
    expect(r.body.numbers.eft.length).toBeGreaterThan(0);
    for (const n of r.body.numbers.eft) {
      expect(n.institution).toMatch(/^\d{3}$/);
      expect(n.branch).toMatch(/^\d{5}$/);
      expect(n.account).toMatch(/^\d{7,12}$/);
    }
  });

  it.each(['ins_116834', 'ins_117650'])(
    'gives UK accounts at %s BACS numbers and a valid IBAN/BIC',
    async (ins) => {
      const { accessToken } = await createItem(w, w.clientA, { institution_id: ins });
      const r = await authGet(accessToken);
      expect(r.status).toBe(200);
      expect(spec?.validate('/auth/get', 200, r.body) ?? []).toEqual([]);
      expect(r.body.numbers.ach).toEqual([]);
      expect(r.body.numbers.bacs).toHaveLength(2);
      expect(r.body.numbers.international).toHaveLength(2);
      for (const [i, n] of r.body.numbers.international.entries()) {
        const bacs = r.body.numbers.bacs[i]!;
        expect(n.account_id).toBe(bacs.account_id);
        expect(isValidIban(n.iban)).toBe(true);
        expect(n.iban.endsWith(`${bacs.sort_code}${bacs.account}`)).toBe(true);
        expect(isValidBic(n.bic)).toBe(true);
        expect(bacs.sort_code).toMatch(/^\d{6}$/);
        expect(bacs.account).toMatch(/^\d{8}$/);
      }
    },
  );

  it('numbers a EUR account at a multi-country bank with an IBAN of that country, no BACS', async () => {
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 10,
          currency: 'EUR',
          meta: { mask: '9876' },
        },
        { type: 'depository', subtype: 'savings', starting_balance: 10, currency: 'GBP' },
      ],
    };
    const { accessToken } = await createItem(w, w.clientA, {
      institution_id: 'ins_117650',
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    const r = await authGet(accessToken);
    expect(r.status).toBe(200);
    expect(spec?.validate('/auth/get', 200, r.body) ?? []).toEqual([]);
    const [eur, gbp] = r.body.accounts;
    const eurIban = r.body.numbers.international.find((n) => n.account_id === eur!.account_id)!;
    expect(eurIban.iban).toMatch(/^FR\d{2}/);
    expect(eurIban.iban).toHaveLength(27);
    expect(eurIban.bic).toMatch(/^RBPLFR/);
    expect(isValidIban(eurIban.iban)).toBe(true);
    expect(r.body.numbers.bacs.map((b) => b.account_id)).toEqual([gbp!.account_id]);
  });

  it('filters by options.account_ids and rejects ids of other Items', async () => {
    const a = await createItem(w, w.clientA);
    const b = await createItem(w, w.clientA);
    const all = await authGet(a.accessToken);
    const savingsId = all.body.numbers.ach[1]!.account_id;
    const creditId = all.body.accounts.find((x) => x.type === 'credit')!.account_id;
    const one = await authGet(a.accessToken, { options: { account_ids: [savingsId, creditId] } });
    expect(one.status).toBe(200);
    expect(one.body.accounts.map((x) => x.account_id).sort()).toEqual([savingsId, creditId].sort());
    expect(one.body.numbers.ach.map((n) => n.account_id)).toEqual([savingsId]);
    const foreign = await authGet(b.accessToken, { options: { account_ids: [savingsId] } });
    expect(foreign.status).toBe(400);
    expect(foreign.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
  });

  it('answers NO_AUTH_ACCOUNTS when the Item has no depository account', async () => {
    const config = { override_accounts: [{ type: 'credit', subtype: 'credit card', starting_balance: 10 }] };
    const { accessToken } = await createItem(w, w.clientA, {
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    const r = await authGet(accessToken);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'NO_AUTH_ACCOUNTS' });
  });

  it("returns the Item's error (ITEM_LOGIN_REQUIRED) instead of numbers", async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const item = await w.ctx.items.resolve(w.clientA.clientId, accessToken);
    await w.ctx.items.setError(item, new PlaidError('ITEM_LOGIN_REQUIRED'));
    const r = await authGet(accessToken);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'ITEM_LOGIN_REQUIRED' });
  });

  it("never lets client B read client A's numbers", async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const r = await post(w, '/auth/get', { ...auth(w.clientB), access_token: accessToken });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
    expect(JSON.stringify(r.body)).not.toMatch(/1111222233330000/);
  });

  it('adds auth to the billed products of an Item linked without it, as Plaid does', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    const r = await post<{ item: { billed_products: string[]; available_products: string[] } }>(
      w,
      '/auth/get',
      {
        ...auth(w.clientA),
        access_token: accessToken,
      },
    );
    expect(r.body.item.billed_products).toEqual(['auth', 'transactions']);
    expect(r.body.item.available_products).not.toContain('auth');
    const got = await post<{ item: { billed_products: string[] } }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(got.body.item.billed_products).toEqual(['auth', 'transactions']);
  });

  it('requires an access token', async () => {
    const r = await post(w, '/auth/get', { ...auth(w.clientA) });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: 'MISSING_FIELDS' });
  });
});
