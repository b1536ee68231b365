/** Plaid's payment statuses. */
export const PAYMENT_STATUSES = [
  'PAYMENT_STATUS_INPUT_NEEDED',
  'PAYMENT_STATUS_PROCESSING',
  'PAYMENT_STATUS_INITIATED',
  'PAYMENT_STATUS_COMPLETED',
  'PAYMENT_STATUS_INSUFFICIENT_FUNDS',
  'PAYMENT_STATUS_FAILED',
  'PAYMENT_STATUS_BLOCKED',
  'PAYMENT_STATUS_UNKNOWN',
  'PAYMENT_STATUS_EXECUTED',
  'PAYMENT_STATUS_SETTLED',
  'PAYMENT_STATUS_AUTHORISING',
  'PAYMENT_STATUS_CANCELLED',
  'PAYMENT_STATUS_ESTABLISHED',
  'PAYMENT_STATUS_REJECTED',
] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** Statuses /sandbox/payment/simulate may set, per Plaid's documentation. */
export const SIMULATABLE: readonly PaymentStatus[] = [
  'PAYMENT_STATUS_INITIATED',
  'PAYMENT_STATUS_INSUFFICIENT_FUNDS',
  'PAYMENT_STATUS_FAILED',
  'PAYMENT_STATUS_EXECUTED',
  'PAYMENT_STATUS_SETTLED',
  'PAYMENT_STATUS_CANCELLED',
  'PAYMENT_STATUS_REJECTED',
];

/** Failure statuses: terminal, and the payment never counts against a consent. */
export const FAILED_STATUSES: readonly PaymentStatus[] = [
  'PAYMENT_STATUS_INSUFFICIENT_FUNDS',
  'PAYMENT_STATUS_FAILED',
  'PAYMENT_STATUS_BLOCKED',
  'PAYMENT_STATUS_CANCELLED',
  'PAYMENT_STATUS_REJECTED',
];

const FAILURES = FAILED_STATUSES;

/**
 * Allowed transitions. The happy path is INPUT_NEEDED → AUTHORISING → INITIATED → EXECUTED →
 * SETTLED (standing orders: AUTHORISING → ESTABLISHED); any non-terminal status may fail, and a
 * payment may be pushed straight to a later success state (the sandbox skips steps freely).
 */
const NEXT: Readonly<Partial<Record<PaymentStatus, readonly PaymentStatus[]>>> = {
  PAYMENT_STATUS_INPUT_NEEDED: [
    'PAYMENT_STATUS_AUTHORISING',
    'PAYMENT_STATUS_INITIATED',
    'PAYMENT_STATUS_EXECUTED',
    'PAYMENT_STATUS_SETTLED',
    ...FAILURES,
  ],
  PAYMENT_STATUS_AUTHORISING: [
    'PAYMENT_STATUS_INPUT_NEEDED',
    'PAYMENT_STATUS_INITIATED',
    'PAYMENT_STATUS_ESTABLISHED',
    'PAYMENT_STATUS_EXECUTED',
    'PAYMENT_STATUS_SETTLED',
    ...FAILURES,
  ],
  PAYMENT_STATUS_INITIATED: [
    'PAYMENT_STATUS_EXECUTED',
    'PAYMENT_STATUS_SETTLED',
    'PAYMENT_STATUS_REJECTED',
    'PAYMENT_STATUS_FAILED',
    'PAYMENT_STATUS_INSUFFICIENT_FUNDS',
    'PAYMENT_STATUS_BLOCKED',
  ],
  PAYMENT_STATUS_ESTABLISHED: [
    'PAYMENT_STATUS_EXECUTED',
    'PAYMENT_STATUS_CANCELLED',
    'PAYMENT_STATUS_FAILED',
  ],
  PAYMENT_STATUS_EXECUTED: ['PAYMENT_STATUS_SETTLED'],
};

/** True when a payment in `from` may move to `to`. */
export function canTransition(from: PaymentStatus, to: PaymentStatus): boolean {
  return (NEXT[from] ?? []).includes(to);
}

/** True for a known status string. */
export function isPaymentStatus(s: string): s is PaymentStatus {
  return (PAYMENT_STATUSES as readonly string[]).includes(s);
}

/** Statuses at which the money has left the payer's account. */
export function hasLeftPayer(s: PaymentStatus): boolean {
  return s === 'PAYMENT_STATUS_EXECUTED' || s === 'PAYMENT_STATUS_SETTLED';
}

/** The Plaid error a failed payment carries, by status. */
export const ERROR_FOR_STATUS: Readonly<Partial<Record<PaymentStatus, string>>> = {
  PAYMENT_STATUS_INSUFFICIENT_FUNDS: 'PAYMENT_INSUFFICIENT_FUNDS',
  PAYMENT_STATUS_BLOCKED: 'PAYMENT_BLOCKED',
  PAYMENT_STATUS_CANCELLED: 'PAYMENT_CANCELLED',
  PAYMENT_STATUS_REJECTED: 'PAYMENT_REJECTED',
};
