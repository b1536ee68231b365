import { describe, expect, it } from 'vitest';
import type { LinkInput, LinkResult, LinkStep } from '../connector';
import { SandboxConnector } from './sandbox.connector';

const sandbox = new SandboxConnector();
const login = (
  input: Partial<LinkInput> & { state?: string; mfaAnswers?: string[] },
): Promise<LinkResult> => {
  const { state, mfaAnswers, ...rest } = input;
  const step: LinkStep =
    state === undefined ? { kind: 'credentials' } : { kind: 'mfa', state, answers: mfaAnswers ?? [] };
  return sandbox.link(step, {
    institutionId: 'ins_109508',
    username: 'user_good',
    password: 'pass_good',
    ...rest,
  });
};

describe('SandboxConnector MFA', () => {
  it.each([
    ['user_good', 'mfa_device', 'device'],
    ['user_good', 'mfa_questions_1_2', 'questions'],
    ['user_good', 'mfa_selections', 'selections'],
    ['mfa_device', 'pass_good', 'device'],
  ])('challenges %s / %s in Link with a %s challenge', async (username, password, type) => {
    const r = await login({ username, password });
    expect(r.status).toBe('mfa');
    if (r.status === 'mfa') expect(r.challenge.type).toBe(type);
  });

  it("completes Plaid's device challenge with 1234 and refuses another code", async () => {
    const first = await login({ password: 'mfa_device' });
    if (first.status !== 'mfa') throw new Error('expected a challenge');
    const wrong = await login({ password: 'mfa_device', state: first.state, mfaAnswers: ['0000'] });
    expect(wrong.status === 'error' && wrong.error.code).toBe('INVALID_MFA');
    const right = await login({ password: 'mfa_device', state: first.state, mfaAnswers: ['1234'] });
    expect(right.status).toBe('linked');
  });

  it('completes every round itself when unattended, with the same data as user_good', async () => {
    const plain = await login({});
    const mfa = await login({ password: 'mfa_questions_3_3', unattended: true });
    expect(mfa.status).toBe('linked');
    if (mfa.status === 'linked' && plain.status === 'linked') expect(mfa.login.seed).toBe(plain.login.seed);
  });

  it('refuses logins at the unsupported test bank', async () => {
    const r = await login({ institutionId: 'ins_133402' });
    expect(r.status === 'error' && r.error.code).toBe('INSTITUTION_NO_LONGER_SUPPORTED');
  });

  it('refreshes a login into its accounts and balances, with owners by account key', async () => {
    const r = await login({});
    if (r.status !== 'linked') throw new Error('expected a login');
    const data = await sandbox.refresh({ institutionId: 'ins_109508', login: r.login }, null);
    expect(data.accounts.map((a) => a.key)).toEqual(r.accounts.map((a) => a.key));
    expect(data.accounts[0]).toMatchObject({ current: r.accounts[0]!.current, currency: 'USD' });
    expect(data.owners[r.accounts[0]!.key]![0]!.names).toEqual(['Alberta Bobbeth Charleson']);
    expect(await sandbox.health()).toEqual({ status: 'healthy' });
  });
});

describe('SandboxConnector reads', () => {
  const linked = async (username = 'user_good', password = 'pass_good') => {
    const r = await login({ username, password });
    if (r.status !== 'linked') throw new Error('expected a login');
    const source = { institutionId: 'ins_109508', login: r.login };
    const accounts = r.accounts.map((a, position) => ({
      id: `acc-${position}`,
      position,
      mask: a.mask,
      type: a.type,
      subtype: a.subtype,
      currency: a.currency,
      current: a.current,
    }));
    return { source, accounts };
  };

  it('gives the same transactions for the same day, with ids stable from pending to posted', async () => {
    const { source, accounts } = await linked();
    const ctx = { day: '2026-11-28', previous: null, accounts };
    const first = await sandbox.refresh(source, '2026-10-29', ctx);
    expect(first.transactions.length).toBeGreaterThan(20);
    expect(await sandbox.refresh(source, '2026-10-29', ctx)).toEqual(first);
    expect(first.day).toBe('2026-11-28');
    expect(first.transactions.every((t) => t.loginKey === t.id && t.date >= '2026-10-29')).toBe(true);

    const pending = first.transactions.filter((t) => t.pending);
    expect(pending.length).toBeGreaterThan(0);
    const later = await sandbox.refresh(source, '2026-11-28', {
      ...ctx,
      day: '2026-12-05',
      previous: '2026-11-28',
    });
    const byId = new Map(later.transactions.map((t) => [t.id, t]));
    const released = new Set((later.released ?? []).map((r) => r.id));
    for (const p of pending) {
      const now = byId.get(p.id);
      // Every pending of the previous read is back, posted or still pending, or released.
      expect(Boolean(now) !== released.has(p.id), p.id).toBe(true);
      if (now && !now.pending) expect(now.hadPending).toBe(true);
    }
    expect(later.transactions.some((t) => t.id === pending[0]!.id && !t.pending)).toBe(true);
    // Nothing authorized before `since` comes back unless it was pending on the previous read.
    const pendingIds = new Set(pending.map((t) => t.id));
    expect(
      later.transactions.filter((t) => (t.authorizedDate ?? t.date) < '2026-11-28' && !pendingIds.has(t.id)),
    ).toEqual([]);
  });

  it("moves Plaid's dynamic user a day on a refresh the app asks for, and no one else", async () => {
    const dynamic = await linked('user_transactions_dynamic', 'any');
    const ctx = { day: '2026-11-28', previous: '2026-11-27', accounts: dynamic.accounts };
    expect((await sandbox.refresh(dynamic.source, '2026-11-27', ctx)).day).toBe('2026-11-28');
    expect((await sandbox.refresh(dynamic.source, '2026-11-27', { ...ctx, onDemand: true })).day).toBe(
      '2026-11-29',
    );
    const good = await linked();
    const onDemand = { ...ctx, accounts: good.accounts, onDemand: true };
    expect((await sandbox.refresh(good.source, '2026-11-27', onDemand)).day).toBe('2026-11-28');
  });

  it("gives a custom user's listed transactions, all of them, as listed on the read's day", async () => {
    const config = {
      override_accounts: [
        {
          type: 'depository',
          subtype: 'checking',
          starting_balance: 100,
          transactions: [
            { date_transacted: '2025-01-02', date_posted: '2025-01-03', amount: 12.5, description: 'OLD' },
            { date_transacted: '2026-11-27', date_posted: '2026-11-30', amount: -3, description: 'LATER' },
          ],
        },
      ],
    };
    const custom = await linked('user_custom', JSON.stringify(config));
    const read = await sandbox.refresh(custom.source, '2026-10-29', {
      day: '2026-11-28',
      previous: null,
      accounts: custom.accounts,
    });
    expect(read.complete).toBe(true);
    expect(read.day).toBeUndefined();
    expect(read.transactions.map((t) => [t.id, t.date, t.amount, t.pending])).toEqual([
      ['custom:0:0', '2025-01-03', 1250, false],
      ['custom:0:1', '2026-11-27', -300, true],
    ]);
  });
});
