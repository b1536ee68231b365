/**
 * Outcome of a payment rule: null when the input passes, otherwise the Plaid error code the API
 * should answer with and a developer-facing message. Engines never throw HTTP errors themselves.
 */
export interface Violation {
  code:
    | 'INVALID_FIELD'
    | 'PAYMENT_INVALID_RECIPIENT'
    | 'PAYMENT_INVALID_REFERENCE'
    | 'PAYMENT_INVALID_SCHEDULE'
    | 'PAYMENT_SCHEME_NOT_SUPPORTED'
    | 'PAYMENT_CONSENT_INVALID_CONSTRAINTS';
  message: string;
}

/** Builds a violation. */
export function violation(code: Violation['code'], message: string): Violation {
  return { code, message };
}
