import { bacsFromIban } from './iban';
import { type Violation, violation } from './rules';

/** UK account details as Weft stores them: 6-digit sort code, 8-digit account number. */
export interface Bacs {
  account: string;
  sort_code: string;
}

/**
 * Normalizes and validates BACS numbers. Sort codes are six digits (dashes and spaces are
 * dropped). Account numbers are eight digits; six- and seven-digit numbers are padded with leading
 * zeros, as UK banks do when they shorten them.
 */
export function checkBacs(
  input: { account?: string; sort_code?: string },
  field = 'bacs',
): { value: Bacs } | { error: Violation } {
  const sortCode = (input.sort_code ?? '').replace(/[\s-]/g, '');
  const account = (input.account ?? '').replace(/\s/g, '');
  if (!/^[0-9]{6}$/.test(sortCode))
    return { error: violation('INVALID_FIELD', `${field}.sort_code must be 6 digits`) };
  if (!/^[0-9]{6,8}$/.test(account))
    return { error: violation('INVALID_FIELD', `${field}.account must be 6 to 8 digits`) };
  if (/^0+$/.test(account))
    return { error: violation('INVALID_FIELD', `${field}.account must not be all zeros`) };
  return { value: { account: account.padStart(8, '0'), sort_code: sortCode } };
}

/**
 * The BACS numbers a domestic GBP payment to a recipient travels on: the ones it was created with,
 * else the ones its UK IBAN carries; null when it has neither.
 */
export function routingBacs(r: { iban: string | null; bacs: Bacs | null }): Bacs | null {
  return r.bacs ?? (r.iban === null ? null : bacsFromIban(r.iban));
}
