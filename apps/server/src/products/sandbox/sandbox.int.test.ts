import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';

interface AccountsBody {
  accounts: { mask: string; name: string }[];
  item: { institution_id: string };
}

describe("/sandbox/public_token/create with Plaid's sandbox users", () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const create = (username: string, password: string, institution_id = 'ins_109508') =>
    post<{ public_token?: string; error_code?: string; error_type?: string }>(
      w,
      '/sandbox/public_token/create',
      {
        ...auth(w.clientA),
        institution_id,
        initial_products: ['transactions'],
        options: { override_username: username, override_password: password },
      },
    );

  /** The masks of the accounts an Item created with these credentials holds. */
  const masksOf = async (username: string, password: string): Promise<string[]> => {
    const pt = await create(username, password);
    expect(pt.status, JSON.stringify(pt.body)).toBe(200);
    const ex = await post<{ access_token: string }>(w, '/item/public_token/exchange', {
      ...auth(w.clientA),
      public_token: pt.body.public_token,
    });
    const r = await post<AccountsBody>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: ex.body.access_token,
    });
    expect(r.status).toBe(200);
    return r.body.accounts.map((a) => a.mask);
  };

  const GOOD_MASKS = ['0000', '1111', '2222', '3333', '4444', '5555', '6666', '7777', '8888', '9999'];

  it.each([
    ['user_good', 'mfa_device'],
    ['user_good', 'mfa_questions_1_1'],
    ['user_good', 'mfa_questions_3_2'],
    ['user_good', 'mfa_selections'],
  ])("creates an Item for Plaid's MFA credentials %s / %s, answering the challenge itself", async (u, p) => {
    expect(await masksOf(u, p)).toEqual(GOOD_MASKS);
  });

  it.each([
    ['mfa_device', 'pass_good'],
    ['mfa_questions_2_3', 'pass_good'],
    ['mfa_selections', 'pass_good'],
  ])('creates an Item for the MFA user %s / %s', async (u, p) => {
    expect(await masksOf(u, p)).toEqual(GOOD_MASKS);
  });

  it('creates an Item for a custom user whose configuration asks for MFA', async () => {
    const config = {
      mfa: { type: 'questions', question_rounds: 2, questions_per_round: 2 },
      override_accounts: [
        { type: 'depository', subtype: 'checking', starting_balance: 5, meta: { mask: '4321' } },
      ],
    };
    expect(await masksOf('user_custom', JSON.stringify(config))).toEqual(['4321']);
  });

  it("takes Plaid's other documented users and passwords", async () => {
    expect(await masksOf('user_good', 'pass_good')).toEqual(GOOD_MASKS);
    expect(await masksOf('user_transactions_dynamic', 'anything at all')).toEqual(GOOD_MASKS);
    expect(await masksOf('user_bank_income', '{}')).toEqual(GOOD_MASKS);
  });

  it.each([
    ['user_good', 'error_ITEM_LOCKED', 'ITEM_LOCKED', 'ITEM_ERROR'],
    ['mfa_device', 'error_INSTITUTION_DOWN', 'INSTITUTION_DOWN', 'INSTITUTION_ERROR'],
    ['user_good', 'pass_bad', 'INVALID_CREDENTIALS', 'ITEM_ERROR'],
    ['user_good', 'mfa_questions_x_1', 'INVALID_CREDENTIALS', 'ITEM_ERROR'],
    ['mfa_device', 'mfa_device', 'INVALID_CREDENTIALS', 'ITEM_ERROR'],
    ['user_transactions_dynamic', '', 'INVALID_CREDENTIALS', 'ITEM_ERROR'],
  ])('refuses %s / %s with %s', async (u, p, code, type) => {
    const r = await create(u, p);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_code: code, error_type: type });
  });
});
