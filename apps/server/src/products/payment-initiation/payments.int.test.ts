import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../../app';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import {
  balance,
  EU_RECIPIENT,
  expectError,
  payment,
  paymentEvents,
  recipient,
  UK_RECIPIENT,
} from './payment-test-kit';

describe('payment initiation: recipients and payments', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('creates, reads and lists recipients; the same details give the same recipient', async () => {
    const uk = await recipient(w, w.clientA);
    expect(uk).toMatch(/^recipient-id-sandbox-[0-9a-f-]{36}$/);
    expect(await recipient(w, w.clientA)).toBe(uk);
    const eu = await recipient(w, w.clientA, { ...EU_RECIPIENT, iban: 'nl91 abna 0417 1643 00' });
    const got = await post(w, '/payment_initiation/recipient/get', { ...auth(w.clientA), recipient_id: uk });
    expect(got.body).toMatchObject({
      recipient_id: uk,
      name: 'Wonder Wallet',
      iban: null,
      bacs: { account: '31926819', sort_code: '601613' },
      address: UK_RECIPIENT.address,
    });
    const euGot = await post(w, '/payment_initiation/recipient/get', {
      ...auth(w.clientA),
      recipient_id: eu,
    });
    expect(euGot.body).toMatchObject({ iban: 'NL91ABNA0417164300', bacs: null, address: null });

    const all = await post<{ recipients: { recipient_id: string }[] }>(
      w,
      '/payment_initiation/recipient/list',
      auth(w.clientA),
    );
    expect(all.body.recipients.map((r) => r.recipient_id).sort()).toEqual([uk, eu].sort());
    const first = await post<{ recipients: unknown[]; next_cursor: string }>(
      w,
      '/payment_initiation/recipient/list',
      {
        ...auth(w.clientA),
        count: 1,
      },
    );
    expect(first.body.recipients).toHaveLength(1);
    const second = await post<{ recipients: unknown[]; next_cursor?: string }>(
      w,
      '/payment_initiation/recipient/list',
      {
        ...auth(w.clientA),
        count: 1,
        cursor: first.body.next_cursor,
      },
    );
    expect(second.body.recipients).toHaveLength(1);
    expect(second.body.next_cursor).toBeUndefined();
    expect(second.body.recipients).not.toEqual(first.body.recipients);
  });

  it.each([
    [{ name: 'X', iban: 'GB29NWBK60161331926818' }, 'INVALID_FIELD'],
    [{ name: 'X', iban: 'GB29NWBK601613319268' }, 'INVALID_FIELD'],
    [{ name: 'X', bacs: { account: '31926819', sort_code: '6016' } }, 'INVALID_FIELD'],
    [{ name: 'X' }, 'INVALID_FIELD'],
    [{ iban: 'NL91ABNA0417164300' }, 'MISSING_FIELDS'],
  ])('refuses recipient %j with %s', async (body, code) => {
    expectError(await post(w, '/payment_initiation/recipient/create', { ...auth(w.clientA), ...body }), code);
  });

  it('creates a payment in INPUT_NEEDED and returns Plaid’s payment shape', async () => {
    const rid = await recipient(w, w.clientA);
    const create = await post(w, '/payment_initiation/payment/create', {
      ...auth(w.clientA),
      recipient_id: rid,
      reference: 'TestPayment',
      amount: { currency: 'GBP', value: 12.34 },
    });
    expect(create.body).toMatchObject({ status: 'PAYMENT_STATUS_INPUT_NEEDED' });
    const pid = create.body.payment_id as string;
    expect(pid).toMatch(/^payment-id-sandbox-/);
    const got = await post(w, '/payment_initiation/payment/get', { ...auth(w.clientA), payment_id: pid });
    expect(got.body).toMatchObject({
      payment_id: pid,
      amount: { currency: 'GBP', value: 12.34 },
      status: 'PAYMENT_STATUS_INPUT_NEEDED',
      recipient_id: rid,
      reference: 'TestPayment',
      bacs: null,
      iban: null,
      schedule: null,
      consent_id: null,
    });
  });

  it('creates a standing order with its schedule and an adjusted start date', async () => {
    const rid = await recipient(w, w.clientA);
    const start = new Date(Date.now() + 30 * 86_400_000);
    while (start.getUTCDay() !== 6) start.setUTCDate(start.getUTCDate() + 1);
    const startDate = start.toISOString().slice(0, 10);
    const pid = await payment(w, w.clientA, rid, {
      schedule: { interval: 'MONTHLY', interval_execution_day: 15, start_date: startDate },
    });
    const got = await post<{ schedule: Record<string, unknown> }>(w, '/payment_initiation/payment/get', {
      ...auth(w.clientA),
      payment_id: pid,
    });
    expect(got.body.schedule).toMatchObject({
      interval: 'MONTHLY',
      interval_execution_day: 15,
      start_date: startDate,
      end_date: null,
    });
    expect(got.body.schedule.adjusted_start_date).not.toBeNull();
    expect(String(got.body.schedule.adjusted_start_date) > startDate).toBe(true);
  });

  it.each([
    ['unsupported currency', { amount: { currency: 'USD', value: 10 } }, 'INVALID_FIELD'],
    ['zero amount', { amount: { currency: 'GBP', value: 0 } }, 'INVALID_FIELD'],
    ['negative amount', { amount: { currency: 'GBP', value: -1 } }, 'INVALID_FIELD'],
    ['three decimals', { amount: { currency: 'GBP', value: 1.005 } }, 'INVALID_FIELD'],
    ['reference too long', { reference: 'x'.repeat(19) }, 'INVALID_FIELD'],
    ['reference with symbols', { reference: 'pay £5 now' }, 'PAYMENT_INVALID_REFERENCE'],
    [
      'unknown recipient',
      { recipient_id: 'recipient-id-sandbox-00000000-0000-0000-0000-000000000000' },
      'INVALID_FIELD',
    ],
    ['EUR to a BACS-only recipient', { amount: { currency: 'EUR', value: 10 } }, 'PAYMENT_INVALID_RECIPIENT'],
    ['euro scheme for GBP', { options: { scheme: 'SEPA_CREDIT_TRANSFER' } }, 'PAYMENT_SCHEME_NOT_SUPPORTED'],
    [
      'schedule in the past',
      { schedule: { interval: 'WEEKLY', interval_execution_day: 1, start_date: '2020-01-01' } },
      'PAYMENT_INVALID_SCHEDULE',
    ],
    ['missing amount', { amount: undefined }, 'MISSING_FIELDS'],
  ])('refuses a payment: %s', async (_name, extra, code) => {
    const rid = await recipient(w, w.clientA);
    const r = await post(w, '/payment_initiation/payment/create', {
      ...auth(w.clientA),
      recipient_id: rid,
      reference: 'Ref 1',
      amount: { currency: 'GBP', value: 10 },
      ...extra,
    });
    expectError(r, code);
  });

  it('a retried create with the same idempotency key never pays twice, even concurrently', async () => {
    const rid = await recipient(w, w.clientA);
    const body = {
      ...auth(w.clientA),
      recipient_id: rid,
      reference: 'Order 42',
      amount: { currency: 'GBP', value: 42 },
      idempotency_key: 'order-42-attempt',
    };
    const results = await Promise.all(
      Array.from({ length: 8 }, () =>
        post<{ payment_id: string }>(w, '/payment_initiation/payment/create', body),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(Array(8).fill(200));
    expect(new Set(results.map((r) => r.body.payment_id)).size).toBe(1);
    const rows = await w.ctx.db
      .selectFrom('payments')
      .select('payment_id')
      .where('idempotency_key', '=', 'order-42-attempt')
      .execute();
    expect(rows).toHaveLength(1);
    expectError(
      await post(w, '/payment_initiation/payment/create', {
        ...body,
        amount: { currency: 'GBP', value: 43 },
      }),
      'INVALID_FIELD',
    );
  });

  it('two API instances on one database still create a single payment per key', async () => {
    const second = await build(w.config, { logger: false });
    try {
      const rid = await recipient(w, w.clientA);
      const body = {
        ...auth(w.clientA),
        recipient_id: rid,
        reference: 'Order 99',
        amount: { currency: 'GBP', value: 99 },
        idempotency_key: 'order-99-two-instances',
      };
      const results = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post<{ payment_id: string }>(i % 2 ? second : w, '/payment_initiation/payment/create', body),
        ),
      );
      expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
      expect(new Set(results.map((r) => r.body.payment_id)).size).toBe(1);
      const rows = await w.ctx.db
        .selectFrom('payments')
        .select('payment_id')
        .where('idempotency_key', '=', 'order-99-two-instances')
        .execute();
      expect(rows).toHaveLength(1);
    } finally {
      await second.app.close();
    }
  });

  it('lists payments newest first with a timestamp cursor', async () => {
    const list = await post<{ payments: { payment_id: string }[]; next_cursor: string | null }>(
      w,
      '/payment_initiation/payment/list',
      { ...auth(w.clientA), count: 2 },
    );
    expect(list.body.payments).toHaveLength(2);
    expect(list.body.next_cursor).not.toBeNull();
    const all = await post<{ payments: unknown[]; next_cursor: string | null }>(
      w,
      '/payment_initiation/payment/list',
      {
        ...auth(w.clientA),
        count: 200,
      },
    );
    expect(all.body.next_cursor).toBeNull();
  });

  it('follows a payment from authorisation to settlement, debits the payer once and refunds', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      institution_id: 'ins_117650',
      initial_products: ['auth'],
    });
    const accounts = await post<{ accounts: { account_id: string; balances: { current: number } }[] }>(
      w,
      '/accounts/get',
      { ...auth(w.clientA), access_token: accessToken },
    );
    const payerAccount = accounts.body.accounts[0]!.account_id;
    const before = await balance(w, w.clientA, accessToken, payerAccount);

    const rid = await recipient(w, w.clientA);
    const pid = await payment(w, w.clientA, rid, { amount: { currency: 'GBP', value: 25.5 } });
    const hooks = w.ctx.linkHooks.payment!;
    expect(await hooks.describe(w.clientA.clientId, pid)).toEqual({
      payment_id: pid,
      recipient_name: 'Wonder Wallet',
      amount: { currency: 'GBP', value: 25.5 },
      reference: 'Account Funding 99',
    });
    await hooks.authorise(w.clientA.clientId, pid, 'ins_117650', { webhook: 'http://127.0.0.1:9/hook' });
    await hooks.authorise(w.clientA.clientId, pid, 'ins_117650', { webhook: 'http://127.0.0.1:9/hook' });
    const get = () =>
      post<Record<string, unknown>>(w, '/payment_initiation/payment/get', {
        ...auth(w.clientA),
        payment_id: pid,
      });
    expect((await get()).body.status).toBe('PAYMENT_STATUS_INITIATED');
    expect(await balance(w, w.clientA, accessToken, payerAccount)).toBe(before);

    const sim = (status: string) =>
      post(w, '/sandbox/payment/simulate', {
        ...auth(w.clientA),
        payment_id: pid,
        status,
        webhook: 'http://127.0.0.1:9/hook',
      });
    expect((await sim('PAYMENT_STATUS_EXECUTED')).body).toMatchObject({
      old_status: 'PAYMENT_STATUS_INITIATED',
      new_status: 'PAYMENT_STATUS_EXECUTED',
    });
    expect(await balance(w, w.clientA, accessToken, payerAccount)).toBeCloseTo(before - 25.5, 2);
    await sim('PAYMENT_STATUS_SETTLED');
    expect(await balance(w, w.clientA, accessToken, payerAccount)).toBeCloseTo(before - 25.5, 2);
    expectError(await sim('PAYMENT_STATUS_REJECTED'), 'INVALID_FIELD');
    expectError(await sim('PAYMENT_STATUS_PROCESSING'), 'INVALID_FIELD');

    const events = (await paymentEvents(w, w.clientA.clientId)).filter((e) => e.body.payment_id === pid);
    expect(events.map((e) => [e.body.old_payment_status, e.body.new_payment_status])).toEqual([
      ['PAYMENT_STATUS_INPUT_NEEDED', 'PAYMENT_STATUS_AUTHORISING'],
      ['PAYMENT_STATUS_AUTHORISING', 'PAYMENT_STATUS_INITIATED'],
      ['PAYMENT_STATUS_INITIATED', 'PAYMENT_STATUS_EXECUTED'],
      ['PAYMENT_STATUS_EXECUTED', 'PAYMENT_STATUS_SETTLED'],
    ]);
    expect(events[0]!.body).toMatchObject({
      webhook_type: 'PAYMENT_INITIATION',
      webhook_code: 'PAYMENT_STATUS_UPDATE',
      original_reference: 'Account Funding 99',
      original_start_date: null,
      adjusted_start_date: null,
      environment: 'sandbox',
    });
    expect(events.every((e) => e.status === 'pending')).toBe(true);

    const reverse = (key: string, extra: object = {}) =>
      post(w, '/payment_initiation/payment/reverse', {
        ...auth(w.clientA),
        payment_id: pid,
        idempotency_key: key,
        reference: 'Refund01',
        ...extra,
      });
    const partial = await reverse('refund-1', { amount: { currency: 'GBP', value: 10 } });
    expect(partial.body).toMatchObject({ status: 'INITIATED' });
    expect((await reverse('refund-1', { amount: { currency: 'GBP', value: 10 } })).body.refund_id).toBe(
      partial.body.refund_id,
    );
    // A refund is a wallet transaction: its key cannot be reused for a different refund.
    expectError(
      await reverse('refund-1', { amount: { currency: 'GBP', value: 11 } }),
      'NONIDENTICAL_REQUEST',
    );
    expectError(
      await reverse('refund-1', { amount: { currency: 'GBP', value: 10 }, reference: 'Refund02' }),
      'NONIDENTICAL_REQUEST',
    );
    expectError(await reverse('refund-2', { amount: { currency: 'GBP', value: 20 } }), 'INVALID_FIELD');
    // A partial refund may be as small as a penny, below the smallest payment.
    const penny = await reverse('refund-penny', { amount: { currency: 'GBP', value: 0.01 } });
    expect(penny.body).toMatchObject({ status: 'INITIATED' });
    expectError(await reverse('refund-dust', { amount: { currency: 'GBP', value: 0.001 } }), 'INVALID_FIELD');
    expectError(await reverse('refund-3', { reference: 'no' }), 'INVALID_FIELD');
    const rest = await reverse('refund-4');
    expect(rest.status).toBe(200);
    expectError(await reverse('refund-5'), 'INVALID_FIELD');
    const settled = (await get()).body;
    expect(settled).toMatchObject({
      status: 'PAYMENT_STATUS_SETTLED',
      amount_refunded: { currency: 'GBP', value: 25.5 },
      refund_ids: [partial.body.refund_id, penny.body.refund_id, rest.body.refund_id],
    });
    expect(await balance(w, w.clientA, accessToken, payerAccount)).toBeCloseTo(before, 2);
  });

  it('two different refunds racing on one idempotency key: one is made, the other is NONIDENTICAL_REQUEST', async () => {
    const rid = await recipient(w, w.clientA);
    const pid = await payment(w, w.clientA, rid, { amount: { currency: 'GBP', value: 50 } });
    const settled = await post(w, '/sandbox/payment/simulate', {
      ...auth(w.clientA),
      payment_id: pid,
      status: 'PAYMENT_STATUS_SETTLED',
      webhook: '',
    });
    expect(settled.status).toBe(200);
    const reverse = (value: number) =>
      post<Record<string, unknown>>(w, '/payment_initiation/payment/reverse', {
        ...auth(w.clientA),
        payment_id: pid,
        idempotency_key: 'refund-race',
        reference: 'Refund03',
        amount: { currency: 'GBP', value },
      });
    const results = await Promise.all([reverse(10), reverse(20)]);
    const made = results.filter((r) => r.status === 200);
    expect(made).toHaveLength(1);
    for (const r of results.filter((x) => x.status !== 200)) expectError(r, 'NONIDENTICAL_REQUEST');
    const got = await post<Record<string, unknown>>(w, '/payment_initiation/payment/get', {
      ...auth(w.clientA),
      payment_id: pid,
    });
    const value = results[0]!.status === 200 ? 10 : 20;
    expect(got.body).toMatchObject({
      amount_refunded: { currency: 'GBP', value },
      refund_ids: [made[0]!.body.refund_id],
    });
  });

  it('a failed payment carries the matching Plaid error and cannot be refunded', async () => {
    const rid = await recipient(w, w.clientA);
    const pid = await payment(w, w.clientA, rid);
    await post(w, '/sandbox/payment/simulate', {
      ...auth(w.clientA),
      payment_id: pid,
      status: 'PAYMENT_STATUS_INSUFFICIENT_FUNDS',
      webhook: '',
    });
    const got = await post(w, '/payment_initiation/payment/get', { ...auth(w.clientA), payment_id: pid });
    expect(got.body).toMatchObject({
      status: 'PAYMENT_STATUS_INSUFFICIENT_FUNDS',
      error: { error_type: 'PAYMENT_ERROR', error_code: 'PAYMENT_INSUFFICIENT_FUNDS' },
    });
    const event = (await paymentEvents(w, w.clientA.clientId)).find((e) => e.body.payment_id === pid)!;
    expect(event.status).toBe('skipped');
    expectError(
      await post(w, '/payment_initiation/payment/reverse', {
        ...auth(w.clientA),
        payment_id: pid,
        idempotency_key: 'r-failed',
        reference: 'Refund02',
      }),
      'INVALID_FIELD',
    );
  });

  it('authorising at a bank without an Item creates the payer there', async () => {
    const rid = await recipient(w, w.clientB);
    const pid = await payment(w, w.clientB, rid, { options: { request_refund_details: true } });
    await w.ctx.linkHooks.payment!.authorise(w.clientB.clientId, pid, 'ins_116834');
    const got = await post<Record<string, unknown>>(w, '/payment_initiation/payment/get', {
      ...auth(w.clientB),
      payment_id: pid,
    });
    expect(got.body.status).toBe('PAYMENT_STATUS_INITIATED');
    expect(got.body.refund_details).toMatchObject({ name: expect.any(String), iban: null });
    const row = await w.ctx.db
      .selectFrom('payments')
      .selectAll()
      .where('payment_id', '=', pid)
      .executeTakeFirstOrThrow();
    const item = await w.ctx.db
      .selectFrom('items')
      .selectAll()
      .where('item_id', '=', row.payer_item_id!)
      .executeTakeFirstOrThrow();
    expect(item).toMatchObject({ client_id: w.clientB.clientId, institution_id: 'ins_116834' });
  });
});
