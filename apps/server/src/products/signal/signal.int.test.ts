import type { ItemGetResponse, SignalEvaluateResponse, SignalScheduleResponse } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { signalAdmin, signalService } from './signal.routes';

interface Account {
  account_id: string;
  type: string;
  subtype: string | null;
  balances: { available: number | null; current: number | null };
}

/** /signal/* over app.inject(), every response checked against Plaid's spec by the harness. */
describe('signal', () => {
  let w: TestWeft;
  let token: string;
  let checking: Account;
  let credit: Account;
  let txn = 0;
  const nextId = () => `txn-${++txn}`;

  beforeAll(async () => {
    w = await createTestWeft();
    // Linked for auth only: Signal collects the Item's transactions on its first call.
    ({ accessToken: token } = await createItem(w, w.clientA, { initial_products: ['auth'] }));
    const r = await post<{ accounts: Account[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: token,
    });
    checking = r.body.accounts.find((a) => a.subtype === 'checking')!;
    credit = r.body.accounts.find((a) => a.type === 'credit')!;
  });
  afterAll(() => w.close());

  const evaluate = (body: Record<string, unknown>) =>
    post<SignalEvaluateResponse & { error_code?: string; error_type?: string; error_message?: string }>(
      w,
      '/signal/evaluate',
      {
        ...auth(w.clientA),
        access_token: token,
        account_id: checking.account_id,
        client_transaction_id: nextId(),
        amount: 25,
        ...body,
      },
    );

  it("evaluates a debit from the Item's own balances and transactions", async () => {
    const r = await evaluate({ amount: 102.05, client_user_id: 'user-1', is_recurring: false });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const { customer_initiated_return_risk: c, bank_initiated_return_risk: b } = r.body.scores!;
    for (const s of [c!, b!]) {
      expect(s.score).toBeGreaterThanOrEqual(1);
      expect(s.score).toBeLessThanOrEqual(99);
    }
    expect(c!.risk_tier).toBeLessThanOrEqual(5);
    expect(b!.risk_tier).toBeLessThanOrEqual(8);
    const a = r.body.core_attributes!;
    expect(a.available_balance).toBe(checking.balances.available);
    expect(a.current_balance).toBe(checking.balances.current);
    expect(a.is_savings_or_money_market_account).toBe(false);
    expect(a.days_since_first_plaid_connection).toBe(0);
    expect(a.total_plaid_connections_count).toBe(1);
    // The sandbox's generated history came into the store on this first call.
    expect(a.debit_transactions_count_30d).toBeGreaterThan(0);
    expect(a.transactions_last_updated).not.toBeNull();
    expect(Object.keys(a).length).toBeGreaterThanOrEqual(80);
    expect(r.body.ruleset).toMatchObject({ ruleset_key: 'default' });
    expect(['ACCEPT', 'REVIEW', 'REROUTE']).toContain(r.body.ruleset?.result);
    expect(r.body.warnings).toEqual([]);

    const item = await post<ItemGetResponse>(w, '/item/get', { ...auth(w.clientA), access_token: token });
    expect(item.body.item.billed_products).toContain('signal');
  });

  it('raises customer- and bank-initiated risk for an amount above the available balance', async () => {
    const small = await evaluate({ amount: 10 });
    const large = await evaluate({ amount: (checking.balances.available ?? 0) + 5000 });
    expect(large.body.scores!.customer_initiated_return_risk!.score).toBeGreaterThan(
      small.body.scores!.customer_initiated_return_risk!.score,
    );
    expect(large.body.scores!.bank_initiated_return_risk!.score).toBeGreaterThan(
      small.body.scores!.bank_initiated_return_risk!.score,
    );
    expect(large.body.core_attributes!.balance_to_transaction_amount_ratio).toBeLessThan(1);
  });

  it('counts address changes and devices across evaluations of the account', async () => {
    const user = (street: string) => ({
      name: { given_name: 'Ana', family_name: 'Diaz' },
      email_address: 'ana@example.com',
      phone_number: null,
      address: { street, city: 'Austin', region: 'TX', postal_code: '78701', country: 'US' },
    });
    await evaluate({ user: user('1 Main St'), device: { ip_address: '10.0.0.1', user_agent: 'A' } });
    const r = await evaluate({
      user: user('9 Oak Ave'),
      device: { ip_address: '10.0.0.2', user_agent: 'A' },
    });
    expect(r.body.core_attributes).toMatchObject({
      address_change_count_28d: 1,
      address_change_count_90d: 1,
      email_change_count_28d: 0,
      distinct_ip_addresses_count_7d: 2,
      distinct_user_agents_count_7d: 1,
    });
  });

  it.each([
    ['an unknown account', () => ({ account_id: 'nope' }), 'INVALID_INPUT', 'INVALID_ACCOUNT_ID'],
    ['a credit card', () => ({ account_id: credit.account_id }), 'INVALID_INPUT', 'INVALID_ACCOUNT_ID'],
    ['a zero amount', () => ({ amount: 0 }), 'INVALID_REQUEST', 'INVALID_FIELD'],
    ['a negative amount', () => ({ amount: -5 }), 'INVALID_REQUEST', 'INVALID_FIELD'],
    [
      'a 37-character id',
      () => ({ client_transaction_id: 'x'.repeat(37) }),
      'INVALID_REQUEST',
      'INVALID_FIELD',
    ],
    ['an undefined ruleset', () => ({ ruleset_key: 'nope' }), 'INVALID_REQUEST', 'INVALID_FIELD'],
    [
      'a bad access token',
      () => ({ access_token: 'access-sandbox-nope' }),
      'INVALID_INPUT',
      'INVALID_ACCESS_TOKEN',
    ],
    ['no amount', () => ({ amount: undefined }), 'INVALID_REQUEST', 'MISSING_FIELDS'],
  ])('refuses %s with Plaid’s error', async (_, body, type, code) => {
    const r = await evaluate(body());
    expect(r.status, JSON.stringify(r.body)).toBe(400);
    expect(r.body).toMatchObject({ error_type: type, error_code: code });
  });

  it('refuses a client_transaction_id already evaluated (SIGNAL_ERROR)', async () => {
    const first = await evaluate({ client_transaction_id: 'dup-1' });
    expect(first.status).toBe(200);
    const again = await evaluate({ client_transaction_id: 'dup-1' });
    expect(again.status).toBe(400);
    expect(again.body).toMatchObject({
      error_type: 'SIGNAL_ERROR',
      error_code: 'CLIENT_TRANSACTION_ID_ALREADY_IN_USE',
    });
  });

  it('writes evaluations in batches: a waiting id is refused again, and all are stored once flushed', async () => {
    const ids = ['batch-1', 'batch-2', 'batch-3'];
    const answers = await Promise.all(ids.map((id) => evaluate({ client_transaction_id: id })));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const again = await evaluate({ client_transaction_id: 'batch-2' });
    expect(again.body).toMatchObject({ error_code: 'CLIENT_TRANSACTION_ID_ALREADY_IN_USE' });
    await signalService(w.ctx).flush();
    const rows = await w.ctx.db
      .selectFrom('signal_evaluations')
      .select(['client_transaction_id', 'customer_score', 'bank_score'])
      .where('client_transaction_id', 'in', ids)
      .orderBy('client_transaction_id')
      .execute();
    expect(rows.map((r) => r.client_transaction_id)).toEqual(ids);
    expect(rows[0]!.bank_score).toBe(answers[0]!.body.scores!.bank_initiated_return_risk!.score);
  });

  it("runs a client's own ruleset by its key", async () => {
    const admin = signalAdmin(w.ctx);
    await admin.putRuleset(
      w.clientA.clientId,
      JSON.stringify({
        ruleset_key: 'big_debits',
        rules: [
          {
            conditions: [{ field: 'amount', op: '>', value: 1000 }],
            result: 'REVIEW',
            internal_note: 'Large debit',
            custom_action_key: 'manual-review',
          },
        ],
      }),
    );
    const big = await evaluate({ amount: 1500, ruleset_key: 'big_debits' });
    expect(big.body.ruleset).toEqual({
      ruleset_key: 'big_debits',
      result: 'REVIEW',
      triggered_rule_details: { internal_note: 'Large debit', custom_action_key: 'manual-review' },
    });
    const small = await evaluate({ amount: 15, ruleset_key: 'big_debits' });
    expect(small.body.ruleset).toEqual({
      ruleset_key: 'big_debits',
      result: 'ACCEPT',
      triggered_rule_details: null,
    });
  });

  it('records decisions and returns for evaluated transactions, and refuses others', async () => {
    await evaluate({ client_transaction_id: 'paid-1' });
    const decision = await post(w, '/signal/decision/report', {
      ...auth(w.clientA),
      client_transaction_id: 'paid-1',
      initiated: true,
      days_funds_on_hold: 2,
      decision_outcome: 'APPROVE',
      payment_method: 'SAME_DAY_ACH',
      amount_instantly_available: 10.5,
      submitted_at: '2026-12-01T10:00:00Z',
    });
    expect(decision.status, JSON.stringify(decision.body)).toBe(200);
    expect(Object.keys(decision.body)).toEqual(['request_id']);
    const ret = await post(w, '/signal/return/report', {
      ...auth(w.clientA),
      client_transaction_id: 'paid-1',
      return_code: 'R01',
      returned_at: '2026-12-03T09:00:00Z',
    });
    expect(ret.status, JSON.stringify(ret.body)).toBe(200);
    const explained = await signalAdmin(w.ctx).explain(w.clientA.clientId, 'paid-1');
    expect(explained).toMatchObject({ client_transaction_id: 'paid-1', amount: 25 });

    const row = await w.ctx.db
      .selectFrom('signal_evaluations')
      .selectAll()
      .where('client_transaction_id', '=', 'paid-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      initiated: 1,
      decision_outcome: 'APPROVE',
      payment_method: 'SAME_DAY_ACH',
      days_funds_on_hold: 2,
      amount_instantly_available: 1050,
      submitted_at: '2026-12-01T10:00:00.000Z',
      return_code: 'R01',
      returned_at: '2026-12-03T09:00:00.000Z',
    });

    for (const [url, body, message] of [
      [
        '/signal/decision/report',
        { client_transaction_id: 'never', initiated: true },
        'client_transaction_id',
      ],
      [
        '/signal/return/report',
        { client_transaction_id: 'never', return_code: 'R01' },
        'client_transaction_id',
      ],
      ['/signal/return/report', { client_transaction_id: 'paid-1', return_code: 'X9' }, 'return_code'],
      [
        '/signal/return/report',
        { client_transaction_id: 'paid-1', return_code: 'R01', returned_at: 'soon' },
        'returned_at',
      ],
      [
        '/signal/decision/report',
        { client_transaction_id: 'paid-1', initiated: true, submitted_at: '1 Dec' },
        'submitted_at',
      ],
      [
        '/signal/decision/report',
        { client_transaction_id: 'paid-1', initiated: true, days_funds_on_hold: -1 },
        'days_funds_on_hold',
      ],
      [
        '/signal/decision/report',
        { client_transaction_id: 'paid-1', initiated: true, decision_outcome: 'MAYBE' },
        'decision_outcome',
      ],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientA), ...body });
      expect(r.status, `${url} ${JSON.stringify(body)}`).toBe(400);
      expect(r.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
      expect(String(r.body.error_message)).toContain(message);
    }
  });

  it('prepares an Item for signal, once', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['identity'] });
    for (let i = 0; i < 2; i++) {
      const r = await post(w, '/signal/prepare', { ...auth(w.clientA), access_token: accessToken });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
    }
    const item = await post<ItemGetResponse>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(item.body.item.billed_products).toContain('signal');
    const bad = await post(w, '/signal/prepare', { ...auth(w.clientA), access_token: 'access-sandbox-x' });
    expect(bad.body).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
  });

  it('schedules a debit on the business days ahead', async () => {
    const r = await post<SignalScheduleResponse>(w, '/signal/schedule', {
      ...auth(w.clientA),
      access_token: token,
      account_id: checking.account_id,
      client_transaction_id: nextId(),
      amount: 40,
      default_payment_method: 'STANDARD_ACH',
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.recommendations).toHaveLength(5);
    for (const rec of r.body.recommendations) {
      expect([1, 2, 3, 4, 5]).toContain(new Date(`${rec.date}T00:00:00Z`).getUTCDay());
      expect(rec.recommendation === 'RECOMMENDED').toBe(rec.rank !== null);
    }
    const best = r.body.recommendations.find((x) => x.rank === 1);
    expect(r.body.optimal_date).toBe(best?.date ?? null);
    const tooMuch = await post<SignalScheduleResponse>(w, '/signal/schedule', {
      ...auth(w.clientA),
      access_token: token,
      account_id: checking.account_id,
      client_transaction_id: nextId(),
      amount: 10_000_000,
    });
    expect(tooMuch.body.optimal_date).toBeNull();
    expect(tooMuch.body.recommendations.every((x) => x.recommendation === 'NOT_RECOMMENDED')).toBe(true);
  });
});
