import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { PULL_DELAYS_MS } from './transactions.pull';
import { transactionsService } from './transactions.routes';

interface Tx {
  transaction_id: string;
  account_id: string;
  amount: number;
  date: string;
  pending: boolean;
  name: string;
  merchant_name: string | null;
}
interface SyncBody {
  added: Tx[];
  modified: Tx[];
  removed: { transaction_id: string }[];
  next_cursor: string;
  has_more: boolean;
  transactions_update_status: string;
}

const spec = loadSpecValidator();

describe('transactions: enrich, refresh, sandbox users and sandbox-created transactions', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));
  const settle = () => clock.advance(PULL_DELAYS_MS.historical + 1000);

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function sync(token: string, extra: Record<string, unknown> = {}) {
    return post<SyncBody>(w, '/transactions/sync', { ...auth(w.clientA), access_token: token, ...extra });
  }

  /** Syncs to the end, collecting live transactions by id. */
  async function syncAll(token: string, store: Map<string, Tx>, cursor = ''): Promise<string> {
    let next = cursor;
    for (;;) {
      const r = await sync(token, { cursor: next, count: 500 });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      for (const t of [...r.body.added, ...r.body.modified]) store.set(t.transaction_id, t);
      for (const t of r.body.removed) store.delete(t.transaction_id);
      next = r.body.next_cursor;
      if (!r.body.has_more) return next;
    }
  }

  it('enriches outside transactions with /transactions/enrich', async () => {
    const r = await post<{
      enriched_transactions: {
        id: string;
        enrichments: {
          merchant_name: string | null;
          personal_finance_category: { primary: string; detailed: string };
        };
      }[];
    }>(w, '/transactions/enrich', {
      ...auth(w.clientA),
      account_type: 'depository',
      transactions: [
        {
          id: 't1',
          description: 'SQ *BLUE BOTTLE COFF',
          amount: 5.75,
          direction: 'OUTFLOW',
          iso_currency_code: 'USD',
        },
        {
          id: 't2',
          description: 'ACME CORP PAYROLL PPD',
          amount: 2500,
          direction: 'INFLOW',
          iso_currency_code: 'USD',
        },
        {
          id: 't3',
          description: 'TST* LOCAL SPOT',
          amount: 40,
          direction: 'OUTFLOW',
          iso_currency_code: 'USD',
          mcc: '5812',
        },
      ],
      options: { personal_finance_category_version: 'v1' },
    });
    expect(r.status).toBe(200);
    if (spec) expect(spec.validate('/transactions/enrich', 200, r.body)).toEqual([]);
    expect(
      r.body.enriched_transactions.map((t) => [t.id, t.enrichments.personal_finance_category.detailed]),
    ).toEqual([
      ['t1', 'FOOD_AND_DRINK_COFFEE'],
      ['t2', 'INCOME_WAGES'],
      ['t3', 'FOOD_AND_DRINK_RESTAURANT'],
    ]);
    expect(r.body.enriched_transactions[0]!.enrichments.merchant_name).toBe('Blue Bottle Coffee');
    const why = await post(w, '/weft/transactions/explain', {
      ...auth(w.clientA),
      description: 'International Processing Fee: Netflix.com',
      amount: 1,
    });
    expect(why.body).toMatchObject({
      personal_finance_category: { detailed: 'BANK_FEES_OTHER_BANK_FEES' },
      explanation: { source: 'rule:fee', matched: 'FEE' },
    });
    const tooMany = await post(w, '/transactions/enrich', {
      ...auth(w.clientA),
      account_type: 'depository',
      transactions: Array.from({ length: 101 }, (_, i) => ({
        id: `x${i}`,
        description: 'X',
        amount: 1,
        direction: 'OUTFLOW',
        iso_currency_code: 'USD',
      })),
    });
    expect(tooMany.status).toBe(400);
  });

  it('refreshes, moves user_transactions_dynamic forward, and creates sandbox transactions', async () => {
    const dynamic = await createItem(w, w.clientA, {
      options: { override_username: 'user_transactions_dynamic' },
    });
    settle();
    const c0 = await syncAll(dynamic.accessToken, new Map());
    const refreshed = await post(w, '/transactions/refresh', {
      ...auth(w.clientA),
      access_token: dynamic.accessToken,
    });
    expect(refreshed.status).toBe(200);
    expect(Object.keys(refreshed.body)).toEqual(['request_id']);
    const moved = await sync(dynamic.accessToken, { cursor: c0 });
    expect(moved.body.added.length + moved.body.removed.length).toBeGreaterThan(0);

    const created = await post(w, '/sandbox/transactions/create', {
      ...auth(w.clientA),
      access_token: dynamic.accessToken,
      transactions: [
        {
          date_transacted: '2026-11-27',
          date_posted: '2026-11-28',
          amount: 12.34,
          description: 'NETFLIX.COM',
        },
      ],
    });
    expect(created.status).toBe(200);
    const mine = await sync(dynamic.accessToken, { cursor: moved.body.next_cursor });
    const added = mine.body.added.find((t) => t.name === 'NETFLIX.COM')!;
    expect(added).toMatchObject({ amount: 12.34, merchant_name: 'Netflix', pending: false });
  });

  it('starts pulling on first call for an Item created without transactions, honouring days_requested', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['auth'] });
    const first = await sync(accessToken, { options: { days_requested: 90 } });
    expect(first.body.transactions_update_status).toBe('NOT_READY');
    settle();
    const store = new Map<string, Tx>();
    await syncAll(accessToken, store);
    const dates = [...store.values()].map((t) => t.date).sort();
    expect(dates.length).toBeGreaterThan(100);
    expect(dates[0]! >= '2026-08-30').toBe(true);
    const tooLong = await sync(accessToken, { options: { days_requested: 731 } });
    expect(tooLong.status).toBe(400);
  });

  it('serves the transactions a custom sandbox user lists, and balances still add up', async () => {
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 1000,
          transactions: [
            {
              date_transacted: '2026-10-01',
              date_posted: '2026-10-02',
              amount: 100,
              description: 'SQ *BLUE BOTTLE COFF',
              currency: 'USD',
            },
            {
              date_transacted: '2026-10-05',
              date_posted: '2026-10-05',
              amount: -2500,
              description: 'ACME PAYROLL',
              currency: 'USD',
            },
          ],
        },
      ],
    };
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      options: { override_username: 'user_custom', override_password: JSON.stringify(config) },
    });
    settle();
    const store = new Map<string, Tx>();
    await syncAll(accessToken, store);
    expect([...store.values()].map((t) => [t.name, t.amount, t.merchant_name]).sort()).toEqual([
      ['ACME PAYROLL', -2500, null],
      ['SQ *BLUE BOTTLE COFF', 100, 'Blue Bottle Coffee'],
    ]);
    const state = await w.ctx.db
      .selectFrom('transactions_state')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirstOrThrow();
    const opening = Object.values(JSON.parse(state.opening_balances) as Record<string, number>);
    // current (1,000.00) = opening − Σ posted (100.00 out, 2,500.00 in)
    expect(opening).toEqual([100000 - 240000]);
  });
  it('completes due historical pulls in the background, so HISTORICAL_UPDATE goes out without a read', async () => {
    const { itemId } = await createItem(w, w.clientA);
    const codes = async () =>
      (
        await w.ctx.db.selectFrom('outbox').select('webhook_code').where('item_id', '=', itemId).execute()
      ).map((e) => e.webhook_code);
    expect(await codes()).toEqual(['INITIAL_UPDATE', 'SYNC_UPDATES_AVAILABLE']);
    expect(w.ctx.workers.some((x) => x.name === 'transactions-history')).toBe(true);
    settle();
    expect(await transactionsService(w.ctx).loadDueHistories(1000)).toBeGreaterThan(0);
    expect(await codes()).toEqual([
      'INITIAL_UPDATE',
      'SYNC_UPDATES_AVAILABLE',
      'HISTORICAL_UPDATE',
      'SYNC_UPDATES_AVAILABLE',
    ]);
    expect(await transactionsService(w.ctx).loadDueHistories(1000)).toBe(0);
  });
});
