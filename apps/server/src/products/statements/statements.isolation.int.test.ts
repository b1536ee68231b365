import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';
import { download, downloadPdf, list } from './statements.test-kit';

/** Client B can neither list, download nor refresh client A's statements. */
describe('statements: tenant isolation', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  it("refuses client B on client A's Item and statements, and leaves A's statements and outbox as they were", async () => {
    const window = { start_date: '2026-08-01', end_date: '2026-10-31' };
    const a = await createItem(w, w.clientA, {
      initial_products: ['statements'],
      options: { statements: window },
    });
    const b = await createItem(w, w.clientB, {
      initial_products: ['statements'],
      options: { statements: window },
    });
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const before = await list(w, w.clientA, a.accessToken);
    expect(before.status).toBe(200);
    const statementId = before.body.accounts[0]!.statements[0]!.statement_id;
    const pdf = await downloadPdf(w, w.clientA, a.accessToken, statementId);

    // A's access token is no token of B's.
    const listed = await list(w, w.clientB, a.accessToken);
    expect([listed.status, listed.body]).toMatchObject([400, { error_code: 'INVALID_ACCESS_TOKEN' }]);
    const fetched = await download(w, w.clientB, a.accessToken, statementId);
    expect([fetched.status, fetched.json().error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN']);
    const refreshed = await post(w, '/statements/refresh', {
      ...auth(w.clientB),
      access_token: a.accessToken,
      start_date: '2026-01-01',
      end_date: '2026-02-28',
    });
    expect([refreshed.status, refreshed.body.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN']);

    // B's own Item does not reach A's statements by id.
    expect((await list(w, w.clientB, b.accessToken)).status).toBe(200);
    const byId = await download(w, w.clientB, b.accessToken, statementId);
    expect([byId.status, byId.json().error_code]).toEqual([400, 'INVALID_FIELD']);
    const ownIds = (await list(w, w.clientB, b.accessToken)).body.accounts.flatMap((x) =>
      x.statements.map((s) => s.statement_id),
    );
    expect(ownIds).not.toContain(statementId);
    expect(ownIds.length).toBeGreaterThan(0);

    // A sees exactly what it saw: no window added by B's refresh, no webhook queued for it.
    const after = await list(w, w.clientA, a.accessToken);
    expect(after.body.accounts).toEqual(before.body.accounts);
    expect((await downloadPdf(w, w.clientA, a.accessToken, statementId)).equals(pdf)).toBe(true);
    const hooks = await w.ctx.db
      .selectFrom('outbox')
      .select('id')
      .where('item_id', '=', a.itemId)
      .where('webhook_type', '=', 'STATEMENTS')
      .execute();
    expect(hooks).toEqual([]);
  });
});
