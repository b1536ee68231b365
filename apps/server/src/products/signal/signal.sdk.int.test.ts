import {
  Configuration,
  PlaidApi,
  Products,
  SignalDecisionOutcome,
  SignalPaymentMethod,
  SignalScheduleDefaultPaymentMethod,
} from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type SignalPersona, signalPersonaConfig } from '../../connectors/sandbox/signal-personas';
import { createTestWeft, type TestWeft } from '../../test/harness';

type Failure = { response?: { status: number; data: { error_type: string; error_code: string } } };

/** Signal through the official client over real HTTP: link, evaluate, schedule, report. */
describe('the official plaid client drives Signal', () => {
  let w: TestWeft;
  let a: PlaidApi;
  beforeAll(async () => {
    w = await createTestWeft();
    const basePath = await w.listen();
    a = new PlaidApi(
      new Configuration({
        basePath,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': w.clientA.clientId, 'PLAID-SECRET': w.clientA.secret } },
      }),
    );
  });
  afterAll(() => w.close());

  async function link(persona: SignalPersona) {
    const today = w.ctx.clock.now().toISOString().slice(0, 10);
    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Signal],
      options: {
        override_username: 'user_custom',
        override_password: JSON.stringify(signalPersonaConfig(persona, today)),
      },
    });
    const ex = await a.itemPublicTokenExchange({ public_token: pt.data.public_token });
    const accounts = await a.accountsGet({ access_token: ex.data.access_token });
    return { accessToken: ex.data.access_token, accountId: accounts.data.accounts[0]!.account_id };
  }

  it('prepares, evaluates, schedules and reports a decision and a return', async () => {
    const { accessToken, accountId } = await link('stable');
    await a.signalPrepare({ access_token: accessToken });
    const ev = await a.signalEvaluate({
      access_token: accessToken,
      account_id: accountId,
      client_transaction_id: 'sdk-1',
      amount: 120.5,
      client_user_id: 'sdk-user',
      is_recurring: true,
      default_payment_method: 'STANDARD_ACH',
      user: { email_address: 'sdk@example.com', address: { street: '1 Main', city: 'Austin' } },
      device: { ip_address: '192.0.2.1', user_agent: 'sdk' },
    });
    expect(ev.data.scores?.customer_initiated_return_risk?.score).toBeGreaterThanOrEqual(1);
    expect(ev.data.scores?.bank_initiated_return_risk?.risk_tier).toBeLessThanOrEqual(2);
    expect(ev.data.core_attributes?.available_balance).toBe(8500);
    expect(ev.data.ruleset?.result).toBe('ACCEPT');

    const sched = await a.signalSchedule({
      access_token: accessToken,
      account_id: accountId,
      client_transaction_id: 'sdk-2',
      amount: 120.5,
      default_payment_method: SignalScheduleDefaultPaymentMethod.SameDayAch,
    });
    expect(sched.data.recommendations).toHaveLength(5);
    expect(sched.data.optimal_date).not.toBeNull();

    const decision = await a.signalDecisionReport({
      client_transaction_id: 'sdk-1',
      initiated: true,
      decision_outcome: SignalDecisionOutcome.Approve,
      payment_method: SignalPaymentMethod.StandardAch,
      days_funds_on_hold: 3,
    });
    expect(decision.data.request_id).toBeTruthy();
    const ret = await a.signalReturnReport({ client_transaction_id: 'sdk-1', return_code: 'R10' });
    expect(ret.data.request_id).toBeTruthy();
  });

  it('reroutes the overdrawn persona and surfaces errors as Plaid error objects', async () => {
    const { accessToken, accountId } = await link('overdrawn');
    const ev = await a.signalEvaluate({
      access_token: accessToken,
      account_id: accountId,
      client_transaction_id: 'sdk-3',
      amount: 80,
    });
    expect(ev.data.ruleset?.result).toBe('REROUTE');
    const again = await a
      .signalEvaluate({
        access_token: accessToken,
        account_id: accountId,
        client_transaction_id: 'sdk-3',
        amount: 80,
      })
      .catch((e: Failure) => e.response);
    expect(again?.status).toBe(400);
    expect(again?.data).toMatchObject({
      error_type: 'SIGNAL_ERROR',
      error_code: 'CLIENT_TRANSACTION_ID_ALREADY_IN_USE',
    });
  });
});
