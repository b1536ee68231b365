import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { AccountsRepository } from '../accounts/accounts.repository';
import { loadHistory, PULL_DELAYS_MS } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { BACKFILL_CHUNK, backfillData } from './item-data.backfill';
import { linkedSourceOf } from './item-login';
import { ItemsRepository } from './items.repository';

interface SyncBody {
  added: { transaction_id: string }[];
  next_cursor: string;
  has_more: boolean;
  transactions_update_status: string;
}

/**
 * A sandbox Item's 24-month history is stored in bounded chunks, out of sight until the last one
 * is in, and a load interrupted halfway completes when run again.
 */
describe('history loads in chunks', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-28T12:00:00Z'));

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function syncAll(
    accessToken: string,
    from = '',
  ): Promise<{ ids: string[]; status: string; cursor: string }> {
    const ids: string[] = [];
    let cursor = from;
    for (;;) {
      const r = await post<SyncBody>(w, '/transactions/sync', {
        ...auth(w.clientA),
        access_token: accessToken,
        cursor,
        count: 500,
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      ids.push(...r.body.added.map((t) => t.transaction_id));
      cursor = r.body.next_cursor;
      if (!r.body.has_more) return { ids, status: r.body.transactions_update_status, cursor };
    }
  }

  async function itemOf(itemId: string) {
    const item = await new ItemsRepository(w.ctx.db).find(w.clientA.clientId, itemId);
    if (!item) throw new Error('no item');
    return item;
  }

  it('yields to the event loop between chunks, and stores each row once however often it runs', async () => {
    clock.set(new Date('2026-11-28T12:00:00Z'));
    const { itemId } = await createItem(w, w.clientA);
    const item = await itemOf(itemId);
    const accounts = await new AccountsRepository(w.ctx.db).listAll(itemId);
    const connector = w.ctx.connectors.get(item.connector);
    const state = (await new TransactionsRepository(w.ctx.db).state(itemId))!;
    const read = await connector.refresh(linkedSourceOf(item), state.history_start, {
      day: state.sim_date,
      previous: null,
      accounts: accounts.map((a) => ({
        id: a.account_id,
        position: a.position,
        mask: a.mask,
        type: a.type,
        subtype: a.subtype,
        currency: a.iso_currency_code,
        current: a.balance_current,
      })),
    });
    expect(read.transactions.length).toBeGreaterThan(3 * BACKFILL_CHUNK);

    // Counts turns of the event loop while the loads run (none pass while work holds the loop).
    let turns = 0;
    let counting = true;
    const tick = () => {
      turns++;
      if (counting) setImmediate(tick);
    };
    setImmediate(tick);
    const now = clock.now().toISOString();
    const opts = { version: 2, now, created: accounts };
    const [a, b] = await Promise.all([
      backfillData(w.ctx.db, item, read, opts),
      backfillData(w.ctx.db, item, read, opts),
    ]);
    counting = false;
    expect(turns).toBeGreaterThanOrEqual(Math.ceil(read.transactions.length / BACKFILL_CHUNK));
    const history = await w.ctx.db
      .selectFrom('transactions')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('item_id', '=', itemId)
      .where('added_version', '=', 2)
      .executeTakeFirstOrThrow();
    expect(Number(history.n)).toBeGreaterThan(2 * BACKFILL_CHUNK);
    // Two loads that meet store each row once, between them.
    expect(a + b).toBeGreaterThanOrEqual(Number(history.n));
    expect(await backfillData(w.ctx.db, item, read, opts)).toBe(0);
  });

  it('keeps a half-stored history out of sight, and completes it when the load runs again', async () => {
    clock.set(new Date('2026-11-28T12:00:00Z'));
    const created = await createItem(w, w.clientA);
    const reference = await createItem(w, w.clientA, { options: { override_username: 'user_good' } });
    clock.advance(PULL_DELAYS_MS.initial + 100);
    const initial = await syncAll(created.accessToken);
    expect(initial.status).toBe('INITIAL_UPDATE_COMPLETE');

    // A load that stopped after its first chunks: rows are stored but the pull is not complete.
    const item = await itemOf(created.itemId);
    const accounts = await new AccountsRepository(w.ctx.db).listAll(item.item_id);
    const state = (await new TransactionsRepository(w.ctx.db).state(item.item_id))!;
    const connector = w.ctx.connectors.get(item.connector);
    const read = await connector.refresh(linkedSourceOf(item), state.history_start, {
      day: state.sim_date,
      previous: null,
      accounts: accounts.map((a) => ({
        id: a.account_id,
        position: a.position,
        mask: a.mask,
        type: a.type,
        subtype: a.subtype,
        currency: a.iso_currency_code,
        current: a.balance_current,
      })),
    });
    const partial = { ...read, transactions: read.transactions.slice(0, 2 * BACKFILL_CHUNK) };
    const stored = await backfillData(w.ctx.db, item, partial, {
      version: state.initial_seq + 1,
      now: clock.now().toISOString(),
      created: accounts,
    });
    expect(stored).toBeGreaterThan(BACKFILL_CHUNK);
    const meanwhile = await syncAll(created.accessToken, initial.cursor);
    expect(meanwhile).toMatchObject({ ids: [], status: 'INITIAL_UPDATE_COMPLETE' });

    // Once the history is due, the next read completes the load, counting every row in its webhook.
    clock.advance(PULL_DELAYS_MS.historical);
    const after = await syncAll(created.accessToken);
    expect(after.status).toBe('HISTORICAL_UPDATE_COMPLETE');
    expect(await loadHistory(w.ctx.db, connector, item, clock.now())).toBe(false);
    expect(after.ids.length).toBe((await syncAll(reference.accessToken)).ids.length);
    const webhook = await w.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('item_id', '=', item.item_id)
      .where('webhook_code', '=', 'HISTORICAL_UPDATE')
      .executeTakeFirstOrThrow();
    const payload = JSON.parse(webhook.payload) as { new_transactions: number };
    expect(payload.new_transactions).toBe(after.ids.length - initial.ids.length);
  });
});
