import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { expectError, payment, recipient } from './payment-test-kit';

describe('payment initiation: tenant isolation', () => {
  let w: TestWeft;
  let recipientId: string;
  let paymentId: string;
  let settledId: string;
  let consentId: string;
  beforeAll(async () => {
    w = await createTestWeft();
    recipientId = await recipient(w, w.clientA);
    paymentId = await payment(w, w.clientA, recipientId);
    settledId = await payment(w, w.clientA, recipientId);
    await post(w, '/sandbox/payment/simulate', {
      ...auth(w.clientA),
      payment_id: settledId,
      status: 'PAYMENT_STATUS_SETTLED',
      webhook: '',
    });
    const c = await post<{ consent_id: string }>(w, '/payment_initiation/consent/create', {
      ...auth(w.clientA),
      recipient_id: recipientId,
      reference: 'Sweep',
      type: 'SWEEPING',
      constraints: {
        max_payment_amount: { currency: 'GBP', value: 10 },
        periodic_amounts: [
          { amount: { currency: 'GBP', value: 20 }, interval: 'MONTH', alignment: 'CALENDAR' },
        ],
      },
    });
    consentId = c.body.consent_id;
    await post(w, '/weft/sandbox/payment_consent/authorise', { ...auth(w.clientA), consent_id: consentId });
  });
  afterAll(() => w.close());

  const asB = (path: string, body: object) => post(w, path, { ...auth(w.clientB), ...body });

  it('client B cannot read client A’s recipients, payments or consents', async () => {
    expectError(
      await asB('/payment_initiation/recipient/get', { recipient_id: recipientId }),
      'INVALID_FIELD',
    );
    expectError(await asB('/payment_initiation/payment/get', { payment_id: paymentId }), 'INVALID_FIELD');
    expectError(await asB('/payment_initiation/consent/get', { consent_id: consentId }), 'INVALID_FIELD');
    const recipients = await asB('/payment_initiation/recipient/list', {});
    expect(recipients.body.recipients).toEqual([]);
    const payments = await asB('/payment_initiation/payment/list', {});
    expect(payments.body.payments).toEqual([]);
    const byConsent = await asB('/payment_initiation/payment/list', { consent_id: consentId });
    expect(byConsent.body.payments).toEqual([]);
  });

  it('client B cannot pay to, execute, simulate, reverse or revoke client A’s objects', async () => {
    expectError(
      await asB('/payment_initiation/payment/create', {
        recipient_id: recipientId,
        reference: 'Steal',
        amount: { currency: 'GBP', value: 5 },
      }),
      'INVALID_FIELD',
    );
    expectError(
      await asB('/payment_initiation/consent/create', {
        recipient_id: recipientId,
        reference: 'Steal',
        type: 'SWEEPING',
        constraints: {
          max_payment_amount: { currency: 'GBP', value: 10 },
          periodic_amounts: [
            { amount: { currency: 'GBP', value: 20 }, interval: 'MONTH', alignment: 'CALENDAR' },
          ],
        },
      }),
      'INVALID_FIELD',
    );
    expectError(
      await asB('/payment_initiation/consent/payment/execute', {
        consent_id: consentId,
        amount: { currency: 'GBP', value: 5 },
        idempotency_key: 'b-steal',
      }),
      'INVALID_FIELD',
    );
    expectError(
      await asB('/sandbox/payment/simulate', {
        payment_id: paymentId,
        status: 'PAYMENT_STATUS_FAILED',
        webhook: '',
      }),
      'INVALID_FIELD',
    );
    expectError(
      await asB('/payment_initiation/payment/reverse', {
        payment_id: settledId,
        idempotency_key: 'b-refund',
        reference: 'Refund01',
      }),
      'INVALID_FIELD',
    );
    expectError(await asB('/payment_initiation/consent/revoke', { consent_id: consentId }), 'INVALID_FIELD');
    expectError(
      await asB('/weft/sandbox/payment_consent/authorise', { consent_id: consentId }),
      'INVALID_FIELD',
    );
    await expect(w.ctx.linkHooks.payment!.describe(w.clientB.clientId, paymentId)).rejects.toMatchObject({
      code: 'INVALID_FIELD',
    });
    await expect(
      w.ctx.linkHooks.payment!.authorise(w.clientB.clientId, paymentId, 'ins_117650'),
    ).rejects.toMatchObject({
      code: 'INVALID_FIELD',
    });

    const a = await post(w, '/payment_initiation/payment/get', { ...auth(w.clientA), payment_id: paymentId });
    expect(a.body.status).toBe('PAYMENT_STATUS_INPUT_NEEDED');
    const c = await post(w, '/payment_initiation/consent/get', { ...auth(w.clientA), consent_id: consentId });
    expect(c.body.status).toBe('AUTHORISED');
    const s = await post(w, '/payment_initiation/payment/get', { ...auth(w.clientA), payment_id: settledId });
    expect(s.body.refund_ids).toBeNull();
  });

  it('the same idempotency key is separate per client', async () => {
    const rB = await recipient(w, w.clientB);
    const key = { idempotency_key: 'shared-key' };
    const pa = await payment(w, w.clientA, recipientId, key);
    const pb = await payment(w, w.clientB, rB, key);
    expect(pa).not.toBe(pb);
  });
});
