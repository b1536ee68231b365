import { Configuration, PlaidApi, Products, type SignalEvaluateResponse } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signalPersonaConfig } from '../../connectors/sandbox/signal-personas';
import { type DbHandle, openDatabase } from '../../db/client';
import { createTestWeft, type TestWeft } from '../../test/harness';
import { SignalAdminService } from './signal-admin.service';

type Failure = { response?: { status: number; data: { error_type: string; error_code: string } } };

/**
 * What an evaluation reads is cached per Item and account while the store is unchanged (see
 * SignalService): new transactions and balances, and rulesets written by this process or by
 * another one sharing the database, must show in the next evaluation; one client's cached data
 * never answers another; and the evaluation log's own writes leave the caches standing.
 */
describe('signal: cached reads follow the store', () => {
  let w: TestWeft;
  let a: PlaidApi;
  let b: PlaidApi;
  /** A second connection to the same database, writing as another Weft process would. */
  let other: DbHandle;
  let n = 0;

  const client = (basePath: string, keys: { clientId: string; secret: string }) =>
    new PlaidApi(
      new Configuration({
        basePath,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
      }),
    );

  beforeAll(async () => {
    w = await createTestWeft();
    const basePath = await w.listen();
    a = client(basePath, w.clientA);
    b = client(basePath, w.clientB);
    other = openDatabase(w.config.database);
  });
  afterAll(async () => {
    await other.close();
    await w.close();
  });

  const today = () => w.ctx.clock.now().toISOString().slice(0, 10);

  async function link(api: PlaidApi) {
    const pt = await api.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Auth, Products.Signal],
      options: {
        override_username: 'user_custom',
        override_password: JSON.stringify(signalPersonaConfig('stable', today())),
      },
    });
    const ex = await api.itemPublicTokenExchange({ public_token: pt.data.public_token });
    const accounts = await api.accountsGet({ access_token: ex.data.access_token });
    return { access_token: ex.data.access_token, account_id: accounts.data.accounts[0]!.account_id };
  }

  async function evaluate(
    api: PlaidApi,
    item: { access_token: string; account_id: string },
    ruleset_key?: string,
  ): Promise<SignalEvaluateResponse> {
    const r = await api.signalEvaluate({
      ...item,
      client_transaction_id: `cache-${n++}`,
      amount: 100,
      ...(ruleset_key ? { ruleset_key } : {}),
    });
    return r.data;
  }

  /** Evaluates until `done` holds (another process's write shows once its notification arrives). */
  async function evaluateUntil(
    item: { access_token: string; account_id: string },
    done: (r: SignalEvaluateResponse) => boolean,
    ruleset_key?: string,
  ): Promise<SignalEvaluateResponse> {
    for (const deadline = Date.now() + 5_000; ; ) {
      const r = await evaluate(a, item, ruleset_key);
      if (done(r) || Date.now() > deadline) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
  }

  it('counts transactions that land after an evaluation, and the balance they move', async () => {
    const item = await link(a);
    const before = await evaluate(a, item);
    // Evaluated again unchanged: the same attributes (from the cache).
    expect((await evaluate(a, item)).core_attributes).toEqual(before.core_attributes);
    await a.sandboxTransactionsCreate({
      access_token: item.access_token,
      transactions: [{ date_transacted: today(), date_posted: today(), amount: 35, description: 'NSF FEE' }],
    });
    const after = (await evaluate(a, item)).core_attributes!;
    const was = before.core_attributes!;
    expect(after.nsf_overdraft_transactions_count_7d).toBe(was.nsf_overdraft_transactions_count_7d! + 1);
    expect(after.debit_transactions_count_10d).toBe(was.debit_transactions_count_10d! + 1);
    expect(after.current_balance).toBeCloseTo(was.current_balance! - 35, 2);
  });

  it('sees balances and transactions another process writes', async () => {
    const item = await link(a);
    const before = (await evaluate(a, item)).core_attributes!;
    await other.db
      .updateTable('accounts')
      .set({ balance_current: 123_456, balance_available: 120_000 })
      .where('account_id', '=', item.account_id)
      .execute();
    const moved = await evaluateUntil(item, (r) => r.core_attributes?.current_balance === 1234.56);
    expect(moved.core_attributes).toMatchObject({ current_balance: 1234.56, available_balance: 1200 });
    expect(before.current_balance).not.toBe(1234.56);

    // A transaction removed by another process drops out of the counts.
    const counted = moved.core_attributes!.credit_transactions_count_90d!;
    const credit = await other.db
      .selectFrom('transactions')
      .select('transaction_id')
      .where('account_id', '=', item.account_id)
      .where('removed', '=', 0)
      .where('pending', '=', 0)
      .where('amount', '<', 0)
      .orderBy('date', 'desc')
      .executeTakeFirstOrThrow();
    await other.db.transaction().execute(async (trx) => {
      await trx
        .updateTable('transactions')
        .set({ removed: 1 })
        .where('transaction_id', '=', credit.transaction_id)
        .execute();
      await trx
        .updateTable('transactions_state')
        .set((eb) => ({ seq: eb('seq', '+', 1) }))
        .where('item_id', '=', (eb) =>
          eb.selectFrom('accounts').select('item_id').where('account_id', '=', item.account_id),
        )
        .execute();
    });
    const dropped = await evaluateUntil(
      item,
      (r) => r.core_attributes?.credit_transactions_count_90d === counted - 1,
    );
    expect(dropped.core_attributes?.credit_transactions_count_90d).toBe(counted - 1);
  });

  it('runs a ruleset as last written, here or by another process', async () => {
    const item = await link(a);
    const put = (db: DbHandle['db'], result: string) =>
      new SignalAdminService(db, w.ctx.clock, async () => undefined).putRuleset(
        w.clientA.clientId,
        JSON.stringify({
          ruleset_key: 'cache-test',
          fallback: 'ACCEPT',
          rules: [{ conditions: [{ field: 'amount', op: '>', value: 0 }], result }],
        }),
      );
    await put(w.ctx.db, 'REVIEW');
    expect((await evaluate(a, item, 'cache-test')).ruleset?.result).toBe('REVIEW');
    await put(w.ctx.db, 'REROUTE');
    expect((await evaluate(a, item, 'cache-test')).ruleset?.result).toBe('REROUTE');
    await put(other.db, 'REVIEW');
    const r = await evaluateUntil(item, (e) => e.ruleset?.result === 'REVIEW', 'cache-test');
    expect(r.ruleset?.result).toBe('REVIEW');
  });

  it("never answers one client from another's cached Item or ruleset", async () => {
    const item = await link(a);
    await new SignalAdminService(w.ctx.db, w.ctx.clock, async () => undefined).putRuleset(
      w.clientA.clientId,
      JSON.stringify({ ruleset_key: 'only-a', fallback: 'REVIEW', rules: [] }),
    );
    // A's Item, account and ruleset are cached now.
    expect((await evaluate(a, item, 'only-a')).ruleset?.result).toBe('REVIEW');
    const refused = async (call: Promise<unknown>) => {
      const e = (await call.then(
        () => ({}),
        (err: unknown) => err,
      )) as Failure;
      return { status: e.response?.status, code: e.response?.data.error_code };
    };
    expect(await refused(evaluate(b, item))).toEqual({ status: 400, code: 'INVALID_ACCESS_TOKEN' });
    const own = await link(b);
    expect(await refused(evaluate(b, { ...own, account_id: item.account_id }))).toEqual({
      status: 400,
      code: 'INVALID_ACCOUNT_ID',
    });
    expect(await refused(evaluate(b, own, 'only-a'))).toEqual({ status: 400, code: 'INVALID_FIELD' });
    expect((await evaluate(b, own)).ruleset?.ruleset_key).toBe('default');
  });

  it('leaves the read caches standing when it writes an evaluation', async () => {
    const item = await link(a);
    await evaluate(a, item);
    // Background work (the transactions scheduler) may write meanwhile: of a few tries, one
    // evaluation at least must go through with the change epoch where it was.
    let unmoved = false;
    for (let i = 0; i < 5 && !unmoved; i++) {
      const epoch = w.ctx.changeEpoch();
      await evaluate(a, item);
      unmoved = epoch !== null && w.ctx.changeEpoch() === epoch;
    }
    expect(unmoved).toBe(true);
  });
});
