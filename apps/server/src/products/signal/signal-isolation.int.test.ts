import type { SignalEvaluateResponse } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { signalAdmin } from './signal.routes';

/** Client B can neither evaluate client A's Items nor report on, read or reuse A's evaluations. */
describe('signal: tenant isolation', () => {
  let w: TestWeft;
  let tokenA: string;
  let accountA: string;
  beforeAll(async () => {
    w = await createTestWeft();
    ({ accessToken: tokenA } = await createItem(w, w.clientA, { initial_products: ['signal'] }));
    const r = await post<{ accounts: { account_id: string; subtype: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: tokenA,
    });
    accountA = r.body.accounts.find((x) => x.subtype === 'checking')!.account_id;
    const ev = await post(w, '/signal/evaluate', {
      ...auth(w.clientA),
      access_token: tokenA,
      account_id: accountA,
      client_transaction_id: 'a-1',
      amount: 20,
    });
    expect(ev.status).toBe(200);
  });
  afterAll(() => w.close());

  it("refuses B's evaluate, schedule and prepare with A's access token", async () => {
    for (const [url, body] of [
      ['/signal/evaluate', { account_id: accountA, client_transaction_id: 'b-1', amount: 20 }],
      ['/signal/schedule', { account_id: accountA, client_transaction_id: 'b-2', amount: 20 }],
      ['/signal/prepare', {}],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientB), access_token: tokenA, ...body });
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCESS_TOKEN' });
    }
  });

  it("refuses B's evaluation of A's account through B's own Item", async () => {
    const { accessToken: tokenB } = await createItem(w, w.clientB, { initial_products: ['signal'] });
    const r = await post(w, '/signal/evaluate', {
      ...auth(w.clientB),
      access_token: tokenB,
      account_id: accountA,
      client_transaction_id: 'b-3',
      amount: 20,
    });
    expect(r.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
  });

  it("refuses B's decision and return reports on A's transaction, leaving A's evaluation untouched", async () => {
    for (const [url, body] of [
      ['/signal/decision/report', { client_transaction_id: 'a-1', initiated: false }],
      ['/signal/return/report', { client_transaction_id: 'a-1', return_code: 'R01' }],
    ] as const) {
      const r = await post(w, url, { ...auth(w.clientB), ...body });
      expect(r.status, url).toBe(400);
      expect(r.body, url).toMatchObject({ error_code: 'INVALID_FIELD' });
    }
    const row = await w.ctx.db
      .selectFrom('signal_evaluations')
      .selectAll()
      .where('client_id', '=', w.clientA.clientId)
      .where('client_transaction_id', '=', 'a-1')
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ initiated: null, return_code: null });
  });

  it("lets B use an id A used, keeps each client's rulesets and calibration its own", async () => {
    const { accessToken: tokenB } = await createItem(w, w.clientB, { initial_products: ['signal'] });
    const accounts = await post<{ accounts: { account_id: string; subtype: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientB),
      access_token: tokenB,
    });
    const accountB = accounts.body.accounts.find((x) => x.subtype === 'checking')!.account_id;
    const admin = signalAdmin(w.ctx);
    await admin.putRuleset(
      w.clientA.clientId,
      JSON.stringify({
        ruleset_key: 'a_only',
        rules: [{ conditions: [{ field: 'amount', op: '>', value: 0 }], result: 'REVIEW' }],
      }),
    );
    const evB = (ruleset_key?: string) =>
      post<SignalEvaluateResponse & { error_code?: string }>(w, '/signal/evaluate', {
        ...auth(w.clientB),
        access_token: tokenB,
        account_id: accountB,
        client_transaction_id: ruleset_key ? 'b-ruleset' : 'a-1',
        amount: 20,
        ...(ruleset_key ? { ruleset_key } : {}),
      });
    expect((await evB()).status).toBe(200);
    expect((await evB('a_only')).body).toMatchObject({ error_code: 'INVALID_FIELD' });
    expect((await admin.listRulesets(w.clientB.clientId)).map((r) => r.ruleset_key)).toEqual(['default']);
    const reportA = await admin.report(w.clientA.clientId);
    const reportB = await admin.report(w.clientB.clientId);
    expect([reportA.evaluations, reportB.evaluations]).toEqual([1, 1]);
    await expect(admin.explain(w.clientB.clientId, 'a-1')).resolves.toMatchObject({ account_id: accountB });
  });
});
