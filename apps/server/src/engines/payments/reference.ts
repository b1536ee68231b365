import { type Violation, violation } from './rules';

/** Longest reference Faster Payments carries; Plaid applies it to every payment reference. */
export const MAX_REFERENCE_LENGTH = 18;

/**
 * A payment or consent reference: 1–18 characters of letters, digits, spaces and hyphens, with at
 * least one letter or digit. Length is a request-shape error; other characters are refused the way
 * Plaid refuses references banks cannot carry.
 */
export function checkReference(reference: string, field = 'reference'): Violation | null {
  if (reference.length < 1 || reference.length > MAX_REFERENCE_LENGTH)
    return violation('INVALID_FIELD', `${field} must be between 1 and ${MAX_REFERENCE_LENGTH} characters`);
  if (!/^[A-Za-z0-9 -]+$/.test(reference) || !/[A-Za-z0-9]/.test(reference))
    return violation(
      'PAYMENT_INVALID_REFERENCE',
      `${field} may contain only letters, digits, spaces and hyphens`,
    );
  return null;
}

/** A refund reference: 6–18 letters and digits, no spaces or other characters. */
export function checkRefundReference(reference: string): Violation | null {
  if (!/^[A-Za-z0-9]{6,18}$/.test(reference))
    return violation('INVALID_FIELD', 'reference must be 6 to 18 letters and digits, without spaces');
  return null;
}
