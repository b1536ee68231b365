import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PlaidError } from '../../http/errors';
import { SecretBox } from '../../lib/crypto';
import { createOutboundGuard } from '../../lib/outbound-guard';
import type { LinkedSource, LinkResult } from '../connector';
import { OFX_SERVER_INSTITUTION_ID, type OfxServer } from './directory';
import { OfxDirectConnector } from './ofx-direct.connector';
import { type FakeOfxServer, FIXTURE_MFA, startFakeOfxServer } from './ofx-server.test-kit';
import { DEFAULT_OFX_SETTINGS, type OfxSettings } from './settings';

const NOW = new Date('2026-11-20T15:00:00Z');
const box = new SecretBox(randomBytes(32));
let fake: FakeOfxServer;

function connector(
  kind: 'directory' | 'server',
  settings: Partial<OfxSettings> = {},
  allow: 'loopback' | 'none' = 'loopback',
) {
  return new OfxDirectConnector(
    kind,
    {
      guard: createOutboundGuard(allow),
      secretBox: box,
      settings: { ...DEFAULT_OFX_SETTINGS, timeoutMs: 1000, ...settings },
    },
    () => NOW,
  );
}

function server(version: '102' | '220' = '102'): OfxServer {
  return { url: fake.url, org: fake.org, fid: fake.fid, version };
}

function linked(r: LinkResult) {
  if (r.status !== 'linked') throw new Error(`expected linked, got ${JSON.stringify(r)}`);
  return r;
}

function errorOf(r: LinkResult): string {
  if (r.status !== 'error') throw new Error(`expected an error, got ${r.status}`);
  return r.error.code;
}

async function refreshError(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PlaidError) return e.code;
    throw e;
  }
  throw new Error('expected the read to fail');
}

beforeAll(async () => {
  fake = await startFakeOfxServer({ now: () => NOW, slowMs: 3000 });
});
afterAll(async () => fake.close());

describe('OFX Direct Connect against a fake server', () => {
  it.each(['102', '220'] as const)(
    'links with OFX %s: accounts, balances in minor units and Plaid signs',
    async (version) => {
      const before = fake.requests.length;
      const r = linked(
        await connector('server').linkServer({
          server: server(version),
          userId: 'alice',
          password: 'correct horse',
        }),
      );
      expect(r.accounts.map((a) => [a.name, a.type, a.subtype, a.mask, a.current, a.available])).toEqual([
        ['Everyday Checking', 'depository', 'checking', '6789', 321055, 315055],
        ['High Yield Savings', 'depository', 'savings', '4321', 1042010, 1042010],
        // A card's owed balance is positive in Plaid's sign.
        ['Rewards Visa', 'credit', 'credit card', '4444', 54321, 445679],
      ]);
      const sent = fake.requests.slice(before);
      expect(sent.map((q) => q.requests)).toEqual([['ACCTINFORQ'], ['STMTRQ', 'STMTRQ', 'CCSTMTRQ']]);
      for (const q of sent) {
        expect(q.contentType).toBe('application/x-ofx');
        expect(q.version).toBe(version === '102' ? 'sgml' : 'xml');
        expect([q.appId, q.appVer, q.org, q.fid]).toEqual(['QWIN', '2700', fake.org, fake.fid]);
      }
      // One CLIENTUID per Item, sent in every signon and kept with the login.
      expect(sent[0]!.clientUid).toMatch(/^[0-9a-f-]{36}$/);
      expect(sent[1]!.clientUid).toBe(sent[0]!.clientUid);
      expect((r.login.extra as { clientUid: string }).clientUid).toBe(sent[0]!.clientUid);
      // Linking reads 30 days for balances.
      expect(sent[1]!.dtStart).toEqual(['20261021', '20261021', '20261021']);
      // What signs on is secret; the clear login names no user.
      expect(r.login.secrets).toEqual({
        userId: 'alice',
        password: 'correct horse',
        clientUid: sent[0]!.clientUid,
      });
      expect(JSON.stringify(r.login.extra)).not.toContain('alice');
      expect(r.login.username).not.toContain('alice');
    },
  );

  it('sends the configured APPID and APPVER', async () => {
    const before = fake.requests.length;
    linked(
      await connector('server', { appId: 'WEFT', appVer: '0100' }).linkServer({
        server: server(),
        userId: 'alice',
        password: 'correct horse',
      }),
    );
    expect(fake.requests.slice(before).map((q) => `${q.appId}/${q.appVer}`)).toEqual([
      'WEFT/0100',
      'WEFT/0100',
    ]);
  });

  it('reads transactions from `since` with FITIDs as ids, posted, money out positive', async () => {
    const c = connector('server');
    const r = linked(
      await c.linkServer({ server: server('220'), userId: 'alice', password: 'correct horse' }),
    );
    const source: LinkedSource = {
      institutionId: OFX_SERVER_INSTITUTION_ID,
      login: { ...r.login, secrets: undefined },
      sealedSecrets: box.seal(JSON.stringify(r.login.secrets)),
    };
    // The Item's first pull takes what linking just read: no second signon.
    const count = fake.requests.length;
    const first = await c.refresh(source, '2026-11-01', { day: '2026-11-20', previous: null, accounts: [] });
    expect(fake.requests.length).toBe(count);
    const recent = await c.refresh(source, '2026-11-01', { day: '2026-11-20', previous: null, accounts: [] });
    expect(fake.requests.length).toBe(count + 1);
    expect(recent.transactions).toEqual(first.transactions);
    expect(recent.accounts).toEqual(first.accounts);
    expect(fake.requests.at(-1)!.dtStart).toEqual(['20261101', '20261101', '20261101']);
    expect(recent.complete).toBe(false);
    expect(recent.day).toBe('2026-11-20');
    expect(recent.transactions.map((t) => [t.id, t.date, t.amount, t.description, t.pending])).toEqual([
      ['CHK-0001', '2026-11-18', 4217, 'COFFEE ROASTERS #12', false],
      ['CHK-0002', '2026-11-15', -250000, 'PAYROLL ACME CORP', false],
      ['CHK-0003', '2026-11-11', 12000, 'CITY ELECTRIC', false],
      ['SAV-0001', '2026-11-05', -512, 'INTEREST PAID', false],
      ['CC-0001', '2026-11-17', 1899, 'STREAMING SERVICE', false],
      ['CC-0002', '2026-11-08', -25000, 'PAYMENT THANK YOU', false],
    ]);
    expect(recent.accounts.map((a) => a.key)).toEqual(r.accounts.map((a) => a.key));
    expect(recent.accounts[0]!.numbers).toMatchObject({ account: '000123456789', routing: '121000248' });
    expect(recent.accounts[2]!.numbers).toBeNull();
    const all = await c.refresh(source, null);
    expect(all.complete).toBe(true);
    expect(all.transactions).toHaveLength(11);
    expect(fake.requests.at(-1)!.dtStart).toEqual([null, null, null]);
    // The Item's CLIENTUID, not a new one.
    expect(fake.requests.at(-1)!.clientUid).toBe((r.login.extra as { clientUid: string }).clientUid);
    // Numbers of bank accounts only, by the store's position.
    const details = await c.details(source, [
      { position: 0, mask: '6789', type: 'depository', subtype: 'checking', currency: 'USD' },
      { position: 2, mask: '4444', type: 'credit', subtype: 'credit card', currency: 'USD' },
    ]);
    expect(details).toEqual([
      {
        numbers: { ach: { account: '000123456789', routing: '121000248', wire_routing: null } },
        owners: null,
      },
      { numbers: null, owners: null },
    ]);
  });

  it('wrong credentials: INVALID_CREDENTIALS while linking, ITEM_LOGIN_REQUIRED on a later read', async () => {
    const c = connector('server');
    expect(errorOf(await c.linkServer({ server: server(), userId: 'alice', password: 'wrong' }))).toBe(
      'INVALID_CREDENTIALS',
    );
    const r = linked(
      await c.linkServer({
        server: server(),
        userId: 'mfa',
        password: 'pw',
        mfaAnswers: FIXTURE_MFA.map((q) => q.answer),
      }),
    );
    const source: LinkedSource = { institutionId: OFX_SERVER_INSTITUTION_ID, login: r.login };
    fake.setPassword('mfa', 'changed at the bank');
    try {
      expect(await refreshError(c.refresh(source, '2026-10-01'))).toBe('ITEM_LOGIN_REQUIRED');
    } finally {
      fake.setPassword('mfa', 'pw');
    }
    // A read without the login's secrets cannot sign on either.
    expect(
      await refreshError(c.refresh({ ...source, login: { ...r.login, secrets: undefined } }, null)),
    ).toBe('ITEM_LOGIN_REQUIRED');
  });

  it('escapes what it sends: a password with markup characters signs on', async () => {
    fake.setPassword('alice', 'a<b>&c');
    try {
      linked(await connector('server').linkServer({ server: server(), userId: 'alice', password: 'a<b>&c' }));
    } finally {
      fake.setPassword('alice', 'correct horse');
    }
  });

  it.each([
    ['locked', 'ITEM_LOCKED'],
    ['contact', 'ITEM_LOCKED'],
    ['broken', 'INSTITUTION_DOWN'],
    ['http500', 'INSTITUTION_DOWN'],
    ['garbage', 'INSTITUTION_DOWN'],
    ['badstmt', 'INSTITUTION_DOWN'],
  ])('%s → %s', async (user, code) => {
    expect(
      errorOf(await connector('server').linkServer({ server: server(), userId: user, password: 'pw' })),
    ).toBe(code);
  });

  it('a server slower than the time limit is INSTITUTION_NOT_RESPONDING, in about that time', async () => {
    const started = Date.now();
    const r = await connector('server', { timeoutMs: 300 }).linkServer({
      server: server(),
      userId: 'slow',
      password: 'pw',
    });
    expect(errorOf(r)).toBe('INSTITUTION_NOT_RESPONDING');
    expect(Date.now() - started).toBeLessThan(2500);
  });

  it('an answer larger than the limit is refused as the institution being down', async () => {
    const r = await connector('server', { maxResponseBytes: 1024 }).linkServer({
      server: server(),
      userId: 'alice',
      password: 'correct horse',
    });
    expect(errorOf(r)).toBe('INSTITUTION_DOWN');
  });

  it('goes through the outbound guard: loopback is refused unless allowed', async () => {
    const before = fake.requests.length;
    const https = { ...server(), url: fake.url.replace('http:', 'https:') };
    const r = await connector('server', {}, 'none').linkServer({
      server: https,
      userId: 'alice',
      password: 'correct horse',
    });
    expect(errorOf(r)).toBe('INSTITUTION_NOT_AVAILABLE');
    expect(r.status === 'error' && r.error.message).toContain('loopback');
    expect(fake.requests.length).toBe(before);
  });

  it('follows a temporary redirect through the guard, and refuses one to a private address', async () => {
    let target = fake.url;
    const hop = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(307, { location: target });
        res.end();
      });
    });
    await new Promise<void>((resolve) => hop.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(hop.address() as AddressInfo).port}/old`;
    try {
      const before = fake.requests.length;
      linked(
        await connector('server').linkServer({
          server: { ...server(), url },
          userId: 'alice',
          password: 'correct horse',
        }),
      );
      expect(fake.requests.length - before).toBe(2);
      target = 'http://10.1.2.3/ofx';
      const r = await connector('server').linkServer({
        server: { ...server(), url },
        userId: 'alice',
        password: 'correct horse',
      });
      expect(errorOf(r)).toBe('INSTITUTION_NOT_AVAILABLE');
      expect(r.status === 'error' && r.error.message).toContain('10.1.2.3');
      // Nor is a password carried over plain http to another machine by a redirect.
      target = 'http://ofx.bank.invalid/ofx';
      const down = await connector('server').linkServer({
        server: { ...server(), url },
        userId: 'alice',
        password: 'correct horse',
      });
      expect(errorOf(down)).toBe('INSTITUTION_NOT_AVAILABLE');
    } finally {
      hop.closeAllConnections();
      await new Promise((resolve) => hop.close(resolve));
    }
  });

  it('never sends a password over plain http to another machine', async () => {
    const r = await connector('server').linkServer({
      server: { ...server(), url: 'http://ofx.bank.invalid/ofx' },
      userId: 'alice',
      password: 'correct horse',
    });
    expect(errorOf(r)).toBe('INSTITUTION_NOT_AVAILABLE');
    expect(r.status === 'error' && r.error.message).toContain('https');
  });

  it('MFA: the questions, a wrong answer, then the right ones; later reads send the access key', async () => {
    const c = connector('directory', {
      servers: { ins_weft_ofx_usaa: { url: fake.url, org: fake.org, fid: fake.fid } },
    });
    const input = { institutionId: 'ins_weft_ofx_usaa', username: 'mfa', password: 'pw' };
    const first = await c.link({ kind: 'credentials' }, input);
    if (first.status !== 'mfa') throw new Error(`expected mfa, got ${first.status}`);
    expect(first.challenge).toEqual({ type: 'questions', questions: ['City of birth', 'Favorite color'] });
    expect(first.state).not.toContain('pw');
    expect(fake.requests.at(-1)!.requests).toEqual(['MFACHALLENGERQ']);
    expect(
      errorOf(await c.link({ kind: 'mfa', state: first.state, answers: ['Shelbyville', 'blue'] }, input)),
    ).toBe('INVALID_MFA');
    const r = linked(
      await c.link({ kind: 'mfa', state: first.state, answers: ['Springfield', 'blue'] }, input),
    );
    expect(r.accounts).toHaveLength(3);
    expect(fake.requests.at(-2)!.mfaAnswers).toEqual([
      { phraseId: 'MFA1', answer: 'Springfield' },
      { phraseId: 'MFA5', answer: 'blue' },
    ]);
    const secrets = r.login.secrets as { accessKey?: string };
    expect(secrets.accessKey).toMatch(/^ak-/);
    const read = await c.refresh({ institutionId: 'ins_weft_ofx_usaa', login: r.login }, '2026-10-01');
    expect(read.transactions.length).toBeGreaterThan(0);
    expect(fake.requests.at(-1)!.accessKey).toBe(secrets.accessKey);
    expect(fake.requests.at(-1)!.mfaAnswers).toEqual([]);
  });

  it('the CLI path without answers names the questions', async () => {
    const r = await connector('server').linkServer({ server: server(), userId: 'mfa', password: 'pw' });
    expect(r.status === 'error' && r.error.code).toBe('INVALID_MFA');
    expect(r.status === 'error' && r.error.message).toContain('City of birth');
  });

  it('an unbound connector reaches nothing but its institutions', async () => {
    const c = new OfxDirectConnector('directory');
    expect(c.institutions.map((i) => i.institution_id)).toContain('ins_weft_ofx_chase');
    expect(c.institutions.every((i) => /^ins_weft_ofx_/.test(i.institution_id))).toBe(true);
    expect(c.environments).toEqual(['production']);
    const r = await c.link(
      { kind: 'credentials' },
      { institutionId: 'ins_weft_ofx_chase', username: 'u', password: 'p' },
    );
    expect(errorOf(r)).toBe('INSTITUTION_NOT_AVAILABLE');
  });
});
