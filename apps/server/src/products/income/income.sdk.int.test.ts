import { Configuration, IncomeVerificationSourceType, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../lib/pdf/pdf-text';
import { createTestWeft, LOOPBACK_TARGETS, type TestWeft } from '../../test/harness';
import { startReceiver, type WebhookReceiver } from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};

type Failure = { response?: { status: number; data: { error_code: string; error_type: string } } };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Failure) => e.response,
  );

/** Income through the official client over real HTTP, with its webhooks delivered. */
describe('the official plaid client reads Income', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let a: PlaidApi;
  let b: PlaidApi;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
    const basePath = await w.listen();
    const client = (keys: TestWeft['clientA']) =>
      new PlaidApi(
        new Configuration({
          basePath,
          baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
        }),
      );
    a = client(w.clientA);
    b = client(w.clientB);
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  it('creates a user, links a bank for it, reads, refreshes (BANK_INCOME_REFRESH_COMPLETE delivered) and prints its bank income', async () => {
    const user = (await a.userCreate({ client_user_id: 'sdk-bank' })).data;
    expect(user.user_token).toMatch(/^user-sandbox-/);
    const got = (await a.userGet({ user_id: user.user_id })).data;
    expect(got.client_user_id).toBe('sdk-bank');

    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.IncomeVerification],
      user_token: user.user_token,
      options: {
        webhook: rx.url,
        override_username: 'user_bank_income',
        override_password: '{}',
        income_verification: {
          income_source_types: [IncomeVerificationSourceType.Bank],
          bank_income: { days_requested: 120 },
        },
      },
    });
    await a.itemPublicTokenExchange({ public_token: pt.data.public_token });

    const income = (await a.creditBankIncomeGet({ user_token: user.user_token! })).data;
    expect(income.bank_income).toHaveLength(1);
    const report = income.bank_income![0]!;
    expect(report.days_requested).toBe(120);
    const categories = report.items![0]!.bank_income_sources!.map((s) => s.income_category);
    expect(categories).toContain('SALARY');

    await a.creditBankIncomeRefresh({ user_token: user.user_token!, options: { days_requested: 90 } });
    const [done] = await rx.waitFor(1, (h) => h.json.webhook_code === 'BANK_INCOME_REFRESH_COMPLETE');
    expect(done!.json).toMatchObject({ webhook_type: 'INCOME', user_id: user.user_id, result: 'SUCCESS' });
    expect(webhookProblems('BankIncomeRefreshCompleteWebhook', done!.json) ?? []).toEqual([]);
    const both = (await a.creditBankIncomeGet({ user_token: user.user_token!, options: { count: 2 } })).data;
    expect(both.bank_income!.map((r) => r.days_requested)).toEqual([90, 120]);

    const pdf = await a.creditBankIncomePdfGet(
      { user_token: user.user_token! },
      { responseType: 'arraybuffer' },
    );
    const bytes = Buffer.from(pdf.data as unknown as ArrayBuffer);
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(await pdfText(bytes)).toContain(both.bank_income![0]!.bank_income_id!);

    const stranger = await failure(b.creditBankIncomeGet({ user_token: user.user_token! }));
    expect([stranger?.status, stranger?.data.error_code]).toEqual([400, 'INVALID_FIELD']);
    const strangerRemove = await failure(b.userRemove({ user_token: user.user_token! }));
    expect(strangerRemove?.status).toBe(400);
  });

  it('links the payroll provider for a user, reads paystubs, W-2s and employment, gets INCOME_VERIFICATION, and removes the user', async () => {
    const user = (await a.userCreate({ client_user_id: 'sdk-payroll' })).data;
    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_135842',
      initial_products: [Products.IncomeVerification],
      user_token: user.user_token,
      options: {
        webhook: rx.url,
        income_verification: { income_source_types: [IncomeVerificationSourceType.Payroll] },
      },
    });
    const { item_id } = (await a.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
    const [hook] = await rx.waitFor(
      1,
      (h) => h.json.webhook_code === 'INCOME_VERIFICATION' && h.json.item_id === item_id,
    );
    expect(hook!.json).toMatchObject({
      user_id: user.user_id,
      verification_status: 'VERIFICATION_STATUS_PROCESSING_COMPLETE',
    });
    expect(webhookProblems('IncomeVerificationStatusWebhook', hook!.json) ?? []).toEqual([]);

    const payroll = (await a.creditPayrollIncomeGet({ user_token: user.user_token })).data;
    const stubs = payroll.items[0]!.payroll_income[0]!.pay_stubs;
    expect(stubs.length).toBeGreaterThan(0);
    for (const s of stubs)
      expect(
        Math.round(s.earnings.total.current_amount! * 100) -
          Math.round(s.deductions.total.current_amount! * 100),
      ).toBe(Math.round(s.net_pay.current_amount! * 100));
    expect(payroll.items[0]!.payroll_income[0]!.w2s).toHaveLength(1);
    const employment = (await a.creditEmploymentGet({ user_token: user.user_token! })).data;
    expect(employment.items[0]!.employments[0]!.employer.name).toBe(stubs[0]!.employer.name);

    const hidden = await failure(b.creditPayrollIncomeGet({ user_token: user.user_token }));
    expect(hidden?.status).toBe(400);

    await a.userRemove({ user_token: user.user_token });
    const gone = await failure(a.creditPayrollIncomeGet({ user_token: user.user_token }));
    expect([gone?.status, gone?.data.error_code]).toEqual([400, 'INVALID_FIELD']);
    const item = await w.ctx.db
      .selectFrom('items')
      .select('item_id')
      .where('item_id', '=', item_id)
      .execute();
    expect(item).toEqual([]);
  });
});
