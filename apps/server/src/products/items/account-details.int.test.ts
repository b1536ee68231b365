import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { parseOwners } from './account-details.store';

describe('account numbers and owners in the store', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  const call = (path: string, accessToken: string) =>
    post<Record<string, unknown>>(w, path, { ...auth(w.clientA), access_token: accessToken });
  const rows = async (itemId: string) => ({
    owners: await w.ctx.db.selectFrom('account_owners').selectAll().where('item_id', '=', itemId).execute(),
    numbers: await w.ctx.db.selectFrom('account_numbers').selectAll().where('item_id', '=', itemId).execute(),
  });

  it("are written with the Item's accounts, and Auth and Identity then never ask the connector", async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth', 'identity'],
    });
    const stored = await rows(itemId);
    expect(stored.owners).toHaveLength(10);
    expect(stored.numbers.map((n) => n.origin)).toEqual(['connector', 'connector', 'connector']);
    for (const o of stored.owners)
      expect(parseOwners(o.owners)[0]?.names).toEqual(['Alberta Bobbeth Charleson']);

    const sandbox = w.ctx.connectors.get('sandbox');
    const details = vi.spyOn(sandbox, 'details');
    try {
      expect((await call('/auth/get', accessToken)).status).toBe(200);
      expect((await call('/identity/get', accessToken)).status).toBe(200);
      expect(details).not.toHaveBeenCalled();
    } finally {
      details.mockRestore();
    }
  });

  it('are asked of the connector once, on first read, for an Item made before the store kept them', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      institution_id: 'ins_43',
      initial_products: ['auth', 'identity'],
    });
    const authBefore = await call('/auth/get', accessToken);
    const identityBefore = await call('/identity/get', accessToken);
    expect(authBefore.status).toBe(200);
    await w.ctx.db.deleteFrom('account_owners').where('item_id', '=', itemId).execute();
    await w.ctx.db.deleteFrom('account_numbers').where('item_id', '=', itemId).execute();

    const sandbox = w.ctx.connectors.get('sandbox');
    const details = vi.spyOn(sandbox, 'details');
    try {
      const authAfter = await call('/auth/get', accessToken);
      const identityAfter = await call('/identity/get', accessToken);
      expect(authAfter.body.numbers).toEqual(authBefore.body.numbers);
      expect(identityAfter.body.accounts).toEqual(identityBefore.body.accounts);
      expect(details).toHaveBeenCalledTimes(1);
    } finally {
      details.mockRestore();
    }
    const stored = await rows(itemId);
    expect(stored.owners.length).toBeGreaterThan(0);
    expect(stored.numbers.length).toBeGreaterThan(0);
    expect(stored.numbers.every((n) => n.origin === 'connector' && n.eft_institution === '021')).toBe(true);
  });

  it('refuses stored owners that do not match the owner schema', () => {
    expect(() => parseOwners('[{"names":"not a list"}]')).toThrow();
    expect(parseOwners('[]')).toEqual([]);
  });
});
