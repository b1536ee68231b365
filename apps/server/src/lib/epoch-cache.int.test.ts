import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../test/harness';

describe('read caches never serve stale data', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('sees writes made through Weft', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    const get = () =>
      post<{ accounts: { balances: { current: number } }[]; item: { webhook: string } }>(w, '/accounts/get', {
        ...auth(w.clientA),
        access_token: accessToken,
      });
    expect((await get()).body.item.webhook).toBe('');
    await post(w, '/item/webhook/update', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook: 'https://example.com/a',
    });
    expect((await get()).body.item.webhook).toBe('https://example.com/a');

    const first = (
      await w.ctx.db
        .selectFrom('accounts')
        .select('account_id')
        .where('item_id', '=', itemId)
        .orderBy('position')
        .executeTakeFirstOrThrow()
    ).account_id;
    await w.ctx.db
      .updateTable('accounts')
      .set({ balance_current: 12345 })
      .where('account_id', '=', first)
      .execute();
    expect((await get()).body.accounts[0]!.balances.current).toBe(123.45);

    const rotated = await post<{ new_access_token: string }>(w, '/item/access_token/invalidate', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect((await get()).status).toBe(400);
    expect(
      (await post(w, '/accounts/get', { ...auth(w.clientA), access_token: rotated.body.new_access_token }))
        .status,
    ).toBe(200);
  });

  it('sees writes another process commits to the same SQLite file', async () => {
    // PostgreSQL: see db/change-feed.int.test.ts and http/shared-state.int.test.ts.
    if (w.ctx.dialect !== 'sqlite') return;
    const { accessToken, itemId } = await createItem(w, w.clientA);
    const get = () =>
      post<{ accounts: { name: string }[] }>(w, '/accounts/get', {
        ...auth(w.clientA),
        access_token: accessToken,
      });
    expect((await get()).body.accounts[0]!.name).toBe('Plaid Checking');
    const file = w.config.database.dialect === 'sqlite' ? w.config.database.file : '';
    const other = new SQLite(file);
    other
      .prepare("UPDATE accounts SET name = 'Renamed elsewhere' WHERE item_id = ? AND position = 0")
      .run(itemId);
    other.close();
    expect((await get()).body.accounts[0]!.name).toBe('Renamed elsewhere');
  });
});
