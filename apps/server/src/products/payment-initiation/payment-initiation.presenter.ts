import type {
  ExternalPaymentRefundDetails,
  ExternalPaymentScheduleGet,
  PaymentAmountCurrency,
  PaymentInitiationConsent,
  PaymentInitiationConsentCreateResponse,
  PaymentInitiationConsentGetResponse,
  PaymentInitiationConsentPaymentExecuteResponse,
  PaymentInitiationConsentRevokeResponse,
  PaymentInitiationConsentStatus,
  PaymentInitiationPayment,
  PaymentInitiationPaymentCreateResponse,
  PaymentInitiationPaymentCreateStatus,
  PaymentInitiationPaymentGetResponse,
  PaymentInitiationPaymentListResponse,
  PaymentInitiationPaymentReverseResponse,
  PaymentInitiationPaymentStatus,
  PaymentInitiationRecipient,
  PaymentInitiationRecipientCreateResponse,
  PaymentInitiationRecipientGetResponse,
  PaymentInitiationRecipientListResponse,
  PaymentScheme,
  PlaidError,
  SandboxPaymentSimulateResponse,
  WalletTransactionStatus,
} from 'plaid';
import type { PaymentConsentsTable, PaymentRecipientsTable, PaymentsTable } from '../../db/tables/payments';
import type { Reply } from '../../http/reply';
import { toDecimal } from '../../lib/money';
import type { PaymentView } from './payments.service';

const currency = (c: string) => c as PaymentAmountCurrency;
const money = (minor: number, c: string) => ({ currency: currency(c), value: toDecimal(minor, c) });

/** One recipient as Plaid returns it. */
export function presentRecipient(r: PaymentRecipientsTable): PaymentInitiationRecipient {
  return {
    recipient_id: r.recipient_id,
    name: r.name,
    address: r.address ? (JSON.parse(r.address) as PaymentInitiationRecipient['address']) : null,
    iban: r.iban,
    bacs:
      r.bacs_account && r.bacs_sort_code ? { account: r.bacs_account, sort_code: r.bacs_sort_code } : null,
  } satisfies PaymentInitiationRecipient;
}

/** /payment_initiation/recipient/create response. */
export function presentRecipientCreate(r: PaymentRecipientsTable) {
  return { recipient_id: r.recipient_id } satisfies Reply<PaymentInitiationRecipientCreateResponse>;
}

/** /payment_initiation/recipient/get response. */
export function presentRecipientGet(r: PaymentRecipientsTable) {
  return presentRecipient(r) satisfies Reply<PaymentInitiationRecipientGetResponse>;
}

/** /payment_initiation/recipient/list response; next_cursor only when there is a next page. */
export function presentRecipientList(r: { recipients: PaymentRecipientsTable[]; nextCursor: string | null }) {
  return {
    recipients: r.recipients.map(presentRecipient),
    ...(r.nextCursor ? { next_cursor: r.nextCursor } : {}),
  } satisfies Reply<PaymentInitiationRecipientListResponse>;
}

/** One payment as Plaid returns it. */
export function presentPayment({ payment: p, refundIds }: PaymentView): PaymentInitiationPayment {
  const options = p.options
    ? (JSON.parse(p.options) as { iban: string | null; bacs: { account: string; sort_code: string } | null })
    : null;
  return {
    payment_id: p.payment_id,
    amount: money(p.amount, p.currency),
    status: p.status as PaymentInitiationPaymentStatus,
    recipient_id: p.recipient_id,
    reference: p.reference,
    adjusted_reference: p.adjusted_reference,
    last_status_update: p.last_status_update,
    schedule: p.schedule ? (JSON.parse(p.schedule) as ExternalPaymentScheduleGet) : null,
    refund_details: p.refund_details ? (JSON.parse(p.refund_details) as ExternalPaymentRefundDetails) : null,
    bacs: options?.bacs ?? null,
    iban: options?.iban ?? null,
    refund_ids: refundIds.length > 0 ? refundIds : null,
    ...(p.amount_refunded > 0 ? { amount_refunded: money(p.amount_refunded, p.currency) } : {}),
    wallet_id: null,
    scheme: p.scheme as PaymentScheme | null,
    adjusted_scheme: p.scheme as PaymentScheme | null,
    consent_id: p.consent_id,
    transaction_id: null,
    end_to_end_id: p.end_to_end_id,
    error: p.error ? (JSON.parse(p.error) as PlaidError) : null,
  } satisfies PaymentInitiationPayment;
}

/** /payment_initiation/payment/create response. */
export function presentPaymentCreate(p: PaymentsTable) {
  return {
    payment_id: p.payment_id,
    status: p.status as PaymentInitiationPaymentCreateStatus,
  } satisfies Reply<PaymentInitiationPaymentCreateResponse>;
}

/** /payment_initiation/payment/get response. */
export function presentPaymentGet(v: PaymentView) {
  return presentPayment(v) satisfies Reply<PaymentInitiationPaymentGetResponse>;
}

/** /payment_initiation/payment/list response. */
export function presentPaymentList(r: { payments: PaymentView[]; nextCursor: string | null }) {
  return {
    payments: r.payments.map(presentPayment),
    next_cursor: r.nextCursor,
  } satisfies Reply<PaymentInitiationPaymentListResponse>;
}

/** /payment_initiation/payment/reverse response. */
export function presentPaymentReverse(r: { refund_id: string; status: string }) {
  return {
    refund_id: r.refund_id,
    status: r.status as WalletTransactionStatus,
  } satisfies Reply<PaymentInitiationPaymentReverseResponse>;
}

/** One consent as Plaid returns it. */
export function presentConsent(c: PaymentConsentsTable): PaymentInitiationConsent {
  return {
    consent_id: c.consent_id,
    status: c.status as PaymentInitiationConsentStatus,
    created_at: c.created_at,
    recipient_id: c.recipient_id,
    reference: c.reference,
    constraints: JSON.parse(c.constraints) as PaymentInitiationConsent['constraints'],
    ...(c.scopes ? { scopes: JSON.parse(c.scopes) as PaymentInitiationConsent['scopes'] } : {}),
    ...(c.type ? { type: c.type as PaymentInitiationConsent['type'] } : {}),
  } satisfies PaymentInitiationConsent;
}

/** /payment_initiation/consent/create response. */
export function presentConsentCreate(c: PaymentConsentsTable) {
  return {
    consent_id: c.consent_id,
    status: c.status as PaymentInitiationConsentStatus,
  } satisfies Reply<PaymentInitiationConsentCreateResponse>;
}

/** /payment_initiation/consent/get response. */
export function presentConsentGet(c: PaymentConsentsTable) {
  return presentConsent(c) satisfies Reply<PaymentInitiationConsentGetResponse>;
}

/** /payment_initiation/consent/revoke response. */
export function presentConsentRevoke() {
  return {} satisfies Reply<PaymentInitiationConsentRevokeResponse>;
}

/** /payment_initiation/consent/payment/execute response. */
export function presentConsentExecute(p: PaymentsTable) {
  return {
    payment_id: p.payment_id,
    status: p.status as PaymentInitiationPaymentStatus,
  } satisfies Reply<PaymentInitiationConsentPaymentExecuteResponse>;
}

/** /sandbox/payment/simulate response. */
export function presentSimulate(r: { old_status: string; new_status: string }) {
  return {
    old_status: r.old_status as PaymentInitiationPaymentStatus,
    new_status: r.new_status as PaymentInitiationPaymentStatus,
  } satisfies Reply<SandboxPaymentSimulateResponse>;
}
