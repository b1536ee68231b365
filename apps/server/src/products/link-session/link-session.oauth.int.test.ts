import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkPane } from './link-session.contract';
import { linkSessionKit } from './link-session.test-kit';

let weft: TestWeft;
const { linkToken, call, start } = linkSessionKit(() => weft);

beforeAll(async () => {
  weft = await createTestWeft();
  for (const uri of ['https://app.example/oauth-return', 'https://app.example/return'])
    await weft.ctx.clients.addRedirectUri(weft.clientA.clientId, uri);
});
afterAll(async () => {
  await weft.close();
});

describe('Link session API: OAuth banks, payments and serving Link', () => {
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

  it('serves the bank page only for a pending authorisation', async () => {
    const res = await weft.app.inject({ method: 'GET', url: '/weft/link/oauth/bank?oauth_state_id=nope' });
    expect(res.statusCode).toBe(404);
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
