import type { CreditBankIncome, CreditPayrollIncomeGetResponse } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkPane, LinkSearchResponse } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';

/** Link's income flow: a link token with income_verification and a user token, through Link's session API. */
describe('Link for income: the Item a session makes belongs to the link token’s user', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());
  const { linkToken, start, call, tokenGet } = linkSessionKit(() => w);

  async function user(clientUserId: string) {
    const r = await post<{ user_token: string; user_id: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: clientUserId,
    });
    return r.body;
  }

  /** Runs Link to success at `institutionId`; returns the public token and /link/token/get's session. */
  async function linkThrough(token: string, institutionId: string) {
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: institutionId });
    let pane = (
      await call<LinkPane>(token, 'credentials', {
        link_session_id: id,
        username: 'user_good',
        password: 'pass_good',
      })
    ).body;
    if (pane.pane === 'select_account')
      pane = (
        await call<LinkPane>(token, 'select', {
          link_session_id: id,
          account_ids: pane.accounts.map((a) => a.id),
        })
      ).body;
    if (pane.pane !== 'success') throw new Error(`expected success: ${JSON.stringify(pane)}`);
    const session = (await tokenGet(token)).link_sessions[0] as { results: Record<string, unknown[]> };
    return { publicToken: pane.public_token, results: session.results };
  }

  it('bank income: the linked Item answers /credit/bank_income/get for the user, and the session results say so', async () => {
    const u = await user('link-bank');
    const token = await linkToken({
      products: ['income_verification'],
      user_token: u.user_token,
      income_verification: { income_source_types: ['bank'], bank_income: { days_requested: 60 } },
    });
    const { publicToken, results } = await linkThrough(token, 'ins_109508');
    const { item_id } = (
      await post<{ item_id: string }>(w, '/item/public_token/exchange', {
        ...auth(w.clientA),
        public_token: publicToken,
      })
    ).body;
    expect(results.bank_income_results).toEqual([
      {
        status: 'APPROVED',
        item_id,
        institution: { name: 'First Platypus Bank', institution_id: 'ins_109508' },
      },
    ]);
    expect(results.payroll_income_results).toEqual([]);

    const r = await post<{ bank_income: CreditBankIncome[] }>(w, '/credit/bank_income/get', {
      ...auth(w.clientA),
      user_id: u.user_id,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.bank_income[0]!.days_requested).toBe(60);
    expect(r.body.bank_income[0]!.items!.map((i) => i.item_id)).toEqual([item_id]);
    expect(
      r.body.bank_income[0]!.items![0]!.bank_income_sources!.some((s) => s.income_category === 'SALARY'),
    ).toBe(true);
  });

  it('payroll income: Link finds the sandbox payroll provider, and its paystubs come back for the user', async () => {
    const u = await user('link-payroll');
    const token = await linkToken({
      products: ['income_verification'],
      user_token: u.user_token,
      income_verification: { income_source_types: ['payroll'] },
    });
    const id = (await start(token)).link_session_id;
    const found = await call<LinkSearchResponse>(token, 'search', {
      link_session_id: id,
      query: 'platypus payroll',
    });
    expect(found.body.institutions.map((i) => i.institution_id)).toContain('ins_135842');

    const { publicToken, results } = await linkThrough(token, 'ins_135842');
    expect(publicToken).toMatch(/^public-sandbox-/);
    expect(results.payroll_income_results).toEqual([
      {
        num_paystubs_retrieved: 4,
        num_w2s_retrieved: 1,
        institution: { name: 'Platypus Payroll', institution_id: 'ins_135842' },
      },
    ]);
    const r = await post<CreditPayrollIncomeGetResponse>(w, '/credit/payroll_income/get', {
      ...auth(w.clientA),
      user_token: u.user_token,
    });
    expect(r.status).toBe(200);
    expect(r.body.items[0]!.payroll_income[0]!.pay_stubs).toHaveLength(4);
  });

  it("refuses another client's user token in a link token", async () => {
    const u = await user('link-iso');
    const r = await post(w, '/link/token/create', {
      ...auth(w.clientB),
      client_name: 'Other',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'x' },
      products: ['income_verification'],
      user_token: u.user_token,
    });
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_FIELD');
  });
});
