import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkPane, LinkStartResponse } from '../link-session/link-session.contract';
import { b64, OFX_OCTOBER, ofxChecking } from '../statement-import/statement-fixtures.test-kit';

let w: TestWeft;
const clock = new FixedClock(new Date('2026-12-01T12:00:00Z'));

beforeAll(async () => {
  w = await createTestWeft({ clock });
});
afterAll(() => w.close());

/** Every column of a raw row as one string, to look for clear text anywhere in it. */
function rawText(row: object): string {
  return Object.values(row)
    .map((v) => String(v))
    .join('\u0000');
}

describe('secrets at rest', () => {
  it("a connector login's secrets reach the items table only sealed", async () => {
    const secret = 'correct-horse-battery-staple-7d1f';
    const { item } = await w.ctx.items.createItem({
      clientId: w.clientA.clientId,
      env: 'sandbox',
      institutionId: 'ins_109508',
      connector: 'sandbox',
      login: { username: 'user_good', seed: 'sealed-login', secrets: { password: secret } },
      accounts: [],
      products: ['auth'],
      webhook: null,
    });
    const row = await w.ctx.db
      .selectFrom('items')
      .selectAll()
      .where('item_id', '=', item.item_id)
      .executeTakeFirstOrThrow();
    expect(row.credentials_sealed).toEqual(expect.any(String));
    expect(rawText(row)).not.toContain(secret);
    expect(rawText(row)).not.toContain(Buffer.from(secret).toString('base64'));
    expect(JSON.parse(w.ctx.secretBox.open(row.credentials_sealed!))).toEqual({ password: secret });
  });

  it('a sandbox sign-in in Link keeps the password sealed in the session and never on the Item', async () => {
    const created = await post<{ link_token: string }>(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'Test App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u1' },
      products: ['transactions'],
    });
    const token = created.body.link_token;
    const call = <T>(path: string, body: Record<string, unknown>) =>
      post<T>(w, `/weft/link/session/${path}`, body, { authorization: `Bearer ${token}` });
    const id = (await call<LinkStartResponse>('start', {})).body.link_session_id;
    await call('institution', { link_session_id: id, institution_id: 'ins_109508' });
    // An MFA password keeps the session at a challenge, holding the credentials it will need.
    const mfa = await call<LinkPane>('credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'mfa_device',
    });
    expect(mfa.body).toMatchObject({ pane: 'mfa' });
    const during = await w.ctx.db
      .selectFrom('link_sessions')
      .selectAll()
      .where('link_session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(during.sealed).toEqual(expect.any(String));
    expect(rawText(during)).not.toContain('mfa_device');
    expect(w.ctx.secretBox.open(during.sealed!)).toContain('mfa_device');

    let pane = (await call<LinkPane>('mfa', { link_session_id: id, answers: ['1234'] })).body;
    if (pane.pane === 'select_account')
      pane = (
        await call<LinkPane>('select', {
          link_session_id: id,
          account_ids: pane.accounts.map((a) => a.id),
        })
      ).body;
    expect(pane.pane, JSON.stringify(pane)).toBe('success');
    const items = await w.ctx.db
      .selectFrom('items')
      .selectAll()
      .where('client_id', '=', w.clientA.clientId)
      .where('institution_id', '=', 'ins_109508')
      .execute();
    expect(items.length).toBeGreaterThan(0);
    for (const item of items) expect(rawText(item)).not.toContain('mfa_device');
    const after = await w.ctx.db
      .selectFrom('link_sessions')
      .select('sealed')
      .where('link_session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after.sealed ?? '').not.toContain('mfa_device');
  });

  it('an imported statement file is stored sealed, with only its digest in clear', async () => {
    const text = ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } });
    const r = await post<{ item_id: string }>(w, '/weft/statements/import', {
      ...auth(w.clientB),
      files: [{ name: 'october.ofx', content_base64: b64(text) }],
    });
    expect(r.status).toBe(200);
    const row = await w.ctx.db
      .selectFrom('statement_files')
      .selectAll()
      .where('item_id', '=', r.body.item_id)
      .executeTakeFirstOrThrow();
    const raw = rawText(row);
    expect(raw).not.toContain(b64(text));
    expect(raw).not.toContain('<OFX>');
    expect(raw).not.toContain(OFX_OCTOBER[0]!.name);
    expect(Buffer.from(w.ctx.secretBox.open(row.content_sealed), 'base64').toString('utf8')).toBe(text);
  });
});
