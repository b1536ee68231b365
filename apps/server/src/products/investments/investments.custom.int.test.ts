import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { INVESTMENTS_READY_DELAY_MS } from './investments.pull';

const BROKERAGE = {
  type: 'investment',
  subtype: 'brokerage',
  starting_balance: 12_000,
  meta: { name: 'Custom Brokerage', mask: '4321' },
  holdings: [
    {
      institution_price: 150.25,
      institution_price_as_of: '2026-11-27',
      cost_basis: 1_200,
      quantity: 10,
      currency: 'USD',
      security: { ticker_symbol: 'PLAID', name: 'Plaid Inc', currency: 'USD', cusip: '72352L106' },
    },
    {
      institution_price: 1.5,
      quantity: 1000.5,
      currency: 'USD',
      security: { name: 'Penny Fund' },
    },
  ],
  investment_transactions: [
    {
      date: '2026-10-01',
      name: 'BUY PLAID',
      quantity: 12,
      price: 100,
      fees: 4.95,
      type: 'buy',
      currency: 'USD',
      security: { ticker_symbol: 'PLAID', name: 'Plaid Inc', currency: 'USD', cusip: '72352L106' },
    },
    {
      date: '2026-11-02',
      name: 'SELL PLAID',
      quantity: -2,
      price: 140,
      type: 'sell',
      currency: 'USD',
      security: { ticker_symbol: 'PLAID', name: 'Plaid Inc', currency: 'USD', cusip: '72352L106' },
    },
  ],
};

describe('custom sandbox users with investments', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const link = (accounts: unknown[]) =>
    post<{ public_token: string; error_code?: string; error_message?: string }>(
      w,
      '/sandbox/public_token/create',
      {
        ...auth(w.clientA),
        institution_id: 'ins_109508',
        initial_products: ['investments'],
        options: {
          override_username: 'user_custom',
          override_password: JSON.stringify({ override_accounts: accounts }),
        },
      },
    );

  it('serves the holdings and investment transactions the configuration lists', async () => {
    const pt = await link([{ type: 'depository', subtype: 'checking', starting_balance: 100 }, BROKERAGE]);
    expect(pt.status, JSON.stringify(pt.body)).toBe(200);
    const ex = await post<{ access_token: string }>(w, '/item/public_token/exchange', {
      ...auth(w.clientA),
      public_token: pt.body.public_token,
    });
    clock.advance(INVESTMENTS_READY_DELAY_MS + 1_000);
    const body = { ...auth(w.clientA), access_token: ex.body.access_token };
    const h = await post<{
      accounts: { account_id: string; mask: string; balances: { current: number } }[];
      holdings: Record<string, unknown>[];
      securities: Record<string, unknown>[];
    }>(w, '/investments/holdings/get', body);
    expect(h.status, JSON.stringify(h.body)).toBe(200);
    const brokerage = h.body.accounts.find((a) => a.mask === '4321')!;
    expect(brokerage.balances.current).toBe(12_000);
    expect(
      h.body.holdings.map(({ security_id: _, account_id, ...rest }) => ({ account_id, ...rest })),
    ).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          account_id: brokerage.account_id,
          quantity: 10,
          institution_price: 150.25,
          institution_price_as_of: '2026-11-27',
          institution_value: 1502.5,
          cost_basis: 1200,
        }),
        expect.objectContaining({ quantity: 1000.5, institution_value: 1500.75, cost_basis: null }),
      ]),
    );
    expect(h.body.securities).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ ticker_symbol: 'PLAID', cusip: '72352L106', name: 'Plaid Inc' }),
        expect.objectContaining({ name: 'Penny Fund', ticker_symbol: null }),
      ]),
    );

    const t = await post<{
      investment_transactions: Record<string, unknown>[];
      total_investment_transactions: number;
    }>(w, '/investments/transactions/get', { ...body, start_date: '2026-01-01', end_date: '2026-11-28' });
    expect(t.body.total_investment_transactions).toBe(2);
    expect(t.body.investment_transactions).toEqual([
      expect.objectContaining({ date: '2026-11-02', type: 'sell', quantity: -2, price: 140, amount: -280 }),
      expect.objectContaining({ date: '2026-10-01', type: 'buy', quantity: 12, fees: 4.95, amount: 1204.95 }),
    ]);
  });

  it.each([
    ['holdings that are not a list', { holdings: {} }, '.holdings must be an array'],
    [
      'a holding without a currency',
      { holdings: [{ institution_price: 1, quantity: 1, security: { name: 'X' } }] },
      '.holdings[0].currency is required',
    ],
    [
      'a holding naming no security',
      { holdings: [{ institution_price: 1, quantity: 1, currency: 'USD', security: {} }] },
      '.holdings[0].security must name the security',
    ],
    [
      'a buy of a negative quantity',
      {
        investment_transactions: [
          {
            date: '2026-01-01',
            name: 'x',
            quantity: -1,
            price: 1,
            type: 'buy',
            currency: 'USD',
            security: { name: 'X' },
          },
        ],
      },
      '.investment_transactions[0].quantity must be positive for a buy',
    ],
    [
      'an unknown transaction type',
      {
        investment_transactions: [
          { date: '2026-01-01', name: 'x', quantity: 0, price: 1, type: 'gift', currency: 'USD' },
        ],
      },
      '.investment_transactions[0].type must be one of',
    ],
    [
      'a bad date',
      {
        investment_transactions: [
          { date: '01/02/2026', name: 'x', quantity: 0, price: 1, type: 'cash', currency: 'USD' },
        ],
      },
      '.investment_transactions[0].date must be a date',
    ],
  ])('refuses %s with a clear error', async (_name, fields, message) => {
    const r = await link([{ type: 'investment', subtype: 'brokerage', starting_balance: 10, ...fields }]);
    expect(r.status).toBe(400);
    expect(r.body.error_code).toBe('INVALID_CREDENTIALS');
    expect(r.body.error_message).toContain(`override_accounts[0]${message}`);
  });

  it('refuses holdings on an account that is not an investment account', async () => {
    const r = await link([{ type: 'depository', subtype: 'checking', starting_balance: 10, holdings: [] }]);
    expect(r.body.error_message).toContain('override_accounts[0].holdings is only for investment accounts');
  });
});
