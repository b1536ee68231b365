import {
  type CountryCode,
  PaymentAmountCurrency,
  type PaymentInitiationPaymentGetResponse,
  type Products,
} from 'plaid';
import { PlaidError } from '../http/errors';
import type { DemoMode } from './demo-modes';
import { relay } from './demo-plaid';
import { money, text } from './demo-tables';

/** The payee and payment the demo asks the visitor to authorise (Plaid's Quickstart uses the same). */
const PAYEE = {
  name: 'Harry Potter',
  bacs: { account: '26207729', sort_code: '560029' },
  address: { street: ['4 Privet Drive'], city: 'Little Whinging', postal_code: '11111', country: 'GB' },
};
const PAYMENT = {
  reference: 'Weft Quickstart',
  amount: { currency: PaymentAmountCurrency.Gbp, value: 1.34 },
};

/**
 * Paying by bank: the demo's server creates a recipient and a payment, Link shows the payment and
 * sends the visitor to their bank to authorise it, and the success page shows the payment as
 * /payment_initiation/payment/get reports it. Nothing is exchanged: payments need no access token.
 */
export const paymentMode: DemoMode = {
  id: 'payment',
  label: 'Payment (UK)',
  description: 'Pay £1.34 from a UK bank account: review it in Link, then approve it at the bank.',
  countryCodes: ['GB'] as CountryCode[],
  exchangesPublicToken: false,
  async linkToken(api, session) {
    const recipient = (await api.paymentInitiationRecipientCreate(PAYEE).catch(relay)).data;
    const payment = (
      await api
        .paymentInitiationPaymentCreate({ recipient_id: recipient.recipient_id, ...PAYMENT })
        .catch(relay)
    ).data;
    session.extras = { paymentId: payment.payment_id };
    return {
      products: ['payment_initiation'] as Products[],
      payment_initiation: { payment_id: payment.payment_id },
    };
  },
  async result(api, session) {
    const paymentId = session.extras.paymentId;
    if (!paymentId)
      throw new PlaidError('DEMO_NOT_LINKED', 'make a payment first', {
        type: 'INVALID_REQUEST',
        status: 409,
      });
    const payment = (await api.paymentInitiationPaymentGet({ payment_id: paymentId })).data;
    return {
      item: null,
      lead: 'You have completed Link. Sample payment information is shown below.',
      sections: [
        {
          id: 'payment',
          product: 'payment_initiation',
          endpoint: 'POST /payment_initiation/payment/get',
          title: 'Payment',
          description: 'The payment the visitor authorised at their bank, and where it stands now.',
          table: paymentTable(payment),
        },
      ],
      skipped: [],
    };
  },
};

function paymentTable(p: PaymentInitiationPaymentGetResponse) {
  return {
    columns: [
      { key: 'payment_id', label: 'Payment ID' },
      { key: 'amount', label: 'Amount', numeric: true },
      { key: 'status', label: 'Status' },
      { key: 'last_status_update', label: 'Status update' },
      { key: 'recipient_id', label: 'Recipient ID' },
      { key: 'reference', label: 'Reference' },
    ],
    rows: [
      {
        payment_id: p.payment_id,
        amount: money(p.amount.value, p.amount.currency),
        status: p.status,
        last_status_update: text(p.last_status_update),
        recipient_id: p.recipient_id,
        reference: p.reference,
      },
    ],
  };
}
