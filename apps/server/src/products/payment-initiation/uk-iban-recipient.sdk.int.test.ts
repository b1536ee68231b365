import { Configuration, PaymentAmountCurrency, PlaidApi } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { expectError, recipient } from './payment-test-kit';

/** The recipient Plaid's Quickstart creates: a UK IBAN and no BACS numbers. */
const QUICKSTART_RECIPIENT = {
  name: 'Harry Potter',
  iban: 'GB33BUKB20201555555555',
  address: { street: ['4 Privet Drive'], city: 'Little Whinging', postal_code: '11111', country: 'GB' },
};

describe('payment initiation: a UK recipient known only by its IBAN', () => {
  let w: TestWeft;
  let client: PlaidApi;
  beforeAll(async () => {
    w = await createTestWeft();
    const basePath = await w.listen();
    client = new PlaidApi(
      new Configuration({
        basePath,
        baseOptions: {
          headers: {
            'PLAID-CLIENT-ID': w.clientA.clientId,
            'PLAID-SECRET': w.clientA.secret,
            'Plaid-Version': '2020-09-14',
          },
        },
      }),
    );
  });
  afterAll(() => w.close());

  it("takes a GBP payment to Plaid Quickstart's IBAN-only recipient through the official client", async () => {
    const created = await client.paymentInitiationRecipientCreate(QUICKSTART_RECIPIENT);
    const recipientId = created.data.recipient_id;
    const payment = await client.paymentInitiationPaymentCreate({
      recipient_id: recipientId,
      reference: 'TestPayment',
      amount: { currency: PaymentAmountCurrency.Gbp, value: 1.34 },
    });
    expect(payment.data.payment_id).toMatch(/^payment-id-sandbox-/);
    expect(payment.data.status).toBe('PAYMENT_STATUS_INPUT_NEEDED');

    const got = await client.paymentInitiationPaymentGet({ payment_id: payment.data.payment_id });
    expect(got.data).toMatchObject({
      recipient_id: recipientId,
      reference: 'TestPayment',
      amount: { currency: 'GBP', value: 1.34 },
    });
    // The recipient reads back as it was created: the sort code the IBAN carries routes the
    // payment but is not shown as BACS numbers the client never gave.
    const r = await client.paymentInitiationRecipientGet({ recipient_id: recipientId });
    expect(r.data).toMatchObject({
      recipient_id: recipientId,
      name: 'Harry Potter',
      iban: 'GB33BUKB20201555555555',
      bacs: null,
      address: QUICKSTART_RECIPIENT.address,
    });
  });

  it('sets up a standing order to an IBAN-only UK recipient, as to one with BACS numbers', async () => {
    const id = await recipient(w, w.clientA, { name: 'Standing Order Ltd', iban: 'GB29NWBK60161331926819' });
    const r = await post(w, '/payment_initiation/payment/create', {
      ...auth(w.clientA),
      recipient_id: id,
      reference: 'Rent 2027',
      amount: { currency: 'GBP', value: 500 },
      schedule: { interval: 'MONTHLY', interval_execution_day: 1, start_date: '2030-01-01' },
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
  });

  it('refuses a GB IBAN that is not one: wrong check digit, or no bank code before the sort code', async () => {
    for (const iban of ['GB33BUKB20201555555556', 'GB82BUK120201555555555']) {
      const r = await post(w, '/payment_initiation/recipient/create', {
        ...auth(w.clientA),
        name: 'Not A Bank',
        iban,
      });
      expectError(r, 'INVALID_FIELD');
    }
  });

  it('still refuses a euro payment to a recipient with BACS numbers and no IBAN', async () => {
    const uk = await recipient(w, w.clientA, {
      name: 'Sterling Only',
      bacs: { account: '55555555', sort_code: '202015' },
    });
    const r = await post(w, '/payment_initiation/payment/create', {
      ...auth(w.clientA),
      recipient_id: uk,
      reference: 'Euro Attempt',
      amount: { currency: 'EUR', value: 10 },
    });
    expectError(r, 'PAYMENT_INVALID_RECIPIENT');
  });
});
