import {
  Configuration,
  EnrichTransactionDirection,
  PersonalFinanceCategoryVersion,
  PlaidApi,
  Products,
  type Transaction,
  TransactionsUpdateStatus,
} from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { createTestWeft, type TestWeft } from '../../test/harness';
import { PULL_DELAYS_MS } from './transactions.pull';

/** The sync loop from Plaid's Quickstart, with the official client pointed at Weft. */
async function syncEverything(client: PlaidApi, accessToken: string): Promise<Map<string, Transaction>> {
  const store = new Map<string, Transaction>();
  let cursor: string | undefined;
  let hasMore = true;
  while (hasMore) {
    const r = await client.transactionsSync({ access_token: accessToken, cursor, count: 500 });
    for (const t of [...r.data.added, ...r.data.modified]) store.set(t.transaction_id, t);
    for (const t of r.data.removed) store.delete(t.transaction_id);
    hasMore = r.data.has_more;
    cursor = r.data.next_cursor;
  }
  return store;
}

describe('transactions through the official plaid client', () => {
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

  it('syncs, gets, finds recurring streams and enriches', async () => {
    const pt = await client.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Transactions],
    });
    const { access_token } = (await client.itemPublicTokenExchange({ public_token: pt.data.public_token }))
      .data;

    const early = await client.transactionsSync({ access_token });
    expect(early.data.transactions_update_status).toBe(TransactionsUpdateStatus.NotReady);
    clock.advance(PULL_DELAYS_MS.historical + 1000);

    const store = await syncEverything(client, access_token);
    expect(store.size).toBeGreaterThan(1000);

    const got = await client.transactionsGet({
      access_token,
      start_date: '2026-11-01',
      end_date: '2026-11-30',
      options: { count: 500, personal_finance_category_version: PersonalFinanceCategoryVersion.V1 },
    });
    expect(got.data.transactions.length).toBe(got.data.total_transactions);
    for (const t of got.data.transactions) expect(store.get(t.transaction_id)?.amount).toBe(t.amount);

    const recurring = await client.transactionsRecurringGet({ access_token });
    expect(recurring.data.outflow_streams.length).toBeGreaterThan(3);

    const enriched = await client.transactionsEnrich({
      account_type: 'credit',
      transactions: [
        {
          id: '1',
          description: 'NETFLIX.COM',
          amount: 15.49,
          direction: EnrichTransactionDirection.Outflow,
          iso_currency_code: 'USD',
        },
      ],
    });
    expect(enriched.data.enriched_transactions[0]!.enrichments.merchant_name).toBe('Netflix');

    await client.transactionsRefresh({ access_token });
    await client.sandboxTransactionsCreate({
      access_token,
      transactions: [
        {
          date_transacted: '2026-11-28',
          date_posted: '2026-11-28',
          amount: 3.5,
          description: 'SQ *BLUE BOTTLE COFF',
        },
      ],
    });
    const after = await syncEverything(client, access_token);
    expect(
      [...after.values()].some((t) => t.merchant_name === 'Blue Bottle Coffee' && t.amount === 3.5),
    ).toBe(true);
  });
});
