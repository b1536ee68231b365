import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BackgroundWorker } from '../../app-context';
import { type Clock, systemClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { LinkPane } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';

let weft: TestWeft;
let offsetMs = 0;
const clock: Clock = { now: () => new Date(systemClock.now().getTime() + offsetMs) };
const { linkToken, call, start, tokenGet } = linkSessionKit(() => weft);

const SSN = '123-45-6789';
const DOB = '1987-06-05';
const NAME = 'Ada Quintessa Lovelace';

/** Every value of every row of the tables a link token's data lives in, as one string. */
async function rawRows(): Promise<string> {
  const tables = ['link_tokens', 'link_sessions', 'link_session_events'] as const;
  const rows = await Promise.all(tables.map((t) => weft.ctx.db.selectFrom(t).selectAll().execute()));
  return JSON.stringify(rows);
}

beforeAll(async () => {
  weft = await createTestWeft({ clock });
});
afterAll(async () => {
  await weft.close();
});

describe('what a link token keeps about a person', () => {
  it('keeps no public token and no SSN, date of birth or name in clear, and still answers /link/token/get', async () => {
    const token = await linkToken({
      user: {
        client_user_id: 'u-privacy',
        legal_name: NAME,
        ssn: SSN,
        date_of_birth: DOB,
        address: { street: '1 Analytical Row', city: 'London', country: 'GB' },
      },
    });
    const id = (await start(token)).link_session_id;
    await call(token, 'institution', { link_session_id: id, institution_id: 'ins_109508' });
    const creds = await call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'user_good',
      password: 'pass_good',
    });
    if (creds.body.pane !== 'select_account') throw new Error('expected account selection');
    const done = await call<LinkPane>(token, 'select', {
      link_session_id: id,
      account_ids: [creds.body.accounts[0]!.id],
    });
    if (done.body.pane !== 'success') throw new Error('expected success');
    const publicToken = done.body.public_token;

    const raw = await rawRows();
    for (const secret of [publicToken, SSN, DOB, NAME, '1 Analytical Row'])
      expect(raw, `${secret} stored in clear`).not.toContain(secret);

    const got = await tokenGet(token);
    const session = got.link_sessions.find((s) => s.link_session_id === id) as {
      results: { item_add_results: { public_token: string }[] };
    };
    expect(session.results.item_add_results[0]!.public_token).toBe(publicToken);
    const exchanged = await post(weft, '/item/public_token/exchange', {
      ...auth(weft.clientA),
      public_token: publicToken,
    });
    expect(exchanged.status).toBe(200);
  });

  it("expires as Plaid's do: 4 hours for a new Item, 30 minutes in update mode", async () => {
    const { accessToken } = await createItem(weft, weft.clientA);
    const base = {
      ...auth(weft.clientA),
      client_name: 'x',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
    };
    const fresh = await post<{ expiration: string }>(weft, '/link/token/create', {
      ...base,
      products: ['auth'],
    });
    const update = await post<{ expiration: string }>(weft, '/link/token/create', {
      ...base,
      access_token: accessToken,
    });
    const minutes = (iso: string) => Math.round((new Date(iso).getTime() - clock.now().getTime()) / 60_000);
    expect(minutes(fresh.body.expiration)).toBe(240);
    expect(minutes(update.body.expiration)).toBe(30);
  });

  it('purges expired link tokens with their sessions, and keeps live ones', async () => {
    const old = await linkToken({ user: { client_user_id: 'u-old', ssn: SSN } });
    await start(old);
    const before = await weft.ctx.db.selectFrom('link_sessions').select('link_session_id').execute();
    expect(before.length).toBeGreaterThan(0);
    // Past Plaid's four hours: the next link token created purges the expired one.
    offsetMs += 4 * 60 * 60 * 1000 + 1000;
    const fresh = await linkToken();
    const gone = await post(weft, '/link/token/get', { ...auth(weft.clientA), link_token: old });
    expect(gone.body).toMatchObject({ error_code: 'INVALID_LINK_TOKEN' });
    const tokens = await weft.ctx.db.selectFrom('link_tokens').select('expires_at').execute();
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.expires_at > clock.now().toISOString()).toBe(true);
    const sessions = await weft.ctx.db.selectFrom('link_sessions').select('link_session_id').execute();
    expect(sessions).toHaveLength(0);
    expect((await tokenGet(fresh)).link_sessions).toHaveLength(0);
  });

  it('purges them in the background too, when no new link token comes', async () => {
    const token = await linkToken({ user: { client_user_id: 'u-quiet', ssn: SSN } });
    await start(token);
    offsetMs += 4 * 60 * 60 * 1000 + 1000;
    const worker = weft.ctx.workers.find((x) => x.name === 'link-token-purge') as
      | (BackgroundWorker & { runOnce(): Promise<number> })
      | undefined;
    expect(await worker!.runOnce()).toBeGreaterThan(0);
    expect(await weft.ctx.db.selectFrom('link_tokens').select('token_hash').execute()).toEqual([]);
    expect(await weft.ctx.db.selectFrom('link_sessions').select('link_session_id').execute()).toEqual([]);
  });
});
