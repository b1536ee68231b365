import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkPane } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';
import { list } from './statements.test-kit';

/** A link token's `statements` dates decide which months the Item it makes has statements for. */
describe('Link for statements: the link token bounds the months', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());
  const { linkToken, start, call } = linkSessionKit(() => w);

  /** Links user_good at First Platypus Bank with every account; returns the access token. */
  async function link(token: string): Promise<string> {
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const pane = (
      await call<LinkPane>(token, 'credentials', {
        link_session_id: id,
        username: 'user_good',
        password: 'pass_good',
      })
    ).body;
    if (pane.pane !== 'select_account') throw new Error(`expected the account pane: ${JSON.stringify(pane)}`);
    const done = await call<LinkPane>(token, 'select', {
      link_session_id: id,
      account_ids: pane.accounts.map((a) => a.id),
    });
    if (done.body.pane !== 'success') throw new Error(`expected success: ${JSON.stringify(done.body)}`);
    const exchanged = await post<{ access_token: string }>(w, '/item/public_token/exchange', {
      ...auth(w.clientA),
      public_token: done.body.public_token,
    });
    return exchanged.body.access_token;
  }

  it('gives the Item statements for the months whose last day lies between start_date and end_date', async () => {
    const token = await linkToken({
      products: ['statements'],
      statements: { start_date: '2026-07-15', end_date: '2026-09-30' },
    });
    const accessToken = await link(token);
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const r = await list(w, w.clientA, accessToken);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accounts.length).toBeGreaterThan(0);
    for (const account of r.body.accounts)
      expect(account.statements.map((s) => s.date_posted)).toEqual([
        '2026-07-31',
        '2026-08-31',
        '2026-09-30',
      ]);
  });

  it('gives statements where supported or optional too, and refuses a token for Statements without its dates', async () => {
    const token = await linkToken({
      products: ['transactions'],
      required_if_supported_products: ['statements'],
      statements: { start_date: '2026-10-01', end_date: '2026-10-31' },
    });
    const accessToken = await link(token);
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const r = await list(w, w.clientA, accessToken);
    expect(r.body.accounts[0]!.statements.map((s) => s.month)).toEqual([10]);

    // Among the optional products, its dates stand for the first use of statements.
    const optional = await link(
      await linkToken({
        products: ['transactions'],
        optional_products: ['statements'],
        statements: { start_date: '2026-08-01', end_date: '2026-08-31' },
      }),
    );
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const later = await list(w, w.clientA, optional);
    expect(later.status, JSON.stringify(later.body)).toBe(200);
    expect(later.body.accounts[0]!.statements.map((s) => s.month)).toEqual([8]);

    const missing = await post(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'Test App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u1' },
      products: ['transactions'],
      optional_products: ['statements'],
      statements: null,
    });
    expect([missing.status, missing.body.error_type, missing.body.error_code]).toEqual([
      400,
      'INVALID_REQUEST',
      'MISSING_FIELDS',
    ]);
  });
});
