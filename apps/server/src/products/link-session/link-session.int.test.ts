import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkExitResponse, LinkInstitution, LinkPane } from './link-session.contract';
import { linkSessionKit } from './link-session.test-kit';

let weft: TestWeft;
const { linkToken, call, start, tokenGet } = linkSessionKit(() => weft);

beforeAll(async () => {
  weft = await createTestWeft();
});
afterAll(async () => {
  await weft.close();
});

describe('Link session API', () => {
  it('refuses calls without a valid link token', async () => {
    const res = await post(weft, '/weft/link/session/start', {});
    expect(res.status).toBe(400);
    expect(res.body.error_code).toBe('INVALID_LINK_TOKEN');
    const bad = await call('link-sandbox-00000000-0000-0000-0000-000000000000', 'start', {});
    expect(bad.body.error_code).toBe('INVALID_LINK_TOKEN');
  });

  it('links user_good: institution, credentials, account select, success, /link/token/get', async () => {
    const token = await linkToken();
    const s = await start(token);
    expect(s.mode).toBe('default');
    expect(s.popular.map((i) => i.institution_id)).toContain('ins_109508');
    const id = s.link_session_id;

    const search = await call<{ institutions: { name: string }[] }>(token, 'search', {
      link_session_id: id,
      query: 'platypus',
    });
    expect(search.body.institutions.map((i) => i.name)).toContain('First Platypus Bank');

    const inst = await call<LinkPane>(token, 'institution', {
      link_session_id: id,
      institution_id: 'ins_109508',
    });
    expect(inst.body.pane).toBe('credentials');

    const wrong = await call(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'nope',
    });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error_code).toBe('INVALID_CREDENTIALS');

    const ok = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    expect(ok.body.pane).toBe('select_account');
    if (ok.body.pane !== 'select_account') return;
    expect(ok.body.multiple).toBe(true);
    const picked = ok.body.accounts.slice(0, 2).map((a) => a.id);

    const bogus = await call(token, 'select', { link_session_id: id, account_ids: ['nope'] });
    expect(bogus.body.error_code).toBe('INVALID_ACCOUNT_ID');

    const done = await call<LinkPane>(token, 'select', { link_session_id: id, account_ids: picked });
    expect(done.status).toBe(200);
    if (done.body.pane !== 'success') throw new Error('expected success');
    const md = done.body.metadata;
    expect(md.institution).toEqual({ name: 'First Platypus Bank', institution_id: 'ins_109508' });
    expect(md.accounts).toHaveLength(2);
    expect(md.accounts[0]).toEqual({
      id: expect.any(String),
      name: 'Plaid Checking',
      mask: '0000',
      type: 'depository',
      subtype: 'checking',
      verification_status: null,
    });
    expect(md.link_session_id).toBe(id);
    expect(md.transfer_status).toBeNull();

    const ex = await post<{ access_token: string }>(weft, '/item/public_token/exchange', {
      ...auth(weft.clientA),
      public_token: done.body.public_token,
    });
    expect(ex.status).toBe(200);
    const accounts = await post<{ accounts: { account_id: string }[] }>(weft, '/accounts/get', {
      ...auth(weft.clientA),
      access_token: ex.body.access_token,
    });
    expect(accounts.body.accounts.map((a) => a.account_id)).toEqual(md.accounts.map((a) => a.id));

    const got = await tokenGet(token);
    const session = got.link_sessions[0] as {
      link_session_id: string;
      on_success: { public_token: string };
      results: { item_add_results: { public_token: string; accounts: unknown[] }[] };
      finished_at: string;
    };
    expect(session.link_session_id).toBe(id);
    expect(session.on_success.public_token).toBe(done.body.public_token);
    expect(session.results.item_add_results[0]?.accounts).toHaveLength(2);
    expect(session.finished_at).toEqual(expect.any(String));

    const again = await call(token, 'select', { link_session_id: id, account_ids: picked });
    expect(again.status).toBe(400);
  });

  it("offers each institution with its logo (a base64 PNG) and colour, for Link's panes", async () => {
    const token = await linkToken();
    const s = await start(token);
    const isPng = (logo: string | null) =>
      Buffer.from(logo ?? '', 'base64')
        .subarray(0, 8)
        .equals(Buffer.from('\x89PNG\r\n\x1a\n', 'latin1'));
    const first = s.popular.find((i) => i.institution_id === 'ins_109508');
    expect(isPng(first?.logo ?? null)).toBe(true);
    expect(first?.primary_color).toMatch(/^#[0-9a-f]{6}$/i);
    expect(s.popular.every((i) => isPng(i.logo))).toBe(true);

    const search = await call<{ institutions: LinkInstitution[] }>(token, 'search', {
      link_session_id: s.link_session_id,
      query: 'platypus',
    });
    expect(search.body.institutions.length).toBeGreaterThan(1);
    expect(search.body.institutions.every((i) => isPng(i.logo))).toBe(true);

    const pane = await call<LinkPane>(token, 'institution', {
      link_session_id: s.link_session_id,
      institution_id: 'ins_109508',
    });
    if (pane.body.pane !== 'credentials') throw new Error('expected credentials');
    expect(pane.body.institution.logo).toBe(first?.logo);
  });

  it('walks MFA rounds (questions) with server-side state, rejecting a wrong answer', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const r1 = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'mfa_questions_2_1',
      password: 'pass_good',
    });
    expect(r1.body).toMatchObject({ pane: 'mfa', challenge: { type: 'questions' } });
    expect(JSON.stringify(r1.body)).not.toContain('answer_1_1');
    const bad = await call(token, 'mfa', { link_session_id: id, answers: ['wrong'] });
    expect(bad.body.error_code).toBe('INVALID_MFA');
    const r2 = await call<LinkPane>(token, 'mfa', { link_session_id: id, answers: ['answer_1_1'] });
    expect(r2.body.pane).toBe('mfa');
    const r3 = await call<LinkPane>(token, 'mfa', { link_session_id: id, answers: ['answer_2_1'] });
    expect(r3.body.pane).toBe('select_account');
  });

  it('back to the bank list drops what the session held for the bank; never after the login', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const mfa = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'mfa_device',
      password: 'pass_good',
    });
    expect(mfa.body.pane).toBe('mfa');
    const back = await call<LinkPane>(token, 'back', { link_session_id: id });
    expect(back.body).toEqual({ pane: 'institution' });
    // The MFA round is gone, and there is no bank to sign in to until one is chosen again.
    expect((await call(token, 'mfa', { link_session_id: id, answers: ['1234'] })).status).toBe(400);
    const early = await call(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'x',
    });
    expect(early.status).toBe(400);

    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const accounts = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    expect(accounts.body.pane).toBe('select_account');
    const late = await call(token, 'back', { link_session_id: id });
    expect(late.status).toBe(400);
    expect(late.body.error_code).toBe('INVALID_FIELD');
  });

  it('leaving after going back reports the bank list (institution_not_found, no institution)', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    await call(token, 'back', { link_session_id: id });
    const exit = await call<LinkExitResponse>(token, 'exit', { link_session_id: id, error: null });
    expect(exit.body.metadata.status).toBe('institution_not_found');
    expect(exit.body.metadata.institution).toBeNull();
  });

  it('device and selections MFA', async () => {
    for (const [username, answer] of [
      ['mfa_device', '1234'],
      ['mfa_selections', 'Yes'],
    ] as const) {
      const token = await linkToken();
      const id = (await start(token)).link_session_id;
      await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
      // Link posts events while a step is in flight; they must not undo the step's state.
      const [r1] = await Promise.all([
        call<LinkPane>(token, 'credentials', { link_session_id: id, username, password: 'pass_good' }),
        ...['SUBMIT_CREDENTIALS', 'TRANSITION_VIEW'].map((event_name) =>
          call(token, 'events', { link_session_id: id, events: [{ event_name, metadata: {} }] }),
        ),
      ]);
      expect(r1.body.pane).toBe('mfa');
      const r2 = await call<LinkPane>(token, 'mfa', { link_session_id: id, answers: [answer] });
      expect(r2.body.pane).toBe('select_account');
    }
  });

  it('institution errors come back as Plaid errors', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    for (const code of ['ITEM_LOCKED', 'INSTITUTION_DOWN', 'INSTITUTION_NOT_RESPONDING']) {
      const r = await call(token, 'credentials', {
        link_session_id: id,
        username: 'user_good',
        password: `error_${code}`,
      });
      expect(r.body.error_code).toBe(code);
      expect(r.body.display_message).toEqual(expect.any(String));
    }
  });

  it('honours account filters and single select', async () => {
    const token = await linkToken({
      account_filters: { depository: { account_subtypes: ['checking', 'savings'] } },
      link_customization_name: 'account_select_single',
    });
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const r = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    if (r.body.pane !== 'select_account') throw new Error('expected account pane');
    expect(r.body.multiple).toBe(false);
    expect(r.body.accounts.map((a) => a.subtype)).toEqual(['checking', 'savings']);
    const two = await call(token, 'select', {
      link_session_id: id,
      account_ids: r.body.accounts.map((a) => a.id),
    });
    expect(two.status).toBe(400);
    const one = await call<LinkPane>(token, 'select', {
      link_session_id: id,
      account_ids: [r.body.accounts[1]!.id],
    });
    if (one.body.pane !== 'success') throw new Error('expected success');
    expect(one.body.metadata.accounts.map((a) => a.subtype)).toEqual(['savings']);
  });

  it('exit records status and the error, and /link/token/get reports it', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    await call(token, 'events', {
      link_session_id: id,
      events: [{ event_name: 'OPEN', metadata: { view_name: 'CONSENT' } }],
    });
    const r = await call<LinkExitResponse>(token, 'exit', { link_session_id: id, error: null });
    expect(r.body.metadata).toMatchObject({
      status: 'requires_credentials',
      link_session_id: id,
      institution: { institution_id: 'ins_109508', name: 'First Platypus Bank' },
    });
    const got = await tokenGet(token);
    expect(got.link_sessions[0]).toMatchObject({
      link_session_id: id,
      exit: { error: null, metadata: { status: 'requires_credentials' } },
      events: [{ event_name: 'OPEN' }],
    });
  });

  it('update mode repairs the Item and can reselect accounts', async () => {
    const { accessToken, itemId } = await createItem(weft, weft.clientA);
    const res = await post<{ link_token: string }>(weft, '/link/token/create', {
      ...auth(weft.clientA),
      client_name: 'Test App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u1' },
      access_token: accessToken,
      update: { account_selection_enabled: true },
    });
    const token = res.body.link_token;
    const s = await start(token);
    expect(s.mode).toBe('update');
    expect(s.institution?.institution_id).toBe('ins_109508');
    await call(token, 'institution', { link_session_id: s.link_session_id, institution_id: 'ins_109508' });
    // The link token names the bank: there is no bank list to go back to.
    expect((await call(token, 'back', { link_session_id: s.link_session_id })).status).toBe(400);
    const r = await call<LinkPane>(token, 'credentials', {
      link_session_id: s.link_session_id,
      username: 'user_good',
      password: 'pass_good',
    });
    if (r.body.pane !== 'select_account') throw new Error('expected account pane');
    const first = r.body.accounts[0]!.id;
    const done = await call<LinkPane>(token, 'select', {
      link_session_id: s.link_session_id,
      account_ids: [first],
    });
    expect(done.body.pane).toBe('success');
    const accounts = await post<{ accounts: unknown[]; item: { item_id: string } }>(weft, '/accounts/get', {
      ...auth(weft.clientA),
      access_token: accessToken,
    });
    expect(accounts.body.item.item_id).toBe(itemId);
    expect(accounts.body.accounts).toHaveLength(1);
  });

  it('keeps MFA credentials sealed at rest and drops them when the session ends', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    await call(token, 'credentials', { link_session_id: id, username: 'mfa_device', password: 'pass_good' });
    const row = await weft.ctx.db
      .selectFrom('link_sessions')
      .selectAll()
      .where('link_session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(row.sealed).toMatch(/^v1\./);
    expect(JSON.stringify(row)).not.toContain('pass_good');
    expect(JSON.stringify(row)).not.toContain('mfa_device');
    const done = await call<LinkPane>(token, 'mfa', { link_session_id: id, answers: ['1234'] });
    if (done.body.pane !== 'select_account') throw new Error('expected account pane');
    await call(token, 'select', { link_session_id: id, account_ids: [done.body.accounts[0]!.id] });
    const after = await weft.ctx.db
      .selectFrom('link_sessions')
      .select(['sealed', 'step'])
      .where('link_session_id', '=', id)
      .executeTakeFirstOrThrow();
    expect(after).toEqual({ sealed: null, step: 'done' });
  });

  it("a session cannot be driven with another link token (or another client's)", async () => {
    const tokenA = await linkToken();
    const id = (await start(tokenA)).link_session_id;
    const tokenB = await linkToken({}, weft.clientB);
    const r = await call(tokenB, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    expect(r.status).toBe(400);
    expect(r.body.error_message).toContain('unknown link_session_id');
    const got = await post(weft, '/link/token/get', { ...auth(weft.clientB), link_token: tokenA });
    expect(got.body.error_code).toBe('INVALID_LINK_TOKEN');
  });
});
