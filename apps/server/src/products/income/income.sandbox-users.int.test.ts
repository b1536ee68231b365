import {
  Configuration,
  type CreditBankIncome,
  type CreditBankIncomeSource,
  IncomeVerificationSourceType,
  PlaidApi,
  Products,
} from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import type { LinkPane } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';
import { bankIncomeUser } from './income.test-kit';

const spec = loadSpecValidator();
const cents = (n: number) => toMinor(n, 'USD');
const TODAY = '2026-11-18';
const WINDOW_START = '2026-05-23'; // 180 days back from TODAY, both ends included

/** A source as the tests compare it: category, frequency and who pays. */
const shape = (sources: readonly CreditBankIncomeSource[]) =>
  sources.map((s) => `${s.income_category} ${s.pay_frequency} ${s.income_description}`).sort();

/**
 * Plaid's Credit and Income sandbox users, linked for bank income: Weft's own income engine finds
 * each persona's streams in the deposits its sandbox bank holds, nothing is injected.
 */
describe('Credit and Income sandbox users through bank income', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ clock: new FixedClock(new Date(`${TODAY}T12:00:00Z`)) });
  });
  afterAll(() => w.close());
  const { linkToken, start, call } = linkSessionKit(() => w);

  async function report(userToken: string, keys = w.clientA): Promise<CreditBankIncome> {
    const r = await post<{ bank_income: CreditBankIncome[] }>(w, '/credit/bank_income/get', {
      ...auth(keys),
      user_token: userToken,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(spec?.validate('/credit/bank_income/get', 200, r.body) ?? []).toEqual([]);
    return r.body.bank_income[0]!;
  }

  /** Money in and out of the Item's depository accounts over the report's window, from the store. */
  async function cashFlow(itemId: string, exclude?: RegExp) {
    const rows = await w.ctx.db
      .selectFrom('transactions')
      .innerJoin('accounts', 'accounts.account_id', 'transactions.account_id')
      .select(['transactions.amount', 'transactions.name'])
      .where('transactions.item_id', '=', itemId)
      .where('accounts.type', '=', 'depository')
      .where('transactions.pending', '=', 0)
      .where('transactions.removed', '=', 0)
      .where('transactions.date', '>=', WINDOW_START)
      .where('transactions.date', '<=', TODAY)
      .execute();
    const own = rows.filter((t) => !exclude?.test(t.name));
    return {
      inflow: own.filter((t) => t.amount < 0).reduce((s, t) => s - t.amount, 0),
      outflow: own.filter((t) => t.amount > 0).reduce((s, t) => s + t.amount, 0),
    };
  }

  /** Each source's total is its deposits', and its deposits are stored deposits of the Item. */
  async function expectDetected(itemId: string, sources: readonly CreditBankIncomeSource[]) {
    const stored = new Map(
      (
        await w.ctx.db
          .selectFrom('transactions')
          .select(['transaction_id', 'amount', 'name'])
          .where('item_id', '=', itemId)
          .where('amount', '<', 0)
          .where('removed', '=', 0)
          .execute()
      ).map((t) => [t.transaction_id, t]),
    );
    for (const s of sources) {
      const deposits = s.historical_summary!.flatMap((m) => m.transactions!);
      expect(deposits.length).toBe(s.transaction_count);
      expect(deposits.reduce((n, t) => n + cents(t.amount!), 0)).toBe(cents(s.total_amount!));
      for (const t of deposits) {
        const row = stored.get(t.transaction_id!);
        expect(row, t.transaction_id).toBeDefined();
        expect([row!.amount, row!.name]).toEqual([-cents(t.amount!), s.income_description]);
      }
    }
  }

  it('user_credit_profile_poor: no consistent income, only irregular sources, and more going out than coming in', async () => {
    const { userToken, itemId } = await bankIncomeUser(w, w.clientA, 'poor', {
      username: 'user_credit_profile_poor',
      password: 'anything-not-blank',
    });
    const r = await report(userToken);
    const sources = r.items![0]!.bank_income_sources!;
    expect(shape(sources)).toEqual([
      'CASH_DEPOSIT UNKNOWN MOBILE CHECK DEPOSIT',
      'GIG_ECONOMY UNKNOWN TASKRABBIT PAYOUT',
    ]);
    await expectDetected(itemId, sources);
    const { inflow, outflow } = await cashFlow(itemId);
    expect(outflow).toBeGreaterThan(inflow * 1.05);
  });

  it('user_credit_profile_good: three gig platforms, weekly and every two weeks, and about as much out as in', async () => {
    const { userToken, itemId } = await bankIncomeUser(w, w.clientA, 'good', {
      username: 'user_credit_profile_good',
      password: 'pass_good',
    });
    const r = await report(userToken);
    const sources = r.items![0]!.bank_income_sources!;
    expect(shape(sources)).toEqual([
      'GIG_ECONOMY BIWEEKLY INSTACART SHOPPER PAYOUT',
      'GIG_ECONOMY WEEKLY DOORDASH DASHER PAYOUT',
      'GIG_ECONOMY WEEKLY UBER DRIVER PAYOUT',
    ]);
    await expectDetected(itemId, sources);
    // A weekly payout shows about 26 times in 180 days, a two-weekly one about 13.
    for (const s of sources)
      expect(s.transaction_count).toBeGreaterThanOrEqual(s.pay_frequency === 'WEEKLY' ? 25 : 12);
    const { inflow, outflow } = await cashFlow(itemId);
    expect(Math.abs(outflow - inflow)).toBeLessThan(inflow * 0.1);
  });

  it('user_credit_profile_excellent: a high salary twice a month and monthly rental income; far more in than out', async () => {
    const { userToken, itemId } = await bankIncomeUser(w, w.clientA, 'excellent', {
      username: 'user_credit_profile_excellent',
      password: 'x',
    });
    const r = await report(userToken);
    const sources = r.items![0]!.bank_income_sources!;
    expect(shape(sources)).toEqual([
      'RENTAL MONTHLY OAKRIDGE PROPERTY MGMT RENTAL INCOME',
      'SALARY SEMI_MONTHLY ORBITAL DYNAMICS INC PAYROLL',
    ]);
    await expectDetected(itemId, sources);
    const salary = sources.find((s) => s.income_category === 'SALARY')!;
    const rental = sources.find((s) => s.income_category === 'RENTAL')!;
    expect(salary.transaction_count).toBe(12);
    expect(cents(salary.total_amount!) / 12).toBeGreaterThan(6_000_00);
    expect(rental.transaction_count).toBe(6);
    expect(cents(rental.total_amount!)).toBe(6 * 2_850_00);
    expect(r.items![0]!.bank_income_accounts!.map((a) => a.subtype).sort()).toEqual(['checking', 'savings']);
    // Moves into its own savings are neither income nor spending.
    const { inflow, outflow } = await cashFlow(itemId, /ONLINE TRANSFER (TO SAV|FROM CHK)/);
    expect(inflow).toBeGreaterThan(outflow * 1.3);
  });

  it('user_credit_bonus, through the plaid client: two salaries and the bonus, a salary payment at no set frequency', async () => {
    const basePath = await w.listen();
    const plaid = new PlaidApi(
      new Configuration({
        basePath,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': w.clientA.clientId, 'PLAID-SECRET': w.clientA.secret } },
      }),
    );
    const user = (await plaid.userCreate({ client_user_id: 'bonus-sdk' })).data;
    const pt = await plaid.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.IncomeVerification],
      user_token: user.user_token,
      options: {
        override_username: 'user_credit_bonus',
        override_password: 'any password',
        income_verification: {
          income_source_types: [IncomeVerificationSourceType.Bank],
          bank_income: { days_requested: 180 },
        },
      },
    });
    const { item_id } = (await plaid.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
    const income = (await plaid.creditBankIncomeGet({ user_token: user.user_token! })).data;
    expect(spec?.validate('/credit/bank_income/get', 200, income) ?? []).toEqual([]);
    const sources = income.bank_income![0]!.items![0]!.bank_income_sources!;
    expect(shape(sources)).toEqual([
      'SALARY BIWEEKLY NORTHWIND TRADERS PAYROLL',
      'SALARY SEMI_MONTHLY HALCYON HEALTH DIRECT DEP',
      'SALARY UNKNOWN NORTHWIND TRADERS BONUS PAYROLL',
    ]);
    await expectDetected(item_id, sources);
    // A bonus every twelve weeks: two or three in half a year, each paid on a payday of the main job.
    const bonus = sources.find((s) => s.income_description!.includes('BONUS'))!;
    const main = sources.find((s) => s.income_description === 'NORTHWIND TRADERS PAYROLL')!;
    expect(bonus.transaction_count).toBeGreaterThanOrEqual(2);
    expect(bonus.transaction_count).toBeLessThanOrEqual(3);
    const paydays = new Set(main.historical_summary!.flatMap((m) => m.transactions!.map((t) => t.date)));
    for (const t of bonus.historical_summary!.flatMap((m) => m.transactions!))
      expect(paydays).toContain(t.date);
    const summary = income.bank_income![0]!.bank_income_summary!;
    expect(summary.income_categories_count).toBe(1);
    expect(summary.income_sources_count).toBe(3);
  });

  it('user_credit_joint_account in Link with a user token: two salaries, and two owners in the report and in /identity/get', async () => {
    const u = await post<{ user_token: string; user_id: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: 'joint-link',
    });
    const token = await linkToken({
      products: ['income_verification'],
      user_token: u.body.user_token,
      income_verification: { income_source_types: ['bank'], bank_income: { days_requested: 180 } },
    });
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const blank = await call(token, 'credentials', {
      link_session_id: id,
      username: 'user_credit_joint_account',
      password: '',
    });
    expect([blank.status, blank.body.error_code]).toEqual([400, 'INVALID_CREDENTIALS']);
    let pane = (
      await call<LinkPane>(token, 'credentials', {
        link_session_id: id,
        username: 'user_credit_joint_account',
        password: 'our-shared-password',
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
    const { item_id } = (
      await post<{ item_id: string }>(w, '/item/public_token/exchange', {
        ...auth(w.clientA),
        public_token: pane.public_token,
      })
    ).body;

    const r = await report(u.body.user_token);
    const item = r.items![0]!;
    expect(item.item_id).toBe(item_id);
    expect(shape(item.bank_income_sources!)).toEqual([
      'SALARY BIWEEKLY BRIGHTWATER MEDICAL PAYROLL',
      'SALARY SEMI_MONTHLY LAKESIDE SCHOOL DIST PAYROLL',
    ]);
    await expectDetected(item_id, item.bank_income_sources!);
    // The school district pays the same on the 15th and the last day of every month.
    const school = item.bank_income_sources!.find((s) => s.income_description!.startsWith('LAKESIDE'))!;
    expect(school.transaction_count).toBe(12);
    expect(cents(school.total_amount!)).toBe(12 * 2_180_00);
    const owners = item.bank_income_accounts![0]!.owners;
    expect(owners.map((o) => o.names)).toEqual([['Alberta Bobbeth Charleson'], ['Dorian Cassius Charleson']]);

    const identityItem = await createItem(w, w.clientA, {
      initial_products: ['identity'],
      options: { override_username: 'user_credit_joint_account', override_password: 'x' },
    });
    const identity = await post<{
      accounts: { owners: { names: string[]; emails: { data: string }[] }[] }[];
    }>(w, '/identity/get', { ...auth(w.clientA), access_token: identityItem.accessToken });
    expect(identity.status, JSON.stringify(identity.body)).toBe(200);
    expect(spec?.validate('/identity/get', 200, identity.body) ?? []).toEqual([]);
    const [holders] = identity.body.accounts.map((a) => a.owners);
    expect(holders!.map((o) => o.names[0])).toEqual([
      'Alberta Bobbeth Charleson',
      'Dorian Cassius Charleson',
    ]);
    expect(new Set(holders!.map((o) => o.emails[0]!.data)).size).toBe(2);
  });

  it("user_bank_income / {}: user_good's accounts with income of many kinds", async () => {
    const { userToken, itemId } = await bankIncomeUser(w, w.clientA, 'bank-income-variety', {
      username: 'user_bank_income',
      password: '{}',
    });
    const r = await report(userToken);
    const sources = r.items![0]!.bank_income_sources!;
    const categories = new Set(sources.map((s) => s.income_category));
    for (const c of ['SALARY', 'GIG_ECONOMY', 'RENTAL', 'CHILD_SUPPORT', 'BANK_INTEREST'])
      expect(categories, c).toContain(c);
    expect(sources.filter((s) => s.income_category === 'SALARY')).toHaveLength(1);
    const byCategory = (c: string) => sources.find((s) => s.income_category === c)!.pay_frequency;
    expect([byCategory('GIG_ECONOMY'), byCategory('RENTAL'), byCategory('CHILD_SUPPORT')]).toEqual([
      'WEEKLY',
      'MONTHLY',
      'BIWEEKLY',
    ]);
    await expectDetected(itemId, sources);
  });

  it.each([
    ['user_credit_profile_poor', 'hunter2', ['0000']],
    ['user_credit_profile_good', 'pass_good', ['0000']],
    ['user_credit_profile_excellent', 'correct horse', ['0000', '1111']],
    ['user_credit_bonus', 'b0nus', ['0000']],
    ['user_credit_joint_account', 'joint', ['0000']],
    [
      'user_bank_income',
      '{}',
      ['0000', '1111', '2222', '3333', '4444', '5555', '6666', '7777', '8888', '9999'],
    ],
  ])(
    'signs %s in through Link’s credentials pane (a transactions link token)',
    async (username, password, masks) => {
      const token = await linkToken({ products: ['transactions'] });
      const id = (await start(token)).link_session_id;
      await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
      const pane = (await call<LinkPane>(token, 'credentials', { link_session_id: id, username, password }))
        .body;
      if (pane.pane !== 'select_account')
        throw new Error(`expected account selection: ${JSON.stringify(pane)}`);
      expect(pane.accounts.map((a) => a.mask)).toEqual(masks);
    },
  );

  it.each([
    ['user_credit_profile_good', ''],
    ['user_credit_bonus', '   '],
    ['user_bank_income', 'wrong'],
    ['user_bank_income', ''],
  ])('refuses %s with the password %j: INVALID_CREDENTIALS, and no Item', async (username, password) => {
    const before = await w.ctx.db.selectFrom('items').select('item_id').execute();
    const r = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['transactions'],
      options: { override_username: username, override_password: password },
    });
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'INVALID_CREDENTIALS' });
    expect(spec?.validate('/sandbox/public_token/create', 400, r.body) ?? []).toEqual([]);
    expect(await w.ctx.db.selectFrom('items').select('item_id').execute()).toHaveLength(before.length);
  });

  it("keeps each client's persona Items to itself", async () => {
    const { userToken } = await bankIncomeUser(w, w.clientA, 'iso', {
      username: 'user_credit_profile_excellent',
      password: 'x',
    });
    const stranger = await post(w, '/credit/bank_income/get', { ...auth(w.clientB), user_token: userToken });
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ error_code: 'INVALID_FIELD' });
  });
});
