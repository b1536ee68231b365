import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOfx } from '../../connectors/files/generate-ofx';
import { FixedClock } from '../../lib/clock';
import { createTestWeft, type TestWeft } from '../../test/harness';
import { camtStatement } from '../statement-import/statement-fixtures.test-kit';
import type { LinkPane } from './link-session.contract';
import { filesKit, NOVEMBER, OCTOBER } from './link-session.files.test-kit';

/**
 * The Item statement uploads make for a Link session before the user shares it: one per session,
 * and never left behind when the user leaves, leaves mid-upload, or simply stops.
 */

let weft: TestWeft;
const { linkToken, call, atUpload, upload, itemCount } = filesKit(() => weft);
const clock = new FixedClock(new Date('2026-12-01T12:00:00Z'));

beforeAll(async () => {
  weft = await createTestWeft({ clock });
});
afterAll(async () => {
  await weft.close();
});

describe("Link uploads: the session's own Item", () => {
  it('makes one Item for a session even when files arrive in calls at the same time', async () => {
    const before = await itemCount(weft.clientA);
    const token = await linkToken();
    const id = await atUpload(token);
    const answers = await Promise.all([
      upload(token, id, { 'october.ofx': OCTOBER }),
      upload(token, id, { 'november.xml': camtStatement() }),
      upload(token, id, { 'november.ofx': NOVEMBER }),
    ]);
    expect(answers.map((a) => a.body.files[0]?.ok)).toEqual([true, true, true]);
    expect(await itemCount(weft.clientA)).toBe(before + 1);
    const choose = await call<LinkPane>(token, 'files/continue', { link_session_id: id });
    if (choose.body.pane !== 'select_account') throw new Error(JSON.stringify(choose.body));
    expect(choose.body.accounts).toHaveLength(2);
  });

  it('leaves no Item behind when the user exits while a file is being imported', async () => {
    const before = await itemCount(weft.clientA);
    for (let round = 0; round < 3; round++) {
      const token = await linkToken();
      const id = await atUpload(token);
      const [sent, left] = await Promise.all([
        upload(token, id, { 'big.ofx': generateOfx(2000) }),
        new Promise((r) => setTimeout(r, round * 15)).then(() =>
          call(token, 'exit', { link_session_id: id, error: null }),
        ),
      ]);
      expect(left.status).toBe(200);
      expect([200, 400]).toContain(sent.status);
      expect(await itemCount(weft.clientA), `round ${round}`).toBe(before);
    }
  });

  it('removes the Item its uploads made when the user leaves without sharing it', async () => {
    const before = await itemCount(weft.clientA);
    const token = await linkToken();
    const id = await atUpload(token);
    await upload(token, id, { 'october.ofx': OCTOBER });
    expect(await itemCount(weft.clientA)).toBe(before + 1);
    const exit = await call<{ metadata: { status: string; institution: { institution_id: string } } }>(
      token,
      'exit',
      { link_session_id: id, error: null },
    );
    expect(exit.body.metadata).toMatchObject({
      status: 'requires_credentials',
      institution: { institution_id: 'ins_weft_files' },
    });
    expect(await itemCount(weft.clientA)).toBe(before);

    const again = await linkToken();
    const other = await atUpload(again);
    await upload(again, other, { 'october.ofx': OCTOBER });
    await call(again, 'back', { link_session_id: other });
    expect(await itemCount(weft.clientA)).toBe(before);
  });

  it('removes an unshared Item with its expired link token when the session simply stopped', async () => {
    const itemOf = async (sessionId: string) => {
      const row = await weft.ctx.db
        .selectFrom('link_sessions')
        .select('state')
        .where('link_session_id', '=', sessionId)
        .executeTakeFirstOrThrow();
      return (JSON.parse(row.state) as { filesItemId?: string }).filesItemId ?? '';
    };
    const exists = async (itemId: string) =>
      (await weft.ctx.db.selectFrom('items').select('item_id').where('item_id', '=', itemId).execute())
        .length;
    const token = await linkToken();
    const id = await atUpload(token);
    await upload(token, id, { 'october.ofx': OCTOBER });
    const unshared = await itemOf(id);
    const shared = await linkToken();
    const sharedId = await atUpload(shared);
    await upload(shared, sharedId, { 'november.ofx': NOVEMBER });
    const sharedItem = await itemOf(sharedId);
    const pick = await call<LinkPane>(shared, 'files/continue', { link_session_id: sharedId });
    if (pick.body.pane !== 'select_account') throw new Error(JSON.stringify(pick.body));
    await call(shared, 'select', {
      link_session_id: sharedId,
      account_ids: pick.body.accounts.map((a) => a.id),
    });
    expect([await exists(unshared), await exists(sharedItem)]).toEqual([1, 1]);

    clock.advance(5 * 60 * 60 * 1000);
    await linkToken();
    expect([await exists(unshared), await exists(sharedItem)]).toEqual([0, 1]);
  });
});
