import { spawn } from 'node:child_process';
import path from 'node:path';
import { Configuration, CountryCode, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type FakeOfxServer,
  FIXTURE_MFA,
  startFakeOfxServer,
} from '../../connectors/ofx-direct/ofx-server.test-kit';
import { FixedClock } from '../../lib/clock';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import type { LinkPane } from '../link-session/link-session.contract';
import { linkSessionKit } from '../link-session/link-session.test-kit';
import { parseConnectOfx } from './connect-ofx';

const MAIN = path.join(import.meta.dirname, '..', '..', 'main.ts');
const USAA = 'ins_weft_ofx_usaa';

/** Plaid's error body out of an SDK rejection. */
async function plaidError(p: Promise<unknown>): Promise<{ error_code: string; error_type: string }> {
  try {
    await p;
  } catch (e) {
    const body = (e as { response?: { data?: { error_code: string; error_type: string } } }).response?.data;
    if (body) return body;
    throw e;
  }
  throw new Error('expected the call to fail');
}

// The fake bank answers on 127.0.0.1 and one directory bank (USAA) is pointed at it, as an
// operator corrects an entry with WEFT_OFX_SERVERS.
describe('OFX Direct Connect through Link, the plaid client and the CLI', { timeout: 120_000 }, () => {
  let fake: FakeOfxServer;
  let w: TestWeft;
  let base: string;
  let live: ClientKeys;
  let other: ClientKeys;
  const clock = new FixedClock(new Date());
  const kit = linkSessionKit(() => w);

  const sdk = (keys: ClientKeys) =>
    new PlaidApi(
      new Configuration({
        basePath: base,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
      }),
    );

  beforeAll(async () => {
    fake = await startFakeOfxServer({ slowMs: 2500 });
    w = await createTestWeft({
      clock,
      env: {
        WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
        WEFT_OFX_TIMEOUT_MS: '1000',
        WEFT_OFX_SERVERS: JSON.stringify({ [USAA]: { url: fake.url, org: fake.org, fid: fake.fid } }),
      },
    });
    live = await w.ctx.clients.create('live app', 'production');
    other = await w.ctx.clients.create('other live app', 'production');
    base = await w.listen();
  });
  afterAll(async () => {
    await w?.close();
    await fake?.close();
  });

  /** Link with production keys up to the credentials pane of the USAA entry. */
  async function atCredentials(keys = live): Promise<{ token: string; id: string }> {
    const created = await sdk(keys).linkTokenCreate({
      client_name: 'Budget App',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'user-1' },
      products: [Products.Transactions],
    });
    const token = created.data.link_token;
    expect(token).toMatch(/^link-production-/);
    const s = await kit.start(token);
    const found = await kit.call<{ institutions: { institution_id: string }[] }>(token, 'search', {
      link_session_id: s.link_session_id,
      query: 'USAA',
    });
    expect(found.body.institutions.map((i) => i.institution_id)).toContain(USAA);
    const pane = await kit.call<LinkPane>(token, 'institution', {
      link_session_id: s.link_session_id,
      institution_id: USAA,
    });
    expect(pane.body.pane).toBe('credentials');
    return { token, id: s.link_session_id };
  }

  async function finish(token: string, id: string, pane: LinkPane): Promise<string> {
    if (pane.pane !== 'select_account') throw new Error(`expected select_account, got ${pane.pane}`);
    const done = await kit.call<LinkPane>(token, 'select', {
      link_session_id: id,
      account_ids: pane.accounts.map((a) => a.id),
    });
    if (done.body.pane !== 'success') throw new Error(`expected success, got ${JSON.stringify(done.body)}`);
    const ex = await sdk(live).itemPublicTokenExchange({ public_token: done.body.public_token });
    return ex.data.access_token;
  }

  it('links through Link with MFA; the plaid client reads accounts, auth and transactions; remove drops the login', async () => {
    const { token, id } = await atCredentials();
    const wrong = await kit.call(token, 'credentials', {
      link_session_id: id,
      username: 'mfa',
      password: 'nope',
    });
    expect([wrong.status, wrong.body.error_code]).toEqual([400, 'INVALID_CREDENTIALS']);
    const mfa = await kit.call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'mfa',
      password: 'pw',
    });
    expect(mfa.body).toMatchObject({
      pane: 'mfa',
      challenge: { type: 'questions', questions: FIXTURE_MFA.map((q) => q.label) },
    });
    const bad = await kit.call(token, 'mfa', { link_session_id: id, answers: ['Shelbyville', 'blue'] });
    expect(bad.body.error_code).toBe('INVALID_MFA');
    const again = await kit.call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'mfa',
      password: 'pw',
    });
    expect(again.body.pane).toBe('mfa');
    const ok = await kit.call<LinkPane>(token, 'mfa', {
      link_session_id: id,
      answers: FIXTURE_MFA.map((q) => q.answer),
    });
    const accessToken = await finish(token, id, ok.body);
    expect(accessToken).toMatch(/^access-production-/);
    const plaid = sdk(live);

    const accounts = (await plaid.accountsGet({ access_token: accessToken })).data;
    expect(accounts.item.institution_id).toBe(USAA);
    expect(
      accounts.accounts.map((a) => [
        a.name,
        a.mask,
        a.type,
        a.subtype,
        a.balances.current,
        a.balances.available,
      ]),
    ).toEqual([
      ['Everyday Checking', '6789', 'depository', 'checking', 3210.55, 3150.55],
      ['High Yield Savings', '4321', 'depository', 'savings', 10420.1, 10420.1],
      ['Rewards Visa', '4444', 'credit', 'credit card', 543.21, 4456.79],
    ]);

    const numbers = (await plaid.authGet({ access_token: accessToken })).data.numbers.ach;
    expect(numbers.map((n) => [n.account, n.routing])).toEqual([
      ['000123456789', '121000248'],
      ['000987654321', '121000248'],
    ]);

    // The first 30 days land at once; the rest of the history once the historical pull is due.
    clock.advance(5_000);
    let added: { transaction_id: string; name: string; amount: number; pending: boolean; date: string }[] =
      [];
    let cursor: string | undefined;
    for (let more = true; more; ) {
      const page = (
        await plaid.transactionsSync({ access_token: accessToken, ...(cursor ? { cursor } : {}) })
      ).data;
      added = added.concat(page.added);
      cursor = page.next_cursor;
      more = page.has_more;
    }
    expect(added).toHaveLength(11);
    expect(added.every((t) => !t.pending)).toBe(true);
    const coffee = added.find((t) => t.name === 'COFFEE ROASTERS #12')!;
    const pay = added.filter((t) => t.name === 'PAYROLL ACME CORP');
    expect(coffee.amount).toBe(42.17);
    expect(pay.map((t) => t.amount)).toEqual([-2500, -2500]);
    expect(new Set(added.map((t) => t.transaction_id)).size).toBe(11);
    // Later reads sent the key the bank gave after MFA, and the Item's one CLIENTUID.
    const signons = fake.requests.filter((r) => r.userId === 'mfa' && r.requests.includes('STMTRQ'));
    expect(signons.at(-1)!.accessKey).toMatch(/^ak-/);
    expect(new Set(signons.map((r) => r.clientUid)).size).toBe(1);

    // What signs on is stored sealed, never in clear.
    const item = await w.ctx.db
      .selectFrom('items')
      .selectAll()
      .where('item_id', '=', accounts.item.item_id)
      .executeTakeFirstOrThrow();
    expect(item.connector).toBe('ofx');
    expect(item.credentials_sealed).toMatch(/^v1\./);
    expect(`${item.login}${item.credentials_sealed}`).not.toContain('"pw"');
    expect(JSON.parse(w.ctx.secretBox.open(item.credentials_sealed!))).toMatchObject({
      userId: 'mfa',
      password: 'pw',
    });

    // Another client, even of the same environment, cannot reach the Item.
    expect((await plaidError(sdk(other).accountsGet({ access_token: accessToken }))).error_code).toBe(
      'INVALID_ACCESS_TOKEN',
    );

    await plaid.itemRemove({ access_token: accessToken });
    const gone = await w.ctx.db
      .selectFrom('items')
      .select('item_id')
      .where('item_id', '=', accounts.item.item_id)
      .execute();
    expect(gone).toEqual([]);
  });

  it('a password changed at the bank: the next read is ITEM_LOGIN_REQUIRED, and update mode repairs the Item', async () => {
    const { token, id } = await atCredentials();
    const ok = await kit.call<LinkPane>(token, 'credentials', {
      link_session_id: id,
      username: 'alice',
      password: 'correct horse',
    });
    const accessToken = await finish(token, id, ok.body);
    fake.setPassword('alice', 'changed');
    // Linking just read the bank: an app's refresh reads again once the source's minimum gap has passed.
    clock.advance(2 * 3600_000);
    try {
      const e = await plaidError(sdk(live).transactionsRefresh({ access_token: accessToken }));
      expect([e.error_type, e.error_code]).toEqual(['ITEM_ERROR', 'ITEM_LOGIN_REQUIRED']);
      // The Item now carries the error, as Plaid shows it on every call until update mode.
      const after = await plaidError(sdk(live).accountsGet({ access_token: accessToken }));
      expect(after.error_code).toBe('ITEM_LOGIN_REQUIRED');

      // The user signs on again through Link's update mode: the Item is repaired and reads with the new password.
      const update = await sdk(live).linkTokenCreate({
        client_name: 'Budget App',
        language: 'en',
        country_codes: [CountryCode.Us],
        user: { client_user_id: 'user-1' },
        access_token: accessToken,
      });
      const ut = update.data.link_token;
      const us = await kit.start(ut);
      expect([us.mode, us.institution?.institution_id]).toEqual(['update', USAA]);
      await kit.call(ut, 'institution', { link_session_id: us.link_session_id, institution_id: USAA });
      const stale = await kit.call(ut, 'credentials', {
        link_session_id: us.link_session_id,
        username: 'alice',
        password: 'correct horse',
      });
      expect(stale.body.error_code).toBe('INVALID_CREDENTIALS');
      const repaired = await kit.call<LinkPane>(ut, 'credentials', {
        link_session_id: us.link_session_id,
        username: 'alice',
        password: 'changed',
      });
      expect(repaired.body.pane).toBe('success');
      // The first read takes what the update just downloaded; the next signs on with the new password.
      const before = fake.requests.length;
      clock.advance(2 * 3600_000);
      await sdk(live).transactionsRefresh({ access_token: accessToken });
      expect(fake.requests.length).toBe(before);
      clock.advance(2 * 3600_000);
      await sdk(live).transactionsRefresh({ access_token: accessToken });
      expect(fake.requests.length).toBe(before + 1);
      expect(fake.requests.at(-1)!.userId).toBe('alice');
      expect((await sdk(live).accountsGet({ access_token: accessToken })).data.accounts).toHaveLength(3);
    } finally {
      fake.setPassword('alice', 'correct horse');
    }
  });

  it.each([
    ['locked', 'ITEM_LOCKED'],
    ['broken', 'INSTITUTION_DOWN'],
    ['http500', 'INSTITUTION_DOWN'],
    ['garbage', 'INSTITUTION_DOWN'],
    ['slow', 'INSTITUTION_NOT_RESPONDING'],
  ])('Link shows the bank failing (%s) as %s', async (username, code) => {
    const { token, id } = await atCredentials();
    const r = await kit.call(token, 'credentials', { link_session_id: id, username, password: 'pw' });
    expect(r.body.error_code).toBe(code);
  });

  it('sandbox keys see no OFX bank', async () => {
    const e = await plaidError(
      sdk(w.clientA).institutionsGetById({ institution_id: USAA, country_codes: [CountryCode.Us] }),
    );
    expect(e.error_code).toBe('INVALID_INSTITUTION');
    const token = await kit.linkToken();
    const s = await kit.start(token);
    const pick = await kit.call(token, 'institution', {
      link_session_id: s.link_session_id,
      institution_id: USAA,
    });
    expect(pick.body.error_code).toBe('INVALID_INSTITUTION');
    const listed = await post<{ institution: { name: string } }>(w, '/institutions/get_by_id', {
      ...auth(live),
      institution_id: USAA,
      country_codes: ['US'],
    });
    expect(listed.body.institution.name).toBe('USAA (OFX Direct Connect)');
  });

  /** Runs `weft connect ofx …` against the test Weft's database. */
  function weftConnect(args: string[]): Promise<{ code: number | null; lines: string[]; stderr: string }> {
    const db = w.config.database;
    const env = {
      PATH: process.env.PATH ?? '',
      WEFT_DATA_DIR: w.config.dataDir,
      DATABASE_URL: db.dialect === 'sqlite' ? `sqlite:${db.file}` : db.url,
      LOG_LEVEL: 'silent',
      WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
      ...(w.config.encryptionKey ? { WEFT_ENCRYPTION_KEY: w.config.encryptionKey } : {}),
    };
    return new Promise((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'connect', 'ofx', ...args], { env });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
      });
      child.stderr.on('data', (d: Buffer) => {
        err += d.toString();
      });
      child.on('exit', (code) => resolve({ code, lines: out.split('\n').filter(Boolean), stderr: err }));
    });
  }

  it('weft connect ofx links a named server as an Item and prints one JSON line', async () => {
    const server = ['--url', fake.url, '--org', fake.org, '--fid', fake.fid];
    const r = await weftConnect([
      ...server,
      '--user',
      'alice',
      '--password',
      'correct horse',
      '--client-id',
      live.clientId,
      '--appid',
      'QMOFX',
      '--appver',
      '2500',
    ]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(1);
    const out = JSON.parse(r.lines[0]!) as {
      item_id: string;
      access_token: string;
      accounts: number;
      transactions: number;
    };
    expect(Object.keys(out).sort()).toEqual(['access_token', 'accounts', 'item_id', 'transactions']);
    // Seven of the fixtures fall in the first 30 days.
    expect([out.accounts, out.transactions]).toEqual([3, 7]);
    expect(fake.requests.at(-1)!.appId).toBe('QMOFX');
    const read = (await sdk(live).accountsGet({ access_token: out.access_token })).data;
    expect(read.item.item_id).toBe(out.item_id);
    expect(read.item.institution_id).toBe('ins_weft_ofx_server');
    expect(read.accounts).toHaveLength(3);
    expect((await plaidError(sdk(other).accountsGet({ access_token: out.access_token }))).error_code).toBe(
      'INVALID_ACCESS_TOKEN',
    );

    const wrong = await weftConnect([
      ...server,
      '--user',
      'alice',
      '--password',
      'nope',
      '--client-id',
      live.clientId,
    ]);
    expect(wrong.code).toBe(1);
    expect(wrong.lines.map((l) => JSON.parse(l))).toEqual([
      { error: { code: 'INVALID_CREDENTIALS', message: expect.any(String) } },
    ]);
    const bare = await weftConnect(['--url', fake.url]);
    expect(bare.code).toBe(2);
    expect(JSON.parse(bare.lines[0]!).error.code).toBe('INVALID_ARGUMENTS');
    expect(bare.stderr).toContain('usage:');
  });

  it('parses its arguments', () => {
    const base = [
      '--url',
      'https://ofx.example/ofx',
      '--org',
      'O',
      '--fid',
      '1',
      '--user',
      'u',
      '--client-id',
      'c',
    ];
    expect(
      parseConnectOfx([...base, '--password=p w', '--mfa-answer', 'a', '--mfa-answer', 'b']),
    ).toMatchObject({
      password: 'p w',
      mfaAnswers: ['a', 'b'],
      version: '102',
      appId: null,
    });
    expect(parseConnectOfx([...base, '--password-stdin', '--ofx-version', '220'])).toMatchObject({
      password: null,
      passwordStdin: true,
      version: '220',
    });
    expect(parseConnectOfx(base)).toBe('give exactly one of --password and --password-stdin');
    expect(parseConnectOfx([...base, '--password', 'p', '--ofx-version', '103'])).toBe(
      '--ofx-version is 102 or 220',
    );
    expect(parseConnectOfx([...base, '--password', 'p', '--nope'])).toBe('unknown argument --nope');
  });
});
