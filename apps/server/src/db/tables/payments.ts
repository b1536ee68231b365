/**
 * Payment Initiation: recipients, payments (one-off, standing orders and consent payments),
 * consents and refunds. Money in minor units beside an ISO currency; JSON as text; see core.ts.
 */
export interface PaymentRecipientsTable {
  recipient_id: string;
  client_id: string;
  env: string;
  name: string;
  iban: string | null;
  bacs_account: string | null;
  bacs_sort_code: string | null;
  /** PaymentInitiationAddress as JSON, or null. */
  address: string | null;
  /** Digest of the normalized details: creating the same recipient twice returns the first one. */
  details_hash: string;
  created_at: string;
}

export interface PaymentsTable {
  payment_id: string;
  client_id: string;
  env: string;
  recipient_id: string;
  reference: string;
  adjusted_reference: string | null;
  amount: number;
  currency: string;
  status: string;
  last_status_update: string;
  /** Standing-order schedule (ExternalPaymentScheduleGet) as JSON; null for one-off payments. */
  schedule: string | null;
  /** Payer restrictions and scheme from `options` (request_refund_details, iban, bacs, scheme) as JSON. */
  options: string | null;
  scheme: string | null;
  consent_id: string | null;
  /** Client-supplied retry key; unique per client, so a retried create can never make a second payment. */
  idempotency_key: string | null;
  /** Digest of the request a key was first used with, to refuse reusing a key for another payment. */
  request_hash: string | null;
  /** The payer's Item, account and bank, once the user authorised the payment. */
  payer_item_id: string | null;
  payer_account_id: string | null;
  institution_id: string | null;
  /** Where PAYMENT_STATUS_UPDATE webhooks go (link token or /sandbox/payment/simulate). */
  webhook: string | null;
  end_to_end_id: string;
  /** Plaid error object (JSON) of a failed payment. */
  error: string | null;
  /** Refund details (ExternalPaymentRefundDetails) as JSON when requested and known. */
  refund_details: string | null;
  amount_refunded: number;
  /** 1 once the payer's account has been debited (exactly once, at EXECUTED or SETTLED). */
  debited: number;
  created_at: string;
}

export interface PaymentConsentsTable {
  consent_id: string;
  client_id: string;
  env: string;
  recipient_id: string;
  reference: string;
  /** SWEEPING | COMMERCIAL, or null when only (deprecated) scopes were given. */
  type: string | null;
  scopes: string | null;
  /** The constraints exactly as presented back (PaymentInitiationConsentConstraints) as JSON. */
  constraints: string;
  currency: string;
  max_payment_amount: number;
  /** Periodic limits in minor units as JSON ([{interval, alignment, minor}]). */
  periodic_limits: string;
  valid_from: string | null;
  valid_to: string | null;
  status: string;
  options: string | null;
  payer_details: string | null;
  payer_item_id: string | null;
  payer_account_id: string | null;
  institution_id: string | null;
  webhook: string | null;
  created_at: string;
  updated_at: string;
}

export interface PaymentRefundsTable {
  refund_id: string;
  client_id: string;
  payment_id: string;
  amount: number;
  currency: string;
  reference: string;
  status: string;
  idempotency_key: string;
  request_hash: string;
  created_at: string;
}

export interface PaymentTables {
  payment_recipients: PaymentRecipientsTable;
  payments: PaymentsTable;
  payment_consents: PaymentConsentsTable;
  payment_refunds: PaymentRefundsTable;
}
