import type { LiabilitiesObject } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkPane } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';

/** The filters Plaid's Liabilities docs give for a link token: the account types Liabilities reads. */
const LIABILITY_FILTERS = {
  credit: { account_subtypes: ['credit card', 'paypal'] },
  loan: { account_subtypes: ['student', 'mortgage'] },
};

/** What Link's account pane is given for Liabilities and Auth link tokens, and the Item it makes. */
describe('Link for liabilities: the accounts each link token allows', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());
  const { linkToken, start, call } = linkSessionKit(() => w);

  /** Signs in at First Platypus Bank through Link; returns the pane that follows. */
  async function signIn(token: string, username = 'user_good', password = 'pass_good') {
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const r = await call<LinkPane>(token, 'credentials', { link_session_id: id, username, password });
    return { id, pane: r.body, status: r.status };
  }

  it('offers only credit cards and loans under the liabilities filters, and the Item it makes answers /liabilities/get', async () => {
    const token = await linkToken({ products: ['liabilities'], account_filters: LIABILITY_FILTERS });
    const { id, pane } = await signIn(token);
    if (pane.pane !== 'select_account') throw new Error(`expected the account pane: ${JSON.stringify(pane)}`);
    expect(pane.accounts.map((a) => [a.mask, a.subtype])).toEqual([
      ['3333', 'credit card'],
      ['7777', 'student'],
      ['8888', 'mortgage'],
      ['9999', 'credit card'],
    ]);
    const done = await call<LinkPane>(token, 'select', {
      link_session_id: id,
      account_ids: pane.accounts.map((a) => a.id),
    });
    if (done.body.pane !== 'success') throw new Error(`expected success: ${JSON.stringify(done.body)}`);
    const exchanged = await post<{ access_token: string }>(w, '/item/public_token/exchange', {
      ...auth(w.clientA),
      public_token: done.body.public_token,
    });
    const r = await post<{
      accounts: unknown[];
      liabilities: LiabilitiesObject;
      item: { billed_products: string[] };
    }>(w, '/liabilities/get', { ...auth(w.clientA), access_token: exchanged.body.access_token });
    expect(r.status).toBe(200);
    expect(r.body.accounts).toHaveLength(4);
    expect([
      r.body.liabilities.credit?.length,
      r.body.liabilities.mortgage?.length,
      r.body.liabilities.student?.length,
    ]).toEqual([2, 1, 1]);
    expect(r.body.item.billed_products).toEqual(['liabilities']);
  });

  it('offers every account to a liabilities link token without filters, as Plaid does', async () => {
    const { pane } = await signIn(await linkToken({ products: ['liabilities'] }));
    if (pane.pane !== 'select_account') throw new Error('expected the account pane');
    expect(pane.accounts).toHaveLength(10);
  });

  it('offers only checking and savings when auth is among the products and no filters are given', async () => {
    const { pane } = await signIn(await linkToken({ products: ['auth', 'liabilities'] }));
    if (pane.pane !== 'select_account') throw new Error('expected the account pane');
    expect(pane.accounts.map((a) => a.subtype)).toEqual(['checking', 'savings']);
    // The token's own filters win over the default.
    const own = await signIn(await linkToken({ products: ['auth'], account_filters: LIABILITY_FILTERS }));
    if (own.pane.pane !== 'select_account') throw new Error('expected the account pane');
    expect(own.pane.accounts).toHaveLength(4);
    // Asked for where supported, auth narrows nothing.
    const optional = await signIn(
      await linkToken({ products: ['transactions'], required_if_supported_products: ['auth'] }),
    );
    if (optional.pane.pane !== 'select_account') throw new Error('expected the account pane');
    expect(optional.pane.accounts).toHaveLength(10);
  });

  it('answers NO_AUTH_ACCOUNTS for an auth link token when the login has no checking or savings account', async () => {
    const config = { override_accounts: [{ type: 'credit', subtype: 'credit card', starting_balance: 10 }] };
    const { pane, status } = await signIn(
      await linkToken({ products: ['auth'] }),
      'user_custom',
      JSON.stringify(config),
    );
    expect(status).toBe(400);
    expect(pane).toMatchObject({ error_code: 'NO_AUTH_ACCOUNTS', error_type: 'ITEM_ERROR' });
  });
});
