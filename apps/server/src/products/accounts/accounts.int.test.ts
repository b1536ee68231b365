import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { AccountsRepository } from './accounts.repository';

describe('accounts', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('returns the familiar user_good accounts with balances', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    const r = await post<{
      accounts: {
        mask: string;
        name: string;
        balances: { current: number; available: number | null; limit: number | null };
      }[];
      item: { item_id: string };
      request_id: string;
    }>(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken });
    expect(r.status).toBe(200);
    expect(r.body.item.item_id).toBe(itemId);
    expect(r.body.accounts.map((a) => a.mask)).toEqual([
      '0000',
      '1111',
      '2222',
      '3333',
      '4444',
      '5555',
      '6666',
      '7777',
      '8888',
      '9999',
    ]);
    const checking = r.body.accounts[0]!;
    expect(checking.name).toBe('Plaid Checking');
    expect(checking.balances).toMatchObject({ current: 110, available: 100, limit: null });
    expect(r.body.accounts[3]!.balances.limit).toBe(2000);
    expect(r.body.request_id).toBe(r.headers['x-request-id']);
  });

  it('serves repeated reads from one serialization, yet shows every change and a fresh request_id', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA);
    const body = { ...auth(w.clientA), access_token: accessToken };
    for (const url of ['/accounts/get', '/accounts/balance/get']) {
      const first = await w.app.inject({ method: 'POST', url, payload: body });
      const second = await w.app.inject({ method: 'POST', url, payload: body });
      expect(second.headers['content-type']).toBe('application/json; charset=utf-8');
      const [a, b] = [first.json(), second.json()];
      expect(b.request_id).toBe(second.headers['x-request-id']);
      expect(b.request_id).not.toBe(a.request_id);
      expect(Object.keys(b).at(-1)).toBe('request_id');
      expect({ ...b, request_id: a.request_id }).toEqual(a);
    }

    // A write anywhere (here a balance update) is seen by the very next read.
    const before = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', body);
    const checking = before.body.accounts[0]!.account_id;
    await new AccountsRepository(w.ctx.db).setBalances(
      itemId,
      checking,
      { current: 123_45, available: 120_00 },
      new Date().toISOString(),
    );
    for (const url of ['/accounts/get', '/accounts/balance/get']) {
      const after = await post<{ accounts: { balances: { current: number; available: number } }[] }>(
        w,
        url,
        body,
      );
      expect(after.body.accounts[0]!.balances).toMatchObject({ current: 123.45, available: 120 });
    }
  });

  it("filters by account_ids and rejects ids that are not the Item's", async () => {
    const a = await createItem(w, w.clientA);
    const b = await createItem(w, w.clientA);
    const all = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: a.accessToken,
    });
    const first = all.body.accounts[0]!.account_id;
    const one = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: a.accessToken,
      options: { account_ids: [first] },
    });
    expect(one.body.accounts.map((x) => x.account_id)).toEqual([first]);
    const other = await post(w, '/accounts/balance/get', {
      ...auth(w.clientA),
      access_token: b.accessToken,
      options: { account_ids: [first] },
    });
    expect(other.status).toBe(400);
    expect(other.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCOUNT_ID' });
  });

  it("never lets client B use client A's access token", async () => {
    const { accessToken } = await createItem(w, w.clientA);
    for (const [url, extra] of [
      ['/accounts/get', {}],
      ['/accounts/balance/get', {}],
      ['/item/get', {}],
      ['/item/webhook/update', { webhook: 'https://example.com/hook' }],
      ['/item/access_token/invalidate', {}],
      ['/item/remove', {}],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientB), access_token: accessToken, ...extra });
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
    }
    const stillThere = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: accessToken });
    expect(stillThere.status).toBe(200);
  });
});
