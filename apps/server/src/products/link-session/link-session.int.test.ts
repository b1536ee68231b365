import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkExitResponse, LinkPane, LinkStartResponse } from './link-session.contract';

let weft: TestWeft;

beforeAll(async () => {
  weft = await createTestWeft();
});
afterAll(async () => {
  await weft.close();
});

async function linkToken(extra: Record<string, unknown> = {}, keys = weft.clientA): Promise<string> {
  const res = await post<{ link_token: string }>(weft, '/link/token/create', {
    ...auth(keys),
    client_name: 'Test App',
    language: 'en',
    country_codes: ['US'],
    user: { client_user_id: 'u1' },
    products: ['transactions'],
    ...extra,
  });
  expect(res.status).toBe(200);
  return res.body.link_token;
}

async function call<T = Record<string, unknown>>(token: string, path: string, body: Record<string, unknown>) {
  return post<T>(weft, `/weft/link/session/${path}`, body, { authorization: `Bearer ${token}` });
}

async function start(token: string, extra: Record<string, unknown> = {}): Promise<LinkStartResponse> {
  const res = await call<LinkStartResponse>(token, 'start', extra);
  expect(res.status).toBe(200);
  return res.body;
}

async function tokenGet(token: string) {
  const res = await post<{ link_sessions: Record<string, unknown>[] }>(weft, '/link/token/get', {
    ...auth(weft.clientA),
    link_token: token,
  });
  expect(res.status).toBe(200);
  return res.body;
}

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

  it('OAuth institution: bank consent page, redirect with oauth_state_id, resume', async () => {
    const token = await linkToken({ redirect_uri: 'https://app.example/oauth-return' });
    const id = (await start(token)).link_session_id;
    const r = await call<LinkPane>(token, 'institution', {
      link_session_id: id,
      institution_id: 'ins_127287',
    });
    if (r.body.pane !== 'oauth') throw new Error('expected oauth pane');
    expect(r.body.redirect).toBe(true);
    const page = await weft.app.inject({ method: 'GET', url: r.body.oauth_url });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Platypus OAuth Bank');
    expect(page.headers['content-security-policy']).toContain("form-action 'self' https://app.example");
    const stateId = new URL(r.body.oauth_url, 'http://x').searchParams.get('oauth_state_id')!;
    const decided = await weft.app.inject({
      method: 'POST',
      url: '/weft/link/oauth/bank',
      payload: `oauth_state_id=${stateId}&decision=approve`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(decided.statusCode).toBe(303);
    const back = decided.headers.location as string;
    expect(back).toBe(`https://app.example/oauth-return?oauth_state_id=${stateId}`);

    const other = await linkToken({ redirect_uri: 'https://app.example/oauth-return' });
    const stolen = await call(other, 'start', { received_redirect_uri: back });
    expect(stolen.status).toBe(400);

    const resumed = await start(token, { received_redirect_uri: back });
    expect(resumed.link_session_id).toBe(id);
    expect(resumed.resume?.pane).toBe('select_account');
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

  it('serves the bank page only for a pending authorisation', async () => {
    const res = await weft.app.inject({ method: 'GET', url: '/weft/link/oauth/bank?oauth_state_id=nope' });
    expect(res.statusCode).toBe(404);
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

  it('OAuth denial comes back as an error pane; without redirect_uri Link polls (popup)', async () => {
    const token = await linkToken();
    const id = (await start(token)).link_session_id;
    const r = await call<LinkPane>(token, 'institution', {
      link_session_id: id,
      institution_id: 'ins_127287',
    });
    if (r.body.pane !== 'oauth') throw new Error('expected oauth pane');
    expect(r.body.redirect).toBe(false);
    const pending = await call<LinkPane>(token, 'poll', { link_session_id: id });
    expect(pending.body.pane).toBe('oauth_pending');
    const stateId = new URL(r.body.oauth_url, 'http://x').searchParams.get('oauth_state_id')!;
    const decided = await weft.app.inject({
      method: 'POST',
      url: '/weft/link/oauth/bank',
      payload: `oauth_state_id=${stateId}&decision=deny`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(decided.statusCode).toBe(200);
    expect(decided.body).toContain('close this window');
    const denied = await call<LinkPane>(token, 'poll', { link_session_id: id });
    expect(denied.body).toMatchObject({ pane: 'error', error: { error_code: 'INSUFFICIENT_CREDENTIALS' } });
    const again = await call<LinkPane>(token, 'institution', {
      link_session_id: id,
      institution_id: 'ins_109508',
    });
    expect(again.body.pane).toBe('credentials');
  });

  it('payment link tokens: payee pane data, bank authorisation through the payment hook, onSuccess', async () => {
    const authorised: string[] = [];
    const previous = weft.ctx.linkHooks.payment;
    weft.ctx.linkHooks.payment = {
      describe: async (_clientId, paymentId) => ({
        payment_id: paymentId,
        recipient_name: 'Wonder Wallet',
        amount: { currency: 'GBP', value: 12.5 },
        reference: 'INV 42',
      }),
      authorise: async (clientId, paymentId, institutionId) => {
        authorised.push(`${clientId}:${paymentId}:${institutionId}`);
      },
    };
    try {
      const res = await post<{ link_token: string }>(weft, '/link/token/create', {
        ...auth(weft.clientA),
        client_name: 'Pay App',
        language: 'en',
        country_codes: ['GB'],
        user: { client_user_id: 'u1' },
        products: ['payment_initiation'],
        payment_initiation: { payment_id: 'payment-id-sandbox-1' },
        redirect_uri: 'https://app.example/return',
      });
      const token = res.body.link_token;
      const s = await start(token);
      expect(s.mode).toBe('payment');
      expect(s.payment).toMatchObject({ recipient_name: 'Wonder Wallet', reference: 'INV 42' });
      const r = await call<LinkPane>(token, 'institution', {
        link_session_id: s.link_session_id,
        institution_id: 'ins_117650',
      });
      if (r.body.pane !== 'oauth') throw new Error('expected oauth pane');
      const page = await weft.app.inject({ method: 'GET', url: r.body.oauth_url });
      expect(page.body).toContain('Wonder Wallet');
      const stateId = new URL(r.body.oauth_url, 'http://x').searchParams.get('oauth_state_id')!;
      const decided = await weft.app.inject({
        method: 'POST',
        url: '/weft/link/oauth/bank',
        payload: `oauth_state_id=${stateId}&decision=approve`,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      expect(authorised).toEqual([`${weft.clientA.clientId}:payment-id-sandbox-1:ins_117650`]);
      const resumed = await start(token, { received_redirect_uri: decided.headers.location });
      expect(resumed.resume).toMatchObject({
        pane: 'success',
        metadata: { institution: { institution_id: 'ins_117650' }, accounts: [], transfer_status: null },
      });
    } finally {
      weft.ctx.linkHooks.payment = previous;
    }
  });

  it('serves Link at /link and link-initialize.js under a strict CSP (when built)', async () => {
    const page = await weft.app.inject({ method: 'GET', url: '/link' });
    const csp = String(page.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    if (page.statusCode === 503) return;
    expect(page.statusCode).toBe(200);
    expect(page.body).not.toMatch(/<script>|<style|style=/);
    const sdk = await weft.app.inject({ method: 'GET', url: '/link/link-initialize.js' });
    expect(sdk.statusCode).toBe(200);
    expect(sdk.headers['content-type']).toContain('javascript');
    expect(sdk.body).toContain('Plaid');
  });
});
