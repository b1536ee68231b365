import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateOfx } from '../../connectors/files/generate-ofx';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { b64, camtStatement } from '../statement-import/statement-fixtures.test-kit';
import { IMPORT_BODY_LIMIT } from '../statement-import/statement-import.schemas';
import type { LinkInstitution, LinkPane } from './link-session.contract';
import { BROKEN, filesKit, NOVEMBER, OCTOBER } from './link-session.files.test-kit';

let weft: TestWeft;
const { linkToken, call, start, tokenGet, atUpload, upload, exchange, itemCount } = filesKit(() => weft);

beforeAll(async () => {
  weft = await createTestWeft({ clock: new FixedClock(new Date('2026-12-01T12:00:00Z')) });
});
afterAll(async () => {
  await weft.close();
});

describe('Link: upload statement files', () => {
  it('is found by what users call their files, but not among popular banks', async () => {
    const token = await linkToken();
    const s = await start(token);
    expect(s.popular.map((i) => i.institution_id)).not.toContain('ins_weft_files');
    const queries = [
      'upload',
      'Statement',
      'file',
      'ofx',
      'CSV',
      'upload statement files',
      'relevé',
      'releve',
      'Kontoauszug',
    ];
    for (const query of queries) {
      const r = await call<{ institutions: LinkInstitution[] }>(token, 'search', {
        link_session_id: s.link_session_id,
        query,
      });
      expect(
        r.body.institutions.map((i) => i.institution_id),
        query,
      ).toContain('ins_weft_files');
    }
    for (const query of ['platypus', 'bank of', 'de', 'files platypus']) {
      const r = await call<{ institutions: LinkInstitution[] }>(token, 'search', {
        link_session_id: s.link_session_id,
        query,
      });
      expect(
        r.body.institutions.map((i) => i.institution_id),
        query,
      ).not.toContain('ins_weft_files');
    }
  });

  it('is not offered for products a statement cannot back', async () => {
    const token = await linkToken({ products: ['identity'] });
    const id = (await start(token)).link_session_id;
    const r = await call<{ institutions: LinkInstitution[] }>(token, 'search', {
      link_session_id: id,
      query: 'upload',
    });
    expect(r.body.institutions).toEqual([]);
    const pick = await call(token, 'institution', { link_session_id: id, institution_id: 'ins_weft_files' });
    expect(pick.body.error_code).toBe('INVALID_INSTITUTION');
  });

  it('imports two files, offers their accounts, and the chosen one reaches /accounts/get and /transactions/sync', async () => {
    const token = await linkToken();
    const id = await atUpload(token);
    const first = await upload(token, id, { 'october.ofx': OCTOBER });
    expect(first.status, JSON.stringify(first.body)).toBe(200);
    expect(first.body).toEqual({
      files: [{ name: 'october.ofx', ok: true, accounts: 1, transactions: 5, added: 5 }],
      accounts: 1,
    });
    const second = await upload(token, id, { 'november.xml': camtStatement() });
    expect(second.body.files[0]).toMatchObject({ name: 'november.xml', ok: true });
    expect(second.body.accounts).toBe(2);

    const choose = await call<LinkPane>(token, 'files/continue', { link_session_id: id });
    if (choose.body.pane !== 'select_account') throw new Error(JSON.stringify(choose.body));
    expect(choose.body.multiple).toBe(true);
    expect(choose.body.institution.institution_id).toBe('ins_weft_files');
    expect(choose.body.accounts).toHaveLength(2);
    const checking = choose.body.accounts.find((a) => a.mask === '3210');
    expect(checking).toMatchObject({ type: 'depository', balance: { currency: 'USD', value: 1234.56 } });

    const done = await call<LinkPane>(token, 'select', { link_session_id: id, account_ids: [checking!.id] });
    if (done.body.pane !== 'success') throw new Error(JSON.stringify(done.body));
    expect(done.body.metadata.institution).toEqual({
      name: 'Upload statement files',
      institution_id: 'ins_weft_files',
    });
    expect(done.body.metadata.accounts.map((a) => a.id)).toEqual([checking!.id]);

    const access = await exchange(weft.clientA, done.body.public_token);
    const accounts = await post<{ accounts: { account_id: string; mask: string }[] }>(weft, '/accounts/get', {
      ...auth(weft.clientA),
      access_token: access,
    });
    expect(accounts.status).toBe(200);
    expect(accounts.body.accounts.map((a) => a.account_id)).toEqual([checking!.id]);
    const sync = await post<{ added: { account_id: string; name: string }[]; has_more: boolean }>(
      weft,
      '/transactions/sync',
      { ...auth(weft.clientA), access_token: access },
    );
    expect(sync.status).toBe(200);
    expect(sync.body.added).toHaveLength(5);
    expect(new Set(sync.body.added.map((t) => t.account_id))).toEqual(new Set([checking!.id]));

    const record = (await tokenGet(token)).link_sessions.find((x) => x.link_session_id === id);
    expect(record?.results).toMatchObject({
      item_add_results: [{ institution: { institution_id: 'ins_weft_files' } }],
    });
  });

  it('reports a file that cannot be read with its code, message and line, and stores nothing for it', async () => {
    const before = await itemCount(weft.clientA);
    const token = await linkToken();
    const id = await atUpload(token);
    const bad = await upload(token, id, { 'broken.ofx': BROKEN, 'empty.csv': '' });
    expect(bad.status).toBe(200);
    expect(bad.body.accounts).toBe(0);
    expect(bad.body.files.map((f) => (f.ok ? 'ok' : f.error.code))).toEqual(['MALFORMED_FILE', 'EMPTY_FILE']);
    const first = bad.body.files[0]!;
    if (first.ok) throw new Error('expected an error');
    expect(first.error).toEqual({
      code: 'MALFORMED_FILE',
      message: 'STMTTRN has an invalid TRNAMT "12,3x"',
      line: 15,
    });
    expect(await itemCount(weft.clientA)).toBe(before);
    const early = await call(token, 'files/continue', { link_session_id: id });
    expect(early.body.error_code).toBe('INVALID_FIELD');

    const mixed = await upload(token, id, { 'broken.ofx': BROKEN, 'october.ofx': OCTOBER });
    expect(mixed.body.files.map((f) => f.ok)).toEqual([false, true]);
    expect(await itemCount(weft.clientA)).toBe(before + 1);
    const files = await weft.ctx.db.selectFrom('statement_files').select('name').execute();
    expect(files.map((f) => f.name)).not.toContain('broken.ofx');

    const garbled = await call(token, 'files', {
      link_session_id: id,
      files: [{ name: 'x.ofx', content_base64: 'not base64!' }],
    });
    expect(garbled.body.error_code).toBe('INVALID_FIELD');
  });

  it("takes files above Weft's default body limit, up to the statements import's own", async () => {
    const token = await linkToken();
    const id = await atUpload(token);
    const big = generateOfx(6500);
    expect(b64(big).length).toBeGreaterThan(weft.config.bodyLimit);
    const r = await upload(token, id, { 'big.ofx': big });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.files[0]).toMatchObject({ ok: true, added: 6500 });
    const tooBig = await call(token, 'files', {
      link_session_id: id,
      files: [{ name: 'huge.ofx', content_base64: 'A'.repeat(IMPORT_BODY_LIMIT) }],
    });
    expect(tooBig.status).toBe(413);
    expect(tooBig.body).toMatchObject({ error_code: 'INVALID_BODY' });
    await call(token, 'exit', { link_session_id: id, error: null });
  });

  it('adds files to a files Item in update mode; new transactions fire SYNC_UPDATES_AVAILABLE', async () => {
    const token = await linkToken({ webhook: 'https://app.example/hooks' });
    const id = await atUpload(token);
    await upload(token, id, { 'october.ofx': OCTOBER });
    const choose = await call<LinkPane>(token, 'files/continue', { link_session_id: id });
    if (choose.body.pane !== 'select_account') throw new Error(JSON.stringify(choose.body));
    const done = await call<LinkPane>(token, 'select', {
      link_session_id: id,
      account_ids: choose.body.accounts.map((a) => a.id),
    });
    if (done.body.pane !== 'success') throw new Error(JSON.stringify(done.body));
    const access = await exchange(weft.clientA, done.body.public_token);
    const itemId = (await weft.ctx.items.resolve(weft.clientA.clientId, access)).item_id;
    const syncCodes = async () =>
      (
        await weft.ctx.db
          .selectFrom('outbox')
          .select('webhook_code')
          .where('item_id', '=', itemId)
          .where('webhook_code', '=', 'SYNC_UPDATES_AVAILABLE')
          .execute()
      ).length;
    const before = await syncCodes();

    const update = await linkToken({ access_token: access });
    const s = await start(update);
    expect(s.mode).toBe('update');
    expect(s.institution?.institution_id).toBe('ins_weft_files');
    const pane = await call<LinkPane>(update, 'institution', {
      link_session_id: s.link_session_id,
      institution_id: 'ins_weft_files',
    });
    expect(pane.body.pane).toBe('files');
    const more = await upload(update, s.link_session_id, { 'november.ofx': NOVEMBER });
    expect(more.body.files).toEqual([
      { name: 'november.ofx', ok: true, accounts: 1, transactions: 4, added: 2 },
    ]);
    expect(await syncCodes()).toBe(before + 1);
    const end = await call<LinkPane>(update, 'files/continue', { link_session_id: s.link_session_id });
    if (end.body.pane !== 'success') throw new Error(JSON.stringify(end.body));
    expect(end.body.metadata.institution?.institution_id).toBe('ins_weft_files');
    expect(await exchange(weft.clientA, end.body.public_token)).toMatch(/^access-sandbox-/);
    expect(await itemCount(weft.clientA)).toBeGreaterThan(0);
    const sync = await post<{ added: unknown[] }>(weft, '/transactions/sync', {
      ...auth(weft.clientA),
      access_token: access,
    });
    expect(sync.body.added).toHaveLength(7);

    // With account selection, a file bringing a new account lets the user choose what is shared.
    const choosing = await linkToken({ access_token: access, update: { account_selection_enabled: true } });
    const c = await start(choosing);
    await call(choosing, 'institution', {
      link_session_id: c.link_session_id,
      institution_id: 'ins_weft_files',
    });
    const added = await upload(choosing, c.link_session_id, { 'konto.xml': camtStatement() });
    expect(added.body.accounts).toBe(2);
    const offer = await call<LinkPane>(choosing, 'files/continue', { link_session_id: c.link_session_id });
    if (offer.body.pane !== 'select_account') throw new Error(JSON.stringify(offer.body));
    const camt = offer.body.accounts.find((a) => a.balance?.currency === 'EUR');
    expect(offer.body.accounts).toHaveLength(2);
    const only = await call<LinkPane>(choosing, 'select', {
      link_session_id: c.link_session_id,
      account_ids: [camt!.id],
    });
    if (only.body.pane !== 'success') throw new Error(JSON.stringify(only.body));
    expect(only.body.metadata.accounts.map((a) => a.id)).toEqual([camt!.id]);
    const visible = await post<{ accounts: { account_id: string }[] }>(weft, '/accounts/get', {
      ...auth(weft.clientA),
      access_token: access,
    });
    expect(visible.body.accounts?.map((a) => a.account_id)).toEqual([camt!.id]);
  });

  it("keeps tenants apart: client B's link token cannot reach client A's session or Item", async () => {
    const tokenA = await linkToken();
    const idA = await atUpload(tokenA);
    await upload(tokenA, idA, { 'october.ofx': OCTOBER });
    const tokenB = await linkToken({}, weft.clientB);
    await start(tokenB);
    for (const path of ['files', 'files/continue']) {
      const r = await call(tokenB, path, {
        link_session_id: idA,
        files: [{ name: 'november.ofx', content_base64: b64(NOVEMBER) }],
      });
      expect(r.status, path).toBe(400);
      expect(r.body.error_code, path).toBe('INVALID_FIELD');
    }
    expect(await itemCount(weft.clientB)).toBe(0);

    const choose = await call<LinkPane>(tokenA, 'files/continue', { link_session_id: idA });
    if (choose.body.pane !== 'select_account') throw new Error(JSON.stringify(choose.body));
    const done = await call<LinkPane>(tokenA, 'select', {
      link_session_id: idA,
      account_ids: choose.body.accounts.map((a) => a.id),
    });
    if (done.body.pane !== 'success') throw new Error(JSON.stringify(done.body));
    const grabbed = await post(weft, '/item/public_token/exchange', {
      ...auth(weft.clientB),
      public_token: done.body.public_token,
    });
    expect(grabbed.body.error_code).toBe('INVALID_PUBLIC_TOKEN');
    const accessA = await exchange(weft.clientA, done.body.public_token);
    const updateB = await post(weft, '/link/token/create', {
      ...auth(weft.clientB),
      client_name: 'Other App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'b' },
      access_token: accessA,
    });
    expect(updateB.body.error_code).toBe('INVALID_ACCESS_TOKEN');
  });

  // Last: it moves the clock past the link tokens' expiry.
});
