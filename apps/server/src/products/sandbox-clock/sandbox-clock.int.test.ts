import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';

interface Tx {
  transaction_id: string;
  pending: boolean;
  pending_transaction_id: string | null;
  amount: number;
}
interface SyncBody {
  added: Tx[];
  modified: Tx[];
  removed: { transaction_id: string }[];
  next_cursor: string;
  has_more: boolean;
}

describe('/weft/sandbox/clock/advance', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function drain(token: string, cursor: string): Promise<{ body: SyncBody; cursor: string }> {
    const all: SyncBody = { added: [], modified: [], removed: [], next_cursor: cursor, has_more: true };
    let next = cursor;
    while (all.has_more) {
      const r = await post<SyncBody>(w, '/transactions/sync', {
        ...auth(w.clientA),
        access_token: token,
        cursor: next,
        count: 500,
      });
      expect(r.status).toBe(200);
      all.added.push(...r.body.added);
      all.modified.push(...r.body.modified);
      all.removed.push(...r.body.removed);
      all.has_more = r.body.has_more;
      next = r.body.next_cursor;
    }
    return { body: all, cursor: next };
  }

  it('moves an Item through time: new transactions, pendings post or drop, balances move, webhooks queue', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      options: { webhook: 'http://127.0.0.1:9/hook' },
    });
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const start = await drain(accessToken, '');
    const pendings = start.body.added.filter((t) => t.pending);
    const balancesBefore = await post<{ accounts: { balances: { current: number } }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });

    const r = await post<{
      simulated_date: string;
      clock_offset_days: number;
      added: number;
      removed: number;
      modified: number;
    }>(w, '/weft/sandbox/clock/advance', { ...auth(w.clientA), access_token: accessToken, days: 5 });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ simulated_date: '2026-12-03', clock_offset_days: 5 });
    expect(r.body).not.toHaveProperty('request_id');
    expect(r.body.added).toBeGreaterThan(0);

    const after = await drain(accessToken, start.cursor);
    expect(after.body.added.length).toBe(r.body.added);
    const removed = new Set(after.body.removed.map((t) => t.transaction_id));
    for (const p of pendings)
      expect(removed.has(p.transaction_id), 'every old pending has settled by now').toBe(true);
    const posted = after.body.added.filter(
      (t) => t.pending_transaction_id && removed.has(t.pending_transaction_id),
    );
    expect(posted.length).toBeGreaterThan(0);

    const balancesAfter = await post<{ accounts: { balances: { current: number } }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(balancesAfter.body.accounts.map((a) => a.balances.current)).not.toEqual(
      balancesBefore.body.accounts.map((a) => a.balances.current),
    );

    const codes = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_code', 'status'])
      .where('item_id', '=', itemId)
      .where('created_at', '>=', clock.now().toISOString())
      .execute();
    expect(codes.map((c) => c.webhook_code)).toEqual(
      expect.arrayContaining(['SYNC_UPDATES_AVAILABLE', 'DEFAULT_UPDATE', 'TRANSACTIONS_REMOVED']),
    );
    expect(codes.every((c) => c.status === 'pending')).toBe(true);

    const schemas: Record<string, string> = {
      INITIAL_UPDATE: 'InitialUpdateWebhook',
      HISTORICAL_UPDATE: 'HistoricalUpdateWebhook',
      DEFAULT_UPDATE: 'DefaultUpdateWebhook',
      TRANSACTIONS_REMOVED: 'TransactionsRemovedWebhook',
      SYNC_UPDATES_AVAILABLE: 'SyncUpdatesAvailableWebhook',
    };
    const all = await w.ctx.db
      .selectFrom('outbox')
      .select(['webhook_code', 'payload'])
      .where('item_id', '=', itemId)
      .execute();
    expect(new Set(all.map((e) => e.webhook_code))).toEqual(new Set(Object.keys(schemas)));
    for (const e of all)
      expect(webhookProblems(schemas[e.webhook_code]!, JSON.parse(e.payload)) ?? [], e.webhook_code).toEqual(
        [],
      );
  });

  it('shows amount changes of still-pending transactions as modified (a fuel hold adjusting)', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    let { cursor } = await drain(accessToken, '');
    let modified = 0;
    for (let day = 0; day < 30 && modified === 0; day++) {
      await post(w, '/weft/sandbox/clock/advance', {
        ...auth(w.clientA),
        access_token: accessToken,
        days: 1,
      });
      const next = await drain(accessToken, cursor);
      cursor = next.cursor;
      modified += next.body.modified.length;
    }
    expect(modified).toBeGreaterThan(0);
  });

  it('reads where the clock stands with days = 0 and validates input', async () => {
    const { accessToken } = await createItem(w, w.clientA);
    const r = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: accessToken,
      days: 0,
    });
    expect(r.body).toMatchObject({ clock_offset_days: 0, added: 0 });
    const bad = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: accessToken,
      days: -1,
    });
    expect(bad.status).toBe(400);
    const other = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientB),
      access_token: accessToken,
      days: 1,
    });
    expect(other.body).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
  });
});
