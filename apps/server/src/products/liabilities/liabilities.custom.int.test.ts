import type { LiabilitiesObject } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';

const spec = loadSpecValidator();

/** Plaid's custom sandbox user with a `liability` on its accounts (LiabilityOverride). */
describe('custom users: liability per account', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const link = (override_accounts: unknown[]) =>
    post<{ public_token?: string; error_code?: string; error_message?: string }>(
      w,
      '/sandbox/public_token/create',
      {
        ...auth(w.clientA),
        institution_id: 'ins_109508',
        initial_products: ['liabilities'],
        options: {
          override_username: 'user_custom',
          override_password: JSON.stringify({ override_accounts }),
        },
      },
    );

  it('lays the overrides of a credit card and a student loan over what is derived', async () => {
    const servicer = {
      street: '1 Loan Way',
      city: 'Boston',
      region: 'MA',
      postal_code: '02110',
      country: 'US',
    };
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['liabilities'],
      options: {
        override_username: 'user_custom',
        override_password: JSON.stringify({
          override_accounts: [
            { type: 'depository', subtype: 'checking', starting_balance: 500 },
            {
              type: 'credit',
              subtype: 'credit card',
              starting_balance: 900,
              liability: {
                type: 'credit',
                purchase_apr: 12.34,
                cash_apr: 28.99,
                balance_transfer_apr: 9.5,
                special_apr: 0,
                last_payment_amount: 120.5,
                minimum_payment_amount: 35,
                is_overdue: true,
              },
            },
            {
              type: 'loan',
              subtype: 'student',
              starting_balance: 18000,
              liability: {
                type: 'student',
                principal: 24000,
                nominal_apr: 5.25,
                origination_date: '2019-08-20',
                expected_payoff_date: '2031-06-05',
                loan_name: 'Grad PLUS',
                guarantor: 'DEPT OF ED',
                is_federal: true,
                repayment_plan_type: 'income-based repayment',
                repayment_plan_description: 'Income-Based Repayment',
                loan_status: { type: 'repayment', end_date: '2031-06-05' },
                pslf_status: { estimated_eligibility_date: null, payments_made: 40, payments_remaining: 80 },
                servicer_address: servicer,
                sequence_number: '2',
                payment_reference_number: 'REF123',
                minimum_payment_amount: 210,
              },
            },
          ],
        }),
      },
    });
    const r = await post<{ liabilities: LiabilitiesObject }>(w, '/liabilities/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(spec?.validate('/liabilities/get', 200, r.body) ?? []).toEqual([]);
    const card = r.body.liabilities.credit![0]!;
    expect(card.aprs.map((a) => [a.apr_type, a.apr_percentage])).toEqual([
      ['purchase_apr', 12.34],
      ['cash_apr', 28.99],
      ['balance_transfer_apr', 9.5],
      ['special', 0],
    ]);
    expect(card).toMatchObject({ last_payment_amount: 120.5, minimum_payment_amount: 35, is_overdue: true });
    const loan = r.body.liabilities.student![0]!;
    expect(loan).toMatchObject({
      origination_principal_amount: 24000,
      interest_rate_percentage: 5.25,
      origination_date: '2019-08-20',
      expected_payoff_date: '2031-06-05',
      loan_name: 'Grad PLUS',
      repayment_plan: { type: 'income-based repayment', description: 'Income-Based Repayment' },
      loan_status: { type: 'repayment', end_date: '2031-06-05' },
      pslf_status: { estimated_eligibility_date: null, payments_made: 40, payments_remaining: 80 },
      servicer_address: servicer,
      sequence_number: '2',
      payment_reference_number: 'REF123',
      minimum_payment_amount: 210,
    });
    expect(r.body.liabilities.mortgage).toBeNull();
  });

  it('refuses an Item for liabilities whose accounts hold no card or loan (NO_LIABILITY_ACCOUNTS)', async () => {
    const r = await link([{ type: 'depository', subtype: 'checking', starting_balance: 10 }]);
    expect(r.status).toBe(400);
    expect(r.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'NO_LIABILITY_ACCOUNTS' });
  });

  it.each([
    [
      'a mortgage',
      { type: 'loan', subtype: 'mortgage', liability: { type: 'mortgage' } },
      '.liability.type must be credit or student',
    ],
    [
      'credit on a checking account',
      { type: 'depository', liability: { type: 'credit' } },
      'needs an account of type credit',
    ],
    [
      'student on a mortgage',
      { type: 'loan', subtype: 'mortgage', liability: { type: 'student' } },
      'subtype student',
    ],
    [
      'a student field on a card',
      { type: 'credit', liability: { type: 'credit', principal: 1 } },
      '.liability.principal cannot be set when type is credit',
    ],
    [
      'a rate in words',
      { type: 'credit', liability: { type: 'credit', purchase_apr: 'high' } },
      '.liability.purchase_apr is not valid',
    ],
    [
      'an unknown plan',
      { type: 'loan', liability: { type: 'student', repayment_plan_type: 'forever' } },
      'repayment_plan_type is not valid',
    ],
    [
      'a bad date',
      { type: 'loan', liability: { type: 'student', origination_date: '2019-13-40' } },
      'origination_date is not valid',
    ],
    ['not an object', { type: 'credit', liability: 'credit' }, '.liability must be an object'],
  ])('refuses %s with a clear error', async (_name, account, message) => {
    const r = await link([{ starting_balance: 10, ...account }]);
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_CREDENTIALS');
    expect(r.body.error_message).toContain(`override_accounts[0]${message.startsWith('.') ? message : ''}`);
    expect(r.body.error_message).toContain(message);
  });
});
