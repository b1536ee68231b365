import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../config';
import { PlaidError } from '../../http/errors';
import { SecretBox } from '../../lib/crypto';
import { createOutboundGuard } from '../../lib/outbound-guard';
import type { ConnectorLogin, LinkResult } from '../connector';
import { SimplefinConnector } from './simplefin.connector';
import { SIMPLEFIN_INSTITUTION_ID } from './simplefin.institution';
import { claimUrlOf } from './simplefin.protocol';
import { type FakeBridge, startFakeBridge } from './simplefin.test-kit';

const box = new SecretBox(randomBytes(32));
const loopback = createOutboundGuard('loopback');

function connector(extra: { timeoutMs?: number; maxBytes?: number; guard?: typeof loopback } = {}) {
  return new SimplefinConnector({ guard: loopback, timeoutMs: extra.timeoutMs ?? 2000, ...extra }).bind({
    outbound: extra.guard ?? loopback,
    secretBox: box,
    config: {} as Config,
  });
}

async function link(c: SimplefinConnector, token: string): Promise<LinkResult> {
  return c.link(
    { kind: 'credentials' },
    { institutionId: SIMPLEFIN_INSTITUTION_ID, username: 'setup_token', password: token },
  );
}

function linked(r: LinkResult): Extract<LinkResult, { status: 'linked' }> {
  if (r.status !== 'linked') throw new Error(`not linked: ${JSON.stringify(r)}`);
  return r;
}

/** The login as the store keeps it: secrets sealed. */
function stored(login: ConnectorLogin) {
  return {
    institutionId: SIMPLEFIN_INSTITUTION_ID,
    login: { username: login.username, seed: 'stored-seed' },
    sealedSecrets: box.seal(JSON.stringify(login.secrets)),
  };
}

async function failure(p: Promise<unknown>): Promise<PlaidError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof PlaidError) return e;
    throw e;
  }
  throw new Error('expected a PlaidError');
}

describe('SimpleFIN connector against a fake Bridge', () => {
  let bridge: FakeBridge;
  beforeAll(async () => {
    bridge = await startFakeBridge();
  });
  afterAll(() => bridge.close());
  afterEach(() => {
    bridge.script = { kind: 'serve' };
  });

  it('claims a setup token once and maps accounts in Plaid terms, keeping the access URL only as a secret', async () => {
    const token = bridge.setupToken();
    const r = linked(await link(connector(), token));
    expect(r.login.username).toBe('simplefin:127.0.0.1:' + new URL(bridge.origin).port);
    expect(r.login.secrets?.access_url).toMatch(
      /^http:\/\/user\d+:pass\d+x[\w-]+@127\.0\.0\.1:\d+\/simplefin$/,
    );
    expect(JSON.stringify(r.login.extra ?? {})).not.toContain('pass');
    expect(
      r.accounts.map((a) => [a.name, a.type, a.subtype, a.current, a.available, a.currency, a.mask]),
    ).toEqual([
      ['Everyday Checking', 'depository', 'checking', 123456, 122256, 'USD', null],
      // SimpleFIN's card owes -450.25; Plaid's current balance of a card is what is owed.
      ['Rewards Visa', 'credit', 'credit card', 45025, null, 'USD', null],
    ]);
    // The same token claimed again by another Weft: the Bridge answers 403.
    const again = await link(connector(), token);
    expect(again.status).toBe('error');
    expect(again.status === 'error' && again.error.code).toBe('INVALID_CREDENTIALS');
  });

  it('refuses an expired token, a token that is not one, and a Bridge the outbound policy refuses', async () => {
    const expired = await link(connector(), bridge.expiredToken());
    expect(expired.status === 'error' && expired.error.code).toBe('INVALID_CREDENTIALS');
    const garbage = await link(connector(), 'not a token!');
    expect(garbage.status === 'error' && garbage.error.code).toBe('INVALID_CREDENTIALS');
    expect(() => claimUrlOf(Buffer.from('ftp://x.example/claim').toString('base64'))).toThrow(PlaidError);
    const strict = createOutboundGuard('none');
    const refused = await link(connector({ guard: strict }), bridge.setupToken());
    expect(refused.status === 'error' && refused.error.code).toBe('INSTITUTION_NOT_AVAILABLE');
  });

  it('reads transactions in Plaid sign with pending entries, and pages history by 90-day windows', async () => {
    const c = connector();
    const r = linked(await link(c, bridge.setupToken()));
    const before = bridge.requests.filter((q) => q.path.endsWith('/accounts')).length;
    const since = new Date(Date.now() - 200 * 86_400_000).toISOString().slice(0, 10);
    const read = await c.refresh(stored(r.login), since);
    const reads = bridge.requests.filter((q) => q.path.endsWith('/accounts')).slice(before);
    // Newest window first; the second reaches the 150-day-old entry; the third finds nothing and stops.
    expect(reads.length).toBe(3);
    expect(reads.every((q) => q.query.pending === '1')).toBe(true);
    expect(Number(reads[0]!.query['end-date']) - Number(reads[0]!.query['start-date'])).toBe(90 * 86_400);
    const byId = new Map(read.transactions.map((t) => [t.id, t]));
    expect(byId.get('TRN-pay')).toMatchObject({ amount: -250000, pending: false, currency: 'USD' });
    expect(byId.get('TRN-coffee')).toMatchObject({ amount: 450, description: 'BLUE BOTTLE COFFEE' });
    expect(byId.get('TRN-pending')).toMatchObject({ amount: 1200, pending: true, datetime: null });
    expect(byId.get('TRN-old')).toMatchObject({ amount: 3000 });
    expect(byId.get('TRN-payment')).toMatchObject({ amount: -20000 });
    expect(read.transactions.every((t) => t.date >= since)).toBe(true);
    expect(read.attention).toBeUndefined();
  });

  it('answers a login linked moments ago from its first read, without asking the Bridge again', async () => {
    const c = connector();
    const r = linked(await link(c, bridge.setupToken()));
    const before = bridge.requests.length;
    const read = await c.refresh({ institutionId: SIMPLEFIN_INSTITUTION_ID, login: r.login }, '2000-01-01');
    expect(bridge.requests.length).toBe(before);
    // Taken once: a later read (moving on from a previous one) asks the Bridge.
    const sealed = { ...stored(r.login), login: r.login };
    await c.refresh(sealed, '2000-01-01', { day: '2000-01-01', previous: '2000-01-01', accounts: [] });
    expect(bridge.requests.length).toBeGreaterThan(before);
    expect(read.complete).toBe(true);
    expect(read.transactions.map((t) => t.id)).toContain('TRN-old');
  });

  it('turns revoked access, errors, server errors, slow and malformed answers into Plaid errors', async () => {
    const c = connector({ timeoutMs: 300 });
    const r = linked(await link(c, bridge.setupToken()));
    const source = stored(r.login);
    bridge.script = {
      kind: 'errors',
      errors: ['Connection to Example Bank may need attention'],
      withData: true,
    };
    const warned = await c.refresh(source, null);
    expect(warned.attention).toEqual(['Connection to Example Bank may need attention']);
    expect(warned.accounts.length).toBe(2);
    bridge.script = { kind: 'errors', errors: ['Example Bank needs you to sign in again'], withData: false };
    expect((await failure(c.refresh(source, null))).code).toBe('ITEM_LOGIN_REQUIRED');
    bridge.script = { kind: 'status', status: 500 };
    expect((await failure(c.refresh(source, null))).code).toBe('INSTITUTION_DOWN');
    bridge.script = { kind: 'slow', ms: 1500 };
    const started = Date.now();
    expect((await failure(c.refresh(source, null))).code).toBe('INSTITUTION_NOT_RESPONDING');
    expect(Date.now() - started).toBeLessThan(1200);
    bridge.script = { kind: 'malformed' };
    expect((await failure(c.refresh(source, null))).code).toBe('INSTITUTION_NOT_AVAILABLE');
    bridge.script = { kind: 'serve' };
    const small = connector({ maxBytes: 200 });
    expect((await failure(small.refresh(source, null))).code).toBe('INSTITUTION_NOT_AVAILABLE');
    bridge.revokeAll();
    expect((await failure(c.refresh(source, null))).code).toBe('ITEM_LOGIN_REQUIRED');
  });

  it('cannot read an Item without its sealed access', async () => {
    const c = connector();
    const e = await failure(
      c.refresh({ institutionId: SIMPLEFIN_INSTITUTION_ID, login: { username: 'x', seed: 'none' } }, null),
    );
    expect(e.code).toBe('ITEM_LOGIN_REQUIRED');
  });
});
