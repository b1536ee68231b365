import type { CreditBankIncome } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { bankIncomeUser } from './income.test-kit';

const spec = loadSpecValidator();
const cents = (n: number) => toMinor(n, 'USD');

describe('/credit/bank_income/get and /credit/bank_income/refresh', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const get = async (body: Record<string, unknown>, keys = w.clientA) => {
    const r = await post<{ bank_income: CreditBankIncome[] } & Record<string, unknown>>(
      w,
      '/credit/bank_income/get',
      {
        ...auth(keys),
        ...body,
      },
    );
    if (r.status === 200) expect(spec?.validate('/credit/bank_income/get', 200, r.body) ?? []).toEqual([]);
    return r;
  };

  it("finds user_bank_income's payroll in the Item's stored deposits, with its frequency, totals and next pay date", async () => {
    const { userToken, itemId } = await bankIncomeUser(w, w.clientA, 'bank-1', {
      username: 'user_bank_income',
    });
    const r = await get({ user_token: userToken });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.bank_income).toHaveLength(1);
    const report = r.body.bank_income[0]!;
    expect(report.days_requested).toBe(180);
    expect(report.items).toHaveLength(1);
    const item = report.items![0]!;
    expect(item).toMatchObject({
      item_id: itemId,
      institution_id: 'ins_109508',
      institution_name: 'First Platypus Bank',
    });
    expect(item.bank_income_accounts!.every((a) => a.type === 'depository')).toBe(true);
    expect(item.bank_income_accounts![0]!.owners[0]!.names.length).toBeGreaterThan(0);

    const salary = item.bank_income_sources!.filter((s) => s.income_category === 'SALARY');
    expect(salary).toHaveLength(1);
    const pay = salary[0]!;
    expect(['BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY']).toContain(pay.pay_frequency);
    // Plaid's bank income source has no next pay date; Weft keeps it in the report (and its PDF).
    const kept = await w.ctx.db
      .selectFrom('bank_income_reports')
      .select('data')
      .where('bank_income_id', '=', report.bank_income_id!)
      .executeTakeFirstOrThrow();
    const next = (
      JSON.parse(kept.data) as {
        items: { sources: { income_source_id: string; next_pay_date: string | null }[] }[];
      }
    ).items[0]!.sources.find((s) => s.income_source_id === pay.income_source_id)!.next_pay_date;
    expect(next! > pay.end_date!).toBe(true);
    expect(next! > '2026-11-18').toBe(true);
    const gap = (Date.parse(next!) - Date.parse(pay.end_date!)) / 86_400_000;
    expect(gap).toBeLessThanOrEqual(pay.pay_frequency === 'MONTHLY' ? 31 : 16);

    // Detected, not invented: the source's transactions are the Item's stored payroll deposits.
    const stored = await w.ctx.db
      .selectFrom('transactions')
      .select(['transaction_id', 'amount', 'date', 'name'])
      .where('item_id', '=', itemId)
      .where('amount', '<', 0)
      .where('pending', '=', 0)
      .where('removed', '=', 0)
      .where('date', '>=', '2026-05-23')
      .execute();
    const payroll = stored.filter((t) => t.name === pay.income_description);
    const listed = pay.historical_summary!.flatMap((m) => m.transactions!);
    expect(listed.map((t) => t.transaction_id).sort()).toEqual(payroll.map((t) => t.transaction_id).sort());
    expect(listed.every((t) => t.amount! > 0)).toBe(true);
    expect(pay.transaction_count).toBe(payroll.length);
    expect(cents(pay.total_amount!)).toBe(-payroll.reduce((s, t) => s + t.amount, 0));
    expect(pay.historical_summary!.reduce((s, m) => s + cents(m.total_amount!), 0)).toBe(
      cents(pay.total_amount!),
    );
    expect(pay.historical_summary!).toHaveLength(7);

    const sum = report.bank_income_summary!;
    const sources = item.bank_income_sources!;
    expect(sum.income_sources_count).toBe(sources.length);
    expect(sum.income_transactions_count).toBe(sources.reduce((n, s) => n + s.transaction_count!, 0));
    expect(cents(sum.total_amounts![0]!.amount)).toBe(
      sources.reduce((n, s) => n + cents(s.total_amount!), 0),
    );
    expect(sum.historical_summary!.reduce((n, m) => n + cents(m.total_amount!), 0)).toBe(
      cents(sum.total_amounts![0]!.amount),
    );
    expect(report.warnings).toEqual([]);
  });

  it('keeps a report: a second read answers the same one; refresh adds a newer one and sends BANK_INCOME_REFRESH_COMPLETE', async () => {
    const { userToken, userId } = await bankIncomeUser(w, w.clientA, 'bank-2', {
      webhook: 'https://app.example/hooks',
    });
    const first = await get({ user_token: userToken });
    const again = await get({ user_id: userId, options: { count: null } });
    expect(again.body.bank_income[0]!.bank_income_id).toBe(first.body.bank_income[0]!.bank_income_id);

    clock.advance(60_000);
    const refreshed = await post(w, '/credit/bank_income/refresh', {
      ...auth(w.clientA),
      user_token: userToken,
      options: { days_requested: 60 },
    });
    expect(refreshed.status, JSON.stringify(refreshed.body)).toBe(200);
    const both = await get({ user_token: userToken, options: { count: 5 } });
    expect(both.body.bank_income).toHaveLength(2);
    expect(both.body.bank_income[0]!.days_requested).toBe(60);
    expect(both.body.bank_income[1]!.bank_income_id).toBe(first.body.bank_income[0]!.bank_income_id);

    const events = await w.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('webhook_type', '=', 'INCOME')
      .where('client_id', '=', w.clientA.clientId)
      .execute();
    const done = events
      .filter((e) => e.webhook_code === 'BANK_INCOME_REFRESH_COMPLETE')
      .map((e) => JSON.parse(e.payload));
    expect(done).toEqual([
      {
        webhook_type: 'INCOME',
        webhook_code: 'BANK_INCOME_REFRESH_COMPLETE',
        user_id: userId,
        result: 'SUCCESS',
        environment: 'sandbox',
      },
    ]);
    expect(webhookProblems('BankIncomeRefreshCompleteWebhook', done[0]) ?? []).toEqual([]);
  });

  it('makes one first report when several reads ask for it at once', async () => {
    const { userToken, userId } = await bankIncomeUser(w, w.clientA, 'bank-race');
    const reads = await Promise.all([1, 2, 3, 4].map(() => get({ user_token: userToken })));
    expect(reads.map((r) => r.status)).toEqual([200, 200, 200, 200]);
    expect(new Set(reads.map((r) => r.body.bank_income[0]!.bank_income_id)).size).toBe(1);
    const stored = await w.ctx.db
      .selectFrom('bank_income_reports')
      .select('bank_income_id')
      .where('user_id', '=', userId)
      .execute();
    expect(stored).toHaveLength(1);
  });

  it('answers an empty list for a user with no bank Item, and refuses to refresh it', async () => {
    const u = await post<{ user_token: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: 'no-items',
    });
    const r = await get({ user_token: u.body.user_token });
    expect(r.status).toBe(200);
    expect(r.body.bank_income).toEqual([]);
    const refresh = await post(w, '/credit/bank_income/refresh', {
      ...auth(w.clientA),
      user_token: u.body.user_token,
    });
    expect(refresh.status).toBe(400);
    expect(refresh.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'PRODUCT_NOT_READY' });
  });

  it("answers bad input with Plaid's errors, and keeps one client's users and reports from another", async () => {
    const { userToken, userId } = await bankIncomeUser(w, w.clientA, 'bank-iso');
    const none = await get({});
    expect(none.status).toBe(400);
    expect(none.body.error_code).toBe('MISSING_FIELDS');
    const bad = await get({ user_token: 'user-sandbox-00000000-0000-0000-0000-000000000000' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_type: 'INVALID_REQUEST', error_code: 'INVALID_FIELD' });
    const count = await get({ user_token: userToken, options: { count: 0 } });
    expect(count.status).toBe(400);

    expect((await get({ user_token: userToken }, w.clientB)).status).toBe(400);
    expect((await get({ user_id: userId }, w.clientB)).status).toBe(400);
    const refreshB = await post(w, '/credit/bank_income/refresh', {
      ...auth(w.clientB),
      user_token: userToken,
    });
    expect(refreshB.status).toBe(400);
    expect((await get({ user_token: userToken })).status).toBe(200);

    // Nor can client B link an Item for client A's user.
    const pt = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientB),
      institution_id: 'ins_109508',
      initial_products: ['income_verification'],
      user_token: userToken,
    });
    expect(pt.status).toBe(400);
    expect(pt.body.error_code).toBe('INVALID_FIELD');
  });

  it('requires a user for an Income link token, and stores the user by id, never its token', async () => {
    const base = {
      ...auth(w.clientA),
      client_name: 'Income app',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'lt-user' },
      products: ['income_verification'],
      income_verification: { income_source_types: ['bank'], bank_income: { days_requested: 90 } },
    };
    const missing = await post(w, '/link/token/create', base);
    expect(missing.status).toBe(400);
    expect(missing.body.error_code).toBe('MISSING_FIELDS');
    const u = await post<{ user_token: string; user_id: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: 'lt-user',
    });
    const ok = await post(w, '/link/token/create', { ...base, user_token: u.body.user_token });
    expect(ok.status, JSON.stringify(ok.body)).toBe(200);
    const rows = await w.ctx.db.selectFrom('link_tokens').selectAll().execute();
    expect(JSON.stringify(rows)).not.toContain(u.body.user_token);
    const two = await post(w, '/link/token/create', {
      ...base,
      user_token: u.body.user_token,
      income_verification: { income_source_types: ['bank', 'payroll'] },
    });
    expect(two.status).toBe(400);
    expect(two.body.error_code).toBe('INVALID_FIELD');
  });
});
