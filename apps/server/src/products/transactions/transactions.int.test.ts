import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { PULL_DELAYS_MS } from './transactions.pull';

interface Tx {
  transaction_id: string;
  account_id: string;
  amount: number;
  date: string;
  pending: boolean;
  pending_transaction_id: string | null;
  name: string;
  merchant_name: string | null;
  personal_finance_category: { primary: string; detailed: string; confidence_level: string };
}
interface SyncBody {
  added: Tx[];
  modified: Tx[];
  removed: { transaction_id: string; account_id: string }[];
  next_cursor: string;
  has_more: boolean;
  transactions_update_status: string;
  accounts: { account_id: string }[];
}
interface GetBody {
  transactions: Tx[];
  total_transactions: number;
  accounts: { account_id: string; type: string }[];
}

const spec = loadSpecValidator();

describe('/transactions/*', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));
  const settle = () => clock.advance(PULL_DELAYS_MS.historical + 1000);

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function sync(token: string, extra: Record<string, unknown> = {}) {
    const r = await post<SyncBody>(w, '/transactions/sync', {
      ...auth(w.clientA),
      access_token: token,
      ...extra,
    });
    if (spec && r.status === 200) expect(spec.validate('/transactions/sync', 200, r.body)).toEqual([]);
    return r;
  }

  /** Syncs to the end, applying every page to a client-side store that refuses duplicates and unknown ids. */
  async function syncAll(token: string, store: Map<string, Tx>, cursor = '', count = 500): Promise<string> {
    let next = cursor;
    for (;;) {
      const r = await sync(token, { cursor: next, count });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      for (const t of r.body.added) {
        expect(store.has(t.transaction_id), `duplicate add ${t.transaction_id}`).toBe(false);
        store.set(t.transaction_id, t);
      }
      for (const t of r.body.modified) {
        expect(store.has(t.transaction_id), `modify of unknown ${t.transaction_id}`).toBe(true);
        store.set(t.transaction_id, t);
      }
      for (const t of r.body.removed) {
        expect(store.has(t.transaction_id), `remove of unknown ${t.transaction_id}`).toBe(true);
        store.delete(t.transaction_id);
      }
      next = r.body.next_cursor;
      if (!r.body.has_more) return next;
    }
  }

  async function getAll(token: string): Promise<Tx[]> {
    const out: Tx[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await post<GetBody>(w, '/transactions/get', {
        ...auth(w.clientA),
        access_token: token,
        start_date: '2020-01-01',
        end_date: '2030-01-01',
        options: { count: 500, offset },
      });
      expect(r.status).toBe(200);
      out.push(...r.body.transactions);
      if (out.length >= r.body.total_transactions) return out;
    }
  }

  it('honours the not-ready window, then serves the initial 30 days, then the history, with webhooks in the outbox', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    const first = await sync(accessToken);
    expect(first.body).toMatchObject({
      added: [],
      modified: [],
      removed: [],
      next_cursor: '',
      has_more: false,
    });
    expect(first.body.transactions_update_status).toBe('NOT_READY');
    const notReady = await post(w, '/transactions/get', {
      ...auth(w.clientA),
      access_token: accessToken,
      start_date: '2026-01-01',
      end_date: '2026-12-31',
    });
    expect(notReady.status).toBe(400);
    expect(notReady.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'PRODUCT_NOT_READY' });

    clock.advance(PULL_DELAYS_MS.initial);
    const initial = new Map<string, Tx>();
    const cursor = await syncAll(accessToken, initial);
    const status = (await sync(accessToken, { cursor })).body.transactions_update_status;
    expect(status).toBe('INITIAL_UPDATE_COMPLETE');
    expect(initial.size).toBeGreaterThan(20);
    for (const t of initial.values()) expect(t.date >= '2026-10-29').toBe(true);

    clock.advance(PULL_DELAYS_MS.historical);
    const rest = await sync(accessToken, { cursor, count: 500 });
    expect(rest.body.transactions_update_status).toBe('HISTORICAL_UPDATE_COMPLETE');
    expect(rest.body.added.length).toBe(500);
    expect(rest.body.added.every((t) => t.date < '2026-11-02')).toBe(true);

    const events = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_code', 'payload', 'created_at'])
      .where('item_id', '=', itemId)
      .orderBy('id')
      .execute();
    expect(events.map((e) => e.webhook_code)).toEqual([
      'INITIAL_UPDATE',
      'SYNC_UPDATES_AVAILABLE',
      'HISTORICAL_UPDATE',
      'SYNC_UPDATES_AVAILABLE',
    ]);
    expect(JSON.parse(events[0]!.payload)).toMatchObject({ new_transactions: initial.size, item_id: itemId });
    expect(JSON.parse(events[3]!.payload)).toMatchObject({
      initial_update_complete: true,
      historical_update_complete: true,
      environment: 'sandbox',
    });
  });

  it('syncs from the empty cursor to the end across modifications and removals, missing and duplicating nothing', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    settle();
    const store = new Map<string, Tx>();
    let cursor = await syncAll(accessToken, store, '', 250);
    expect(store.size).toBeGreaterThan(1200);

    const removedSeen = new Set<string>();
    const linked: Tx[] = [];
    for (let round = 0; round < 4; round++) {
      const adv = await post<{ added: number; removed: number; modified: number }>(
        w,
        '/weft/sandbox/clock/advance',
        {
          ...auth(w.clientA),
          access_token: accessToken,
          days: 2,
        },
      );
      expect(adv.status).toBe(200);
      const before = new Set(store.keys());
      const r = await sync(accessToken, { cursor, count: 7 });
      expect(r.status).toBe(200);
      cursor = await syncAll(accessToken, store, cursor, 7);
      for (const id of before) if (!store.has(id)) removedSeen.add(id);
      for (const t of store.values())
        if (t.pending_transaction_id && removedSeen.has(t.pending_transaction_id)) linked.push(t);
    }
    expect(removedSeen.size).toBeGreaterThan(0);
    expect(linked.length, 'posted transactions point at the pendings they replace').toBeGreaterThan(0);

    const live = await getAll(accessToken);
    expect(new Set(live.map((t) => t.transaction_id))).toEqual(new Set(store.keys()));
    for (const t of live) expect(store.get(t.transaction_id)!.amount).toBe(t.amount);
  });

  it('reports TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION and recovers from the start of the run', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    settle();
    const start = await sync(accessToken, { count: 100 });
    expect(start.body.has_more).toBe(true);
    await post(w, '/weft/sandbox/clock/advance', { ...auth(w.clientA), access_token: accessToken, days: 1 });
    const broken = await sync(accessToken, { cursor: start.body.next_cursor, count: 100 });
    expect(broken.status).toBe(400);
    expect(broken.body).toMatchObject({
      error_type: 'TRANSACTIONS_ERROR',
      error_code: 'TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION',
    });
    const store = new Map<string, Tx>();
    await syncAll(accessToken, store, '', 100);
    expect(store.size).toBe((await getAll(accessToken)).length);
  });

  it('keeps balances equal to opening balance + posted history for every account, before and after time moves', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    settle();
    await sync(accessToken);
    const check = async () => {
      const state = await w.ctx.db
        .selectFrom('transactions_state')
        .selectAll()
        .where('item_id', '=', itemId)
        .executeTakeFirstOrThrow();
      const opening = JSON.parse(state.opening_balances) as Record<string, number>;
      const accounts = await w.ctx.db
        .selectFrom('accounts')
        .selectAll()
        .where('item_id', '=', itemId)
        .execute();
      const txs = await w.ctx.db
        .selectFrom('transactions')
        .select(['account_id', 'amount'])
        .where('item_id', '=', itemId)
        .where('removed', '=', 0)
        .where('pending', '=', 0)
        .execute();
      let checked = 0;
      for (const a of accounts) {
        if (!(a.account_id in opening)) continue;
        const sign = a.type === 'credit' || a.type === 'loan' ? 1 : -1;
        const posted = txs
          .filter((t) => t.account_id === a.account_id)
          .reduce((s, t) => s + Number(t.amount), 0);
        expect(opening[a.account_id]! + sign * posted, a.name).toBe(a.balance_current);
        checked++;
      }
      expect(checked).toBe(8);
    };
    await check();
    await post(w, '/weft/sandbox/clock/advance', { ...auth(w.clientA), access_token: accessToken, days: 10 });
    await check();
  });

  it('serves /transactions/get with dates, count/offset, account_ids and Plaid errors', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    settle();
    const base = {
      ...auth(w.clientA),
      access_token: accessToken,
      start_date: '2026-06-01',
      end_date: '2026-06-30',
    };
    const june = await post<GetBody>(w, '/transactions/get', { ...base, options: { count: 10, offset: 5 } });
    expect(june.status).toBe(200);
    if (spec) expect(spec.validate('/transactions/get', 200, june.body)).toEqual([]);
    expect(june.body.transactions).toHaveLength(10);
    expect(june.body.total_transactions).toBeGreaterThan(40);
    const dates = june.body.transactions.map((t) => t.date);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates.every((d) => d >= '2026-06-01' && d <= '2026-06-30')).toBe(true);

    const card = june.body.accounts.find((a) => a.type === 'credit')!;
    const onCard = await post<GetBody>(w, '/transactions/get', {
      ...base,
      options: { account_ids: [card.account_id] },
    });
    expect(onCard.body.accounts.map((a) => a.account_id)).toEqual([card.account_id]);
    expect(onCard.body.transactions.every((t) => t.account_id === card.account_id)).toBe(true);

    const other = await createItem(w, w.clientA);
    const foreign = (
      await post<GetBody>(w, '/accounts/get', { ...auth(w.clientA), access_token: other.accessToken })
    ).body.accounts[0]!.account_id;
    const bad = await post(w, '/transactions/get', { ...base, options: { account_ids: [foreign] } });
    expect(bad.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
    const reversed = await post(w, '/transactions/get', { ...base, start_date: '2026-07-01' });
    expect(reversed.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const tooMany = await post(w, '/transactions/get', { ...base, options: { count: 501 } });
    expect(tooMany.body).toMatchObject({ error_type: 'INVALID_REQUEST' });
  });

  it('supports the "now" cursor, per-account sync, v1 categories, and rejects foreign or broken cursors', async () => {
    const a = await createItem(w, w.clientA);
    const b = await createItem(w, w.clientA);
    settle();
    const now = await sync(a.accessToken, { cursor: 'now' });
    expect(now.body.added).toEqual([]);
    await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: a.accessToken,
      days: 3,
    });
    const after = await sync(a.accessToken, { cursor: now.body.next_cursor });
    expect(after.body.added.length).toBeGreaterThan(0);
    expect(after.body.added.every((t) => t.date >= '2026-11-25')).toBe(true);

    const accountId = after.body.accounts[0]!.account_id;
    const one = await sync(a.accessToken, { options: { account_id: accountId }, count: 50 });
    expect(one.body.added.every((t) => t.account_id === accountId)).toBe(true);
    const mixed = await sync(a.accessToken, { cursor: one.body.next_cursor });
    expect(mixed.body).toMatchObject({ error_code: 'INVALID_FIELD' });

    const v1 = await sync(a.accessToken, {
      count: 500,
      options: { personal_finance_category_version: 'v1' },
    });
    const codes = new Set(v1.body.added.map((t) => t.personal_finance_category.detailed));
    expect(codes.has('INCOME_WAGES') || codes.has('INCOME_OTHER_INCOME') || !codes.has('INCOME_SALARY')).toBe(
      true,
    );

    const foreign = await sync(a.accessToken, { cursor: (await sync(b.accessToken)).body.next_cursor });
    expect(foreign.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const garbage = await sync(a.accessToken, { cursor: 'not-a-cursor' });
    expect(garbage.body).toMatchObject({ error_code: 'INVALID_FIELD' });
    const big = await sync(a.accessToken, { count: 501 });
    expect(big.status).toBe(400);
  });

  it('finds recurring streams: payroll and subscriptions', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    settle();
    const r = await post<{
      inflow_streams: {
        frequency: string;
        personal_finance_category: { detailed: string } | null;
        status: string;
      }[];
      outflow_streams: {
        merchant_name: string | null;
        frequency: string;
        average_amount: { amount: number };
      }[];
    }>(w, '/transactions/recurring/get', { ...auth(w.clientA), access_token: accessToken });
    expect(r.status).toBe(200);
    if (spec) expect(spec.validate('/transactions/recurring/get', 200, r.body)).toEqual([]);
    const payroll = r.body.inflow_streams.find(
      (s) => s.personal_finance_category?.detailed === 'INCOME_SALARY',
    );
    expect(payroll?.status).toBe('MATURE');
    expect(['BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY']).toContain(payroll?.frequency);
    expect(r.body.outflow_streams.filter((s) => s.frequency === 'MONTHLY').length).toBeGreaterThan(5);
  });

  it('forgets an Item’s transactions when the Item is removed', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    settle();
    await sync(accessToken);
    const count = async () =>
      Number(
        (
          await w.ctx.db
            .selectFrom('transactions')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('item_id', '=', itemId)
            .executeTakeFirstOrThrow()
        ).n,
      );
    expect(await count()).toBeGreaterThan(0);
    expect((await post(w, '/item/remove', { ...auth(w.clientA), access_token: accessToken })).status).toBe(
      200,
    );
    expect(await count()).toBe(0);
  });

  it("never lets client B use client A's access token", async () => {
    const { accessToken } = await createItem(w, w.clientA);
    settle();
    for (const [url, extra] of [
      ['/transactions/sync', {}],
      ['/transactions/get', { start_date: '2026-01-01', end_date: '2026-12-31' }],
      ['/transactions/refresh', {}],
      ['/transactions/recurring/get', {}],
      [
        '/sandbox/transactions/create',
        {
          transactions: [
            { date_transacted: '2026-11-27', date_posted: '2026-11-28', amount: 1, description: 'X' },
          ],
        },
      ],
      ['/weft/sandbox/clock/advance', { days: 1 }],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientB), access_token: accessToken, ...extra });
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
    }
  });
});
