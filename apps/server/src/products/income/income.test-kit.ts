import { expect } from 'vitest';
import { auth, post, type TestWeft } from '../../test/harness';

/** Creates a user of `keys` and a bank income Item for it at First Platypus Bank. */
export async function bankIncomeUser(
  w: TestWeft,
  keys: TestWeft['clientA'],
  clientUserId: string,
  opts: { days?: number; webhook?: string; username?: string; password?: string } = {},
): Promise<{ userToken: string; userId: string; itemId: string }> {
  const u = await post<{ user_token: string; user_id: string }>(w, '/user/create', {
    ...auth(keys),
    client_user_id: clientUserId,
  });
  expect(u.status, JSON.stringify(u.body)).toBe(200);
  const pt = await post<{ public_token: string }>(w, '/sandbox/public_token/create', {
    ...auth(keys),
    institution_id: 'ins_109508',
    initial_products: ['income_verification'],
    user_token: u.body.user_token,
    options: {
      ...(opts.webhook ? { webhook: opts.webhook } : {}),
      ...(opts.username
        ? { override_username: opts.username, override_password: opts.password ?? 'pass_good' }
        : {}),
      income_verification: {
        income_source_types: ['bank'],
        bank_income: { days_requested: opts.days ?? 180 },
      },
    },
  });
  expect(pt.status, JSON.stringify(pt.body)).toBe(200);
  const ex = await post<{ item_id: string }>(w, '/item/public_token/exchange', {
    ...auth(keys),
    public_token: pt.body.public_token,
  });
  expect(ex.status).toBe(200);
  return { userToken: u.body.user_token, userId: u.body.user_id, itemId: ex.body.item_id };
}
