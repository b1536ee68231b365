import type { CreditEmploymentGetResponse, CreditPayrollIncomeGetResponse, CreditPayStub } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';

const spec = loadSpecValidator();
const cents = (n: number | null | undefined) => toMinor(n ?? Number.NaN, 'USD');

/** Creates a user of `keys` and links Plaid's sandbox payroll provider for its payroll income. */
export async function payrollUser(
  w: TestWeft,
  keys: TestWeft['clientA'],
  clientUserId: string,
): Promise<{ userToken: string; userId: string; itemId: string }> {
  const u = await post<{ user_token: string; user_id: string }>(w, '/user/create', {
    ...auth(keys),
    client_user_id: clientUserId,
  });
  const pt = await post<{ public_token: string }>(w, '/sandbox/public_token/create', {
    ...auth(keys),
    institution_id: 'ins_135842',
    initial_products: ['income_verification'],
    user_token: u.body.user_token,
    options: {
      webhook: 'https://app.example/income',
      income_verification: { income_source_types: ['payroll'] },
    },
  });
  expect(pt.status, JSON.stringify(pt.body)).toBe(200);
  const ex = await post<{ item_id: string }>(w, '/item/public_token/exchange', {
    ...auth(keys),
    public_token: pt.body.public_token,
  });
  return { userToken: u.body.user_token, userId: u.body.user_id, itemId: ex.body.item_id };
}

/** A paystub's identities, in cents: its breakdowns add up to its totals, and gross less deductions is net. */
function reconcile(s: CreditPayStub): void {
  const sum = (xs: (number | null)[]) => xs.reduce<number>((t, x) => t + cents(x), 0);
  expect(sum(s.earnings.breakdown.map((e) => e.current_amount))).toBe(cents(s.earnings.total.current_amount));
  expect(sum(s.earnings.breakdown.map((e) => e.ytd_amount))).toBe(cents(s.earnings.total.ytd_amount));
  expect(sum(s.deductions.breakdown.map((d) => d.current_amount))).toBe(
    cents(s.deductions.total.current_amount),
  );
  expect(sum(s.deductions.breakdown.map((d) => d.ytd_amount))).toBe(cents(s.deductions.total.ytd_amount));
  expect(cents(s.earnings.total.current_amount) - cents(s.deductions.total.current_amount)).toBe(
    cents(s.net_pay.current_amount),
  );
  expect(cents(s.earnings.total.ytd_amount) - cents(s.deductions.total.ytd_amount)).toBe(
    cents(s.net_pay.ytd_amount),
  );
  expect(cents(s.pay_period_details.gross_earnings)).toBe(cents(s.earnings.total.current_amount));
  expect(cents(s.pay_period_details.pay_amount)).toBe(cents(s.net_pay.current_amount));
}

describe('/credit/payroll_income/get and /credit/employment/get', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ clock: new FixedClock(new Date('2026-11-18T12:00:00Z')) });
  });
  afterAll(() => w.close());

  const call = async <T>(path: string, body: Record<string, unknown>, keys = w.clientA) => {
    const r = await post<T & Record<string, unknown>>(w, path, { ...auth(keys), ...body });
    if (r.status === 200) expect(spec?.validate(path, 200, r.body) ?? []).toEqual([]);
    return r;
  };

  it("reads the payroll provider's paystubs, which reconcile, and last year's W-2, and sends INCOME_VERIFICATION", async () => {
    const { userToken, userId, itemId } = await payrollUser(w, w.clientA, 'payroll-1');
    const r = await call<CreditPayrollIncomeGetResponse>('/credit/payroll_income/get', {
      user_token: userToken,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.items).toHaveLength(1);
    const item = r.body.items[0]!;
    expect(item).toMatchObject({
      item_id: itemId,
      institution_id: 'ins_135842',
      institution_name: 'Platypus Payroll',
      status: { processing_status: 'PROCESSING_COMPLETE' },
    });
    const income = item.payroll_income[0]!;
    expect(income.pay_stubs).toHaveLength(4);
    for (const s of income.pay_stubs) reconcile(s);
    const dates = income.pay_stubs.map((s) => s.pay_period_details.pay_date!);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect(dates[0]! <= '2026-11-18').toBe(true);
    // Year to date: each stub's YTD net is the previous one's plus its own net.
    for (let i = 1; i < income.pay_stubs.length; i++) {
      const newer = income.pay_stubs[i - 1]!;
      const older = income.pay_stubs[i]!;
      expect(cents(newer.net_pay.ytd_amount)).toBe(
        cents(older.net_pay.ytd_amount) + cents(newer.net_pay.current_amount),
      );
    }
    expect(income.w2s).toHaveLength(1);
    const w2 = income.w2s[0]!;
    expect(w2.tax_year).toBe('2025');
    expect(w2.employer.name).toBe(income.pay_stubs[0]!.employer.name);
    expect(cents(Number(w2.wages_tips_other_comp))).toBe(
      cents(Number(w2.social_security_wages)) - cents(Number(w2.box_12[0]!.amount)),
    );

    const hooks = await w.ctx.db.selectFrom('outbox').selectAll().where('item_id', '=', itemId).execute();
    const verification = hooks
      .filter((h) => h.webhook_code === 'INCOME_VERIFICATION')
      .map((h) => JSON.parse(h.payload));
    expect(verification).toEqual([
      {
        webhook_type: 'INCOME',
        webhook_code: 'INCOME_VERIFICATION',
        item_id: itemId,
        user_id: userId,
        verification_status: 'VERIFICATION_STATUS_PROCESSING_COMPLETE',
        environment: 'sandbox',
      },
    ]);
    expect(webhookProblems('IncomeVerificationStatusWebhook', verification[0]) ?? []).toEqual([]);

    const e = await call<CreditEmploymentGetResponse>('/credit/employment/get', { user_token: userToken });
    expect(e.status).toBe(200);
    expect(e.body.items).toEqual([
      expect.objectContaining({
        item_id: itemId,
        employments: [
          expect.objectContaining({
            status: 'ACTIVE',
            employer: { name: w2.employer.name },
            employee_type: 'FULL_TIME',
            last_paystub_date: dates[0],
          }),
        ],
      }),
    ]);
  });

  it('filters by item_ids, answers no Items for a user without payroll, and keeps one client from another', async () => {
    const { userToken, userId, itemId } = await payrollUser(w, w.clientA, 'payroll-2');
    const only = await call<CreditPayrollIncomeGetResponse>('/credit/payroll_income/get', {
      user_id: userId,
      options: { item_ids: ['other'] },
    });
    expect(only.body.items).toEqual([]);
    const mine = await call<CreditPayrollIncomeGetResponse>('/credit/payroll_income/get', {
      user_token: userToken,
      options: { item_ids: [itemId] },
    });
    expect(mine.body.items.map((i) => i.item_id)).toEqual([itemId]);

    const u = await post<{ user_token: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: 'no-payroll',
    });
    const none = await call<CreditPayrollIncomeGetResponse>('/credit/payroll_income/get', {
      user_token: u.body.user_token,
    });
    expect(none.body.items).toEqual([]);

    for (const [path, body] of [
      ['/credit/payroll_income/get', { user_token: userToken }],
      ['/credit/payroll_income/get', { user_id: userId }],
      ['/credit/employment/get', { user_token: userToken }],
    ] as const) {
      const b = await call(path, body, w.clientB);
      expect(b.status, path).toBe(400);
      expect(b.body.error_code).toBe('INVALID_FIELD');
    }
    const missing = await call('/credit/employment/get', {});
    expect(missing.status).toBe(400);
    expect(missing.body.error_code).toBe('MISSING_FIELDS');
  });

  it('/sandbox/income/fire_webhook sends INCOME_VERIFICATION and INCOME_VERIFICATION_RISK_SIGNALS to the given URL, for the client’s own income Items', async () => {
    const { itemId, userId } = await payrollUser(w, w.clientA, 'payroll-fire');
    const fire = (body: Record<string, unknown>, keys = w.clientA) =>
      post(w, '/sandbox/income/fire_webhook', {
        ...auth(keys),
        item_id: itemId,
        webhook: 'https://app.example/fired',
        ...body,
      });
    expect(
      (
        await fire({
          webhook_code: 'INCOME_VERIFICATION',
          verification_status: 'VERIFICATION_STATUS_PROCESSING_FAILED',
        })
      ).status,
    ).toBe(200);
    expect((await fire({ webhook_code: 'INCOME_VERIFICATION_RISK_SIGNALS', user_id: userId })).status).toBe(
      200,
    );
    const sent = await w.ctx.db
      .selectFrom('outbox')
      .selectAll()
      .where('webhook_url', '=', 'https://app.example/fired')
      .orderBy('id')
      .execute();
    const bodies = sent.map((e) => JSON.parse(e.payload) as Record<string, unknown>);
    expect(bodies.map((b) => [b.webhook_code, b.item_id, b.user_id])).toEqual([
      ['INCOME_VERIFICATION', itemId, userId],
      ['INCOME_VERIFICATION_RISK_SIGNALS', itemId, userId],
    ]);
    expect(bodies[0]!.verification_status).toBe('VERIFICATION_STATUS_PROCESSING_FAILED');
    expect(webhookProblems('IncomeVerificationStatusWebhook', bodies[0]) ?? []).toEqual([]);
    expect(webhookProblems('IncomeVerificationRiskSignalsStatusWebhook', bodies[1]) ?? []).toEqual([]);

    const stranger = await fire({ webhook_code: 'INCOME_VERIFICATION' }, w.clientB);
    expect([stranger.status, stranger.body.error_code]).toEqual([400, 'INVALID_FIELD']);
    const otherUser = await fire({ webhook_code: 'INCOME_VERIFICATION', user_id: 'someone-else' });
    expect(otherUser.status).toBe(400);
    const badCode = await fire({ webhook_code: 'BANK_INCOME_REFRESH_COMPLETE' });
    expect([badCode.status, badCode.body.error_type]).toEqual([400, 'INVALID_REQUEST']);
  });

  it('refuses payroll income at a bank, leaving no Item behind', async () => {
    const u = await post<{ user_token: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: 'payroll-bank',
    });
    const before = await w.ctx.db.selectFrom('items').select('item_id').execute();
    const pt = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_109508',
      initial_products: ['income_verification'],
      user_token: u.body.user_token,
      options: { income_verification: { income_source_types: ['payroll'] } },
    });
    expect(pt.status).toBe(400);
    expect(pt.body).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'PRODUCTS_NOT_SUPPORTED' });
    expect(await w.ctx.db.selectFrom('items').select('item_id').execute()).toHaveLength(before.length);
  });
});
