import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';

// An Item linked without transactions starts its pull on the first product call that needs it.
// Requests that arrive together must start it once: on PostgreSQL each would otherwise find no
// state, and all but one would fail on the state row's key.
describe('the first transactions pull, asked for by requests at once', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('starts once, and every request is answered', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, { initial_products: ['auth'] });
    const calls = Array.from({ length: 8 }, (_, i) =>
      i % 2 === 0
        ? post(w, '/transactions/sync', { ...auth(w.clientA), access_token: accessToken })
        : post(w, '/transactions/refresh', { ...auth(w.clientA), access_token: accessToken }),
    );
    const answers = await Promise.all(calls);
    for (const r of answers) expect(r.status, JSON.stringify(r.body)).toBe(200);
    const states = await w.ctx.db
      .selectFrom('transactions_state')
      .select('item_id')
      .where('item_id', '=', itemId)
      .execute();
    expect(states).toHaveLength(1);
    const initial = await w.ctx.db
      .selectFrom('outbox')
      .select('webhook_code')
      .where('item_id', '=', itemId)
      .execute();
    expect(initial.filter((r) => r.webhook_code === 'INITIAL_UPDATE')).toHaveLength(1);
  });
});
