import type { SignalEvaluateResponse } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignalPersona, signalPersonaConfig } from '../../connectors/sandbox/signal-personas';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';

/** Signal's sandbox personas: custom users whose history puts each score in its tiers. */
describe('signal: sandbox personas', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  let n = 0;
  async function evaluate(persona: SignalPersona, amount: number) {
    const today = w.ctx.clock.now().toISOString().slice(0, 10);
    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['signal'],
      options: {
        override_username: 'user_custom',
        override_password: JSON.stringify(signalPersonaConfig(persona, today)),
      },
    });
    const accounts = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    const r = await post<SignalEvaluateResponse>(w, '/signal/evaluate', {
      ...auth(w.clientA),
      access_token: accessToken,
      account_id: accounts.body.accounts[0]!.account_id,
      client_transaction_id: `persona-${persona}-${n++}`,
      amount,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  }

  it('scores the stable persona low on both kinds of risk and accepts it', async () => {
    const r = await evaluate('stable', 250);
    expect(r.scores?.customer_initiated_return_risk?.risk_tier).toBeLessThanOrEqual(2);
    expect(r.scores?.bank_initiated_return_risk?.risk_tier).toBeLessThanOrEqual(2);
    expect(r.scores?.bank_initiated_return_risk?.score).toBeLessThan(20);
    expect(r.ruleset).toMatchObject({ ruleset_key: 'default', result: 'ACCEPT' });
    expect(r.core_attributes).toMatchObject({
      available_balance: 8500,
      current_balance: 8500,
      nsf_overdraft_transactions_count_90d: 0,
      days_with_negative_balance_count_90d: 0,
      is_account_closed: false,
      is_account_frozen_or_restricted: false,
    });
    expect(r.core_attributes?.credit_transactions_count_90d).toBeGreaterThan(5);
  });

  it('scores the thin-file persona above the stable one', async () => {
    const stable = await evaluate('stable', 250);
    const thin = await evaluate('thin_file', 250);
    expect(thin.scores?.customer_initiated_return_risk?.score).toBeGreaterThan(
      stable.scores!.customer_initiated_return_risk!.score,
    );
    expect(thin.scores?.bank_initiated_return_risk?.score).toBeGreaterThan(
      stable.scores!.bank_initiated_return_risk!.score,
    );
  });

  it('scores the overdrawn persona high on bank-initiated risk and reroutes it', async () => {
    const r = await evaluate('overdrawn', 100);
    expect(r.scores?.bank_initiated_return_risk?.score).toBeGreaterThanOrEqual(80);
    expect(r.scores?.bank_initiated_return_risk?.risk_tier).toBeGreaterThanOrEqual(7);
    expect(r.ruleset?.result).toBe('REROUTE');
    expect(r.core_attributes).toMatchObject({
      available_balance: -120,
      nsf_overdraft_transactions_count_7d: 1,
      nsf_overdraft_transactions_count_30d: 3,
      nsf_overdraft_transactions_count_90d: 5,
    });
    expect(r.core_attributes?.days_with_negative_balance_count_90d).toBeGreaterThan(30);
  });

  it('scores the disputes persona high on customer-initiated risk', async () => {
    const stable = await evaluate('stable', 250);
    const r = await evaluate('disputes', 250);
    expect(r.core_attributes?.unauthorized_transactions_count_90d).toBe(4);
    expect(r.scores?.customer_initiated_return_risk?.risk_tier).toBe(5);
    expect(r.scores?.customer_initiated_return_risk?.score).toBeGreaterThan(
      stable.scores!.customer_initiated_return_risk!.score + 30,
    );
    expect(['REVIEW', 'REROUTE']).toContain(r.ruleset?.result);
  });

  it.each([
    ['closed', 'Account appears to be closed', { is_account_closed: true }],
    ['frozen', 'Account appears to be frozen or restricted', { is_account_frozen_or_restricted: true }],
  ] as const)(
    'makes bank-initiated risk high for the %s persona and names the rule',
    async (persona, note, flags) => {
      const r = await evaluate(persona, 50);
      expect(r.core_attributes).toMatchObject(flags);
      expect(r.scores?.bank_initiated_return_risk?.score).toBeGreaterThanOrEqual(90);
      expect(r.scores?.bank_initiated_return_risk?.risk_tier).toBe(8);
      expect(r.ruleset).toMatchObject({ result: 'REROUTE', triggered_rule_details: { internal_note: note } });
    },
  );
});
