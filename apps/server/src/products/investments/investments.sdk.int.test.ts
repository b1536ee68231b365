import { Configuration, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { createTestWeft, type TestWeft } from '../../test/harness';
import { INVESTMENTS_READY_DELAY_MS } from './investments.pull';

describe('investments through the official plaid client', () => {
  let w: TestWeft;
  let client: PlaidApi;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));

  beforeAll(async () => {
    w = await createTestWeft({ clock });
    const basePath = await w.listen();
    client = new PlaidApi(
      new Configuration({
        basePath,
        baseOptions: {
          headers: {
            'PLAID-CLIENT-ID': w.clientA.clientId,
            'PLAID-SECRET': w.clientA.secret,
            'Plaid-Version': '2020-09-14',
          },
        },
      }),
    );
  });
  afterAll(() => w.close());

  it('links an Item with investments, then reads holdings and pages transactions', async () => {
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Investments],
    });
    const { access_token } = (await client.itemPublicTokenExchange({ public_token: pt.data.public_token }))
      .data;

    const early = await client.investmentsHoldingsGet({ access_token }).then(
      () => null,
      (e: { response?: { status: number; data: unknown } }) => e.response,
    );
    expect(early?.status).toBe(400);
    expect(early?.data).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'PRODUCT_NOT_READY' });
    clock.advance(INVESTMENTS_READY_DELAY_MS + 1_000);

    const holdings = (await client.investmentsHoldingsGet({ access_token })).data;
    expect(holdings.item.billed_products).toEqual([Products.Investments]);
    expect(holdings.holdings.length).toBeGreaterThan(5);
    const byId = new Map(holdings.securities.map((s) => [s.security_id, s]));
    for (const h of holdings.holdings) expect(byId.has(h.security_id)).toBe(true);
    expect(byId.size).toBe(new Set(holdings.holdings.map((h) => h.security_id)).size);

    const seen = new Set<string>();
    let total = Number.POSITIVE_INFINITY;
    while (seen.size < total) {
      const page = (
        await client.investmentsTransactionsGet({
          access_token,
          start_date: '2024-11-01',
          end_date: '2026-11-28',
          options: { count: 100, offset: seen.size },
        })
      ).data;
      total = page.total_investment_transactions;
      for (const t of page.investment_transactions) seen.add(t.investment_transaction_id);
      expect(page.investment_transactions.length).toBeGreaterThan(0);
    }
    expect(seen.size).toBe(total);
    expect(total).toBeGreaterThan(150);

    expect((await client.investmentsRefresh({ access_token })).data.request_id).toMatch(/^\w+$/);
  });
});
