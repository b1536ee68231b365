import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';

const MINUTE = 60_000;

describe('token lifetimes and storage', () => {
  const clock = new FixedClock(new Date('2026-03-01T12:00:00Z'));
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const publicToken = async () =>
    (
      await post<{ public_token: string }>(w, '/sandbox/public_token/create', {
        ...auth(w.clientA),
        institution_id: 'ins_109508',
        initial_products: ['auth'],
      })
    ).body.public_token;

  it('public tokens expire after 30 minutes', async () => {
    const fresh = await publicToken();
    const stale = await publicToken();
    clock.advance(29 * MINUTE);
    expect(
      (await post(w, '/item/public_token/exchange', { ...auth(w.clientA), public_token: fresh })).status,
    ).toBe(200);
    clock.advance(2 * MINUTE);
    const late = await post(w, '/item/public_token/exchange', { ...auth(w.clientA), public_token: stale });
    expect(late.body).toMatchObject({ error_code: 'INVALID_PUBLIC_TOKEN' });
  });

  it('link tokens live 4 hours', async () => {
    const r = await post<{ link_token: string; expiration: string }>(w, '/link/token/create', {
      ...auth(w.clientA),
      client_name: 'App',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
      products: ['transactions'],
    });
    expect(r.body.link_token).toMatch(/^link-sandbox-[0-9a-f-]{36}$/);
    expect(new Date(r.body.expiration).getTime() - clock.now().getTime()).toBe(4 * 60 * MINUTE);
    await expect(w.ctx.link.getForLink(r.body.link_token)).resolves.toBeTruthy();
    clock.advance(4 * 60 * MINUTE + 1);
    await expect(w.ctx.link.getForLink(r.body.link_token)).rejects.toMatchObject({
      code: 'INVALID_LINK_TOKEN',
    });
  });

  it('stores tokens and secrets only as hashes', async () => {
    const pt = await publicToken();
    const ex = await post<{ access_token: string }>(w, '/item/public_token/exchange', {
      ...auth(w.clientA),
      public_token: pt,
    });
    const dump = JSON.stringify([
      await w.ctx.db.selectFrom('access_tokens').selectAll().execute(),
      await w.ctx.db.selectFrom('public_tokens').selectAll().execute(),
      await w.ctx.db.selectFrom('link_tokens').selectAll().execute(),
      await w.ctx.db.selectFrom('clients').selectAll().execute(),
    ]);
    for (const secret of [ex.body.access_token, pt, w.clientA.secret, w.clientB.secret])
      expect(dump).not.toContain(secret);
    expect(dump).not.toContain(ex.body.access_token.slice(15));
  });
});
