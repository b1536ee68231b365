import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { balance, EU_RECIPIENT, expectError, paymentEvents, recipient } from './payment-test-kit';

const CONSTRAINTS = {
  valid_date_time: { from: '2026-11-01T00:00:00Z', to: '2027-11-01T00:00:00Z' },
  max_payment_amount: { currency: 'GBP', value: 100 },
  periodic_amounts: [{ amount: { currency: 'GBP', value: 250 }, interval: 'WEEK', alignment: 'CALENDAR' }],
};

describe('payment initiation: consents (variable recurring payments)', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-25T10:00:00Z'));
  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  async function consent(extra: Record<string, unknown> = {}): Promise<string> {
    const rid = await recipient(w, w.clientA);
    const r = await post<{ consent_id: string; status: string }>(w, '/payment_initiation/consent/create', {
      ...auth(w.clientA),
      recipient_id: rid,
      reference: 'Sweep 1',
      type: 'SWEEPING',
      constraints: CONSTRAINTS,
      ...extra,
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.status).toBe('UNAUTHORISED');
    return r.body.consent_id;
  }
  const authorise = (consentId: string, extra: object = {}) =>
    post(w, '/weft/sandbox/payment_consent/authorise', {
      ...auth(w.clientA),
      consent_id: consentId,
      institution_id: 'ins_117650',
      ...extra,
    });
  let key = 0;
  const execute = (consentId: string, value: number, extra: object = {}) =>
    post<{ payment_id: string; status: string }>(w, '/payment_initiation/consent/payment/execute', {
      ...auth(w.clientA),
      consent_id: consentId,
      amount: { currency: 'GBP', value },
      idempotency_key: `k-${++key}`,
      ...extra,
    });

  it('creates and reads a consent with Plaid’s shape', async () => {
    const id = await consent();
    expect(id).toMatch(/^consent-id-sandbox-/);
    const got = await post(w, '/payment_initiation/consent/get', { ...auth(w.clientA), consent_id: id });
    expect(got.body).toMatchObject({
      consent_id: id,
      status: 'UNAUTHORISED',
      created_at: '2026-11-25T10:00:00.000Z',
      reference: 'Sweep 1',
      type: 'SWEEPING',
      constraints: {
        valid_date_time: { from: '2026-11-01T00:00:00.000Z', to: '2027-11-01T00:00:00.000Z' },
        max_payment_amount: { currency: 'GBP', value: 100 },
        periodic_amounts: CONSTRAINTS.periodic_amounts,
      },
    });
  });

  it.each([
    [
      'EUR limits',
      { constraints: { ...CONSTRAINTS, max_payment_amount: { currency: 'EUR', value: 100 } } },
      'PAYMENT_CONSENT_INVALID_CONSTRAINTS',
    ],
    [
      'window already over',
      { constraints: { ...CONSTRAINTS, valid_date_time: { to: '2026-11-02T00:00:00Z' } } },
      'PAYMENT_CONSENT_INVALID_CONSTRAINTS',
    ],
    ['no periodic amounts', { constraints: { ...CONSTRAINTS, periodic_amounts: [] } }, 'INVALID_FIELD'],
    [
      'bad interval',
      {
        constraints: {
          ...CONSTRAINTS,
          periodic_amounts: [{ ...CONSTRAINTS.periodic_amounts[0], interval: 'FORTNIGHT' }],
        },
      },
      'INVALID_FIELD',
    ],
    ['reference too long', { reference: 'r'.repeat(19) }, 'INVALID_FIELD'],
    ['no constraints', { constraints: undefined }, 'MISSING_FIELDS'],
  ])('refuses a consent: %s', async (_n, extra, code) => {
    const rid = await recipient(w, w.clientA);
    const r = await post(w, '/payment_initiation/consent/create', {
      ...auth(w.clientA),
      recipient_id: rid,
      reference: 'Sweep 1',
      type: 'SWEEPING',
      constraints: CONSTRAINTS,
      ...extra,
    });
    expectError(r, code);
  });

  it('refuses a GBP consent to a recipient without BACS numbers', async () => {
    const rid = await recipient(w, w.clientA, { ...EU_RECIPIENT, name: 'Euro Only' });
    expectError(
      await post(w, '/payment_initiation/consent/create', {
        ...auth(w.clientA),
        recipient_id: rid,
        reference: 'Sweep 1',
        type: 'SWEEPING',
        constraints: CONSTRAINTS,
      }),
      'PAYMENT_INVALID_RECIPIENT',
    );
  });

  it('pays within the constraints and refuses what exceeds them', async () => {
    const { accessToken } = await createItem(w, w.clientA, {
      institution_id: 'ins_117650',
      initial_products: ['auth'],
    });
    const accounts = await post<{ accounts: { account_id: string }[] }>(w, '/accounts/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    const payer = accounts.body.accounts[0]!.account_id;
    const before = await balance(w, w.clientA, accessToken, payer);

    const id = await consent();
    expectError(await execute(id, 10), 'INVALID_FIELD');
    const authorised = await authorise(id, { webhook: 'http://127.0.0.1:9/vrp' });
    expect(authorised.body).toMatchObject({ status: 'AUTHORISED' });

    const first = await execute(id, 100);
    expect(first.body.status).toBe('PAYMENT_STATUS_INITIATED');
    const got = await post(w, '/payment_initiation/payment/get', {
      ...auth(w.clientA),
      payment_id: first.body.payment_id,
    });
    expect(got.body).toMatchObject({
      consent_id: id,
      reference: 'Sweep 1',
      amount: { currency: 'GBP', value: 100 },
    });

    expectError(await execute(id, 100.01), 'INVALID_FIELD');
    expectError(await execute(id, 10, { amount: { currency: 'EUR', value: 10 } }), 'INVALID_FIELD');
    expect((await execute(id, 100, { reference: 'Sweep 2' })).status).toBe(200);
    const over = await execute(id, 50.01);
    expectError(over, 'INVALID_FIELD');
    expect(String((over.body as Record<string, unknown>).error_message)).toMatch(/WEEK periodic limit/);
    expect((await execute(id, 50)).status).toBe(200);

    // A new calendar week frees the weekly limit.
    clock.set(new Date('2026-11-30T09:00:00Z'));
    expect((await execute(id, 100)).status).toBe(200);

    const list = await post<{ payments: { consent_id: string }[] }>(w, '/payment_initiation/payment/list', {
      ...auth(w.clientA),
      consent_id: id,
      count: 50,
    });
    expect(list.body.payments).toHaveLength(4);

    await post(w, '/sandbox/payment/simulate', {
      ...auth(w.clientA),
      payment_id: first.body.payment_id,
      status: 'PAYMENT_STATUS_EXECUTED',
      webhook: 'http://127.0.0.1:9/vrp',
    });
    expect(await balance(w, w.clientA, accessToken, payer)).toBeCloseTo(before - 100, 2);

    const consentEvents = (await paymentEvents(w, w.clientA.clientId)).filter(
      (e) => e.webhook_code === 'CONSENT_STATUS_UPDATE',
    );
    expect(consentEvents.map((e) => [e.body.consent_id, e.body.new_status])).toContainEqual([
      id,
      'AUTHORISED',
    ]);

    expect(
      (await post(w, '/payment_initiation/consent/revoke', { ...auth(w.clientA), consent_id: id })).status,
    ).toBe(200);
    expect(
      (await post(w, '/payment_initiation/consent/get', { ...auth(w.clientA), consent_id: id })).body.status,
    ).toBe('REVOKED');
    expectError(await execute(id, 1), 'INVALID_FIELD');
    expect(
      (await post(w, '/payment_initiation/consent/revoke', { ...auth(w.clientA), consent_id: id })).status,
    ).toBe(200);
    clock.set(new Date('2026-11-25T10:00:00Z'));
  });

  it('a retried execute with the same key pays once; racing executes never exceed the limits', async () => {
    const id = await consent();
    await authorise(id);
    const same = { idempotency_key: 'vrp-retry-1' };
    const retries = await Promise.all(Array.from({ length: 6 }, () => execute(id, 60, same)));
    expect(retries.map((r) => r.status)).toEqual(Array(6).fill(200));
    expect(new Set(retries.map((r) => r.body.payment_id)).size).toBe(1);
    expectError(await execute(id, 61, same), 'INVALID_FIELD');

    // 190 of the weekly 250 remain: of ten racing £60 payments exactly three fit.
    const racing = await Promise.all(Array.from({ length: 10 }, () => execute(id, 60)));
    expect(racing.filter((r) => r.status === 200)).toHaveLength(3);
    for (const r of racing.filter((x) => x.status !== 200)) expectError(r, 'INVALID_FIELD');
    const rows = await w.ctx.db
      .selectFrom('payments')
      .select('amount')
      .where('consent_id', '=', id)
      .execute();
    expect(rows.reduce((s, r) => s + r.amount, 0)).toBe(24000);
  });

  it('Link authorises a consent through the payment seam (its id says it is a consent)', async () => {
    const id = await consent();
    const hooks = w.ctx.linkHooks.payment!;
    expect(await hooks.describe(w.clientA.clientId, id)).toEqual({
      payment_id: id,
      recipient_name: 'Wonder Wallet',
      amount: { currency: 'GBP', value: 100 },
      reference: 'Sweep 1',
    });
    await hooks.authorise(w.clientA.clientId, id, 'ins_116834', { webhook: 'http://127.0.0.1:9/vrp' });
    await hooks.authorise(w.clientA.clientId, id, 'ins_116834', { webhook: 'http://127.0.0.1:9/vrp' });
    const got = await post(w, '/payment_initiation/consent/get', { ...auth(w.clientA), consent_id: id });
    expect(got.body.status).toBe('AUTHORISED');
    expect((await execute(id, 5)).body.status).toBe('PAYMENT_STATUS_INITIATED');
    await expect(hooks.describe(w.clientB.clientId, id)).rejects.toMatchObject({ code: 'INVALID_FIELD' });
  });

  it('a rejected or expired consent cannot pay', async () => {
    const rejected = await consent();
    expect((await authorise(rejected, { decision: 'reject' })).body).toMatchObject({ status: 'REJECTED' });
    expectError(await execute(rejected, 1), 'INVALID_FIELD');

    const expiring = await consent({
      constraints: { ...CONSTRAINTS, valid_date_time: { to: '2026-11-26T00:00:00Z' } },
    });
    await authorise(expiring);
    clock.set(new Date('2026-11-26T00:00:01Z'));
    const got = await post(w, '/payment_initiation/consent/get', {
      ...auth(w.clientA),
      consent_id: expiring,
    });
    expect(got.body.status).toBe('EXPIRED');
    expectError(await execute(expiring, 1), 'INVALID_FIELD');
    clock.set(new Date('2026-11-25T10:00:00Z'));
  });
});
