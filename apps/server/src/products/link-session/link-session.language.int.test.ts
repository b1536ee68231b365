import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../../test/harness';
import type { LinkPane } from './link-session.contract';
import { linkSessionKit } from './link-session.test-kit';

let weft: TestWeft;
const { linkToken, call, start, tokenGet } = linkSessionKit(() => weft);

beforeAll(async () => {
  weft = await createTestWeft();
});
afterAll(async () => {
  await weft.close();
});

describe('Link session: the language Link speaks', () => {
  it("hands the link token's language to Link; /link/token/get reports it without new fields", async () => {
    const token = await linkToken({ language: 'fr' });
    expect((await start(token)).language).toBe('fr');
    const got = (await tokenGet(token)) as unknown as { metadata: Record<string, unknown> };
    expect(got.metadata.language).toBe('fr');
    expect(Object.keys(got.metadata).sort()).toEqual([
      'client_name',
      'country_codes',
      'initial_products',
      'language',
      'redirect_uri',
      'webhook',
    ]);
  });

  it('accepts a language Plaid does not list and passes it on as given (Link falls back to English)', async () => {
    const token = await linkToken({ language: 'tlh' });
    expect((await start(token)).language).toBe('tlh');
  });

  it('offers accounts with their balance as an amount and currency, for Link to format', async () => {
    const token = await linkToken({ language: 'de' });
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const r = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    if (r.body.pane !== 'select_account') throw new Error(`expected select_account, got ${r.body.pane}`);
    const checking = r.body.accounts.find((a) => a.subtype === 'checking');
    expect(checking?.balance).toEqual({ value: 110, currency: 'USD' });
  });
});
