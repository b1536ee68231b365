import type { Bacs } from './bacs';
import { type Violation, violation } from './rules';

/**
 * IBAN lengths by country (ISO 13616 registry). Only countries Plaid can pay into are listed: the
 * SEPA area plus the non-euro European markets Plaid supports.
 */
export const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24,
  AT: 20,
  BE: 16,
  BG: 22,
  CH: 21,
  CY: 28,
  CZ: 24,
  DE: 22,
  DK: 18,
  EE: 20,
  ES: 24,
  FI: 18,
  FR: 27,
  GB: 22,
  GI: 23,
  GR: 27,
  HR: 21,
  HU: 28,
  IE: 22,
  IS: 26,
  IT: 27,
  LI: 21,
  LT: 20,
  LU: 20,
  LV: 21,
  MC: 27,
  MT: 31,
  NL: 18,
  NO: 15,
  PL: 28,
  PT: 25,
  RO: 24,
  SE: 24,
  SI: 19,
  SK: 24,
  SM: 27,
  VA: 22,
};

/**
 * A UK IBAN's BBAN (ISO 13616 registry: 4!a6!n8!n): the bank's 4-letter code, then the 6-digit
 * sort code and 8-digit account number a domestic (Faster Payments) transfer is routed on.
 */
const GB_BBAN = /^GB[0-9]{2}[A-Z]{4}([0-9]{6})([0-9]{8})$/;

/** An IBAN without spaces, upper-cased: the form Weft stores and returns. */
export function normalizeIban(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** ISO 7064 mod-97-10 over the rearranged IBAN; a valid IBAN leaves remainder 1. */
export function ibanChecksumOk(iban: string): boolean {
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    // Letters count as two digits (A=10 … Z=35); feeding digit by digit keeps numbers small.
    const digits = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const d of digits) remainder = (remainder * 10 + Number(d)) % 97;
  }
  return remainder === 1;
}

/** Validates an IBAN (already normalized): shape, country, country length and check digits. */
export function checkIban(iban: string, field = 'iban'): Violation | null {
  if (!/^[A-Z]{2}[0-9]{2}[A-Z0-9]+$/.test(iban))
    return violation('INVALID_FIELD', `${field} must be a valid IBAN`);
  const country = iban.slice(0, 2);
  const length = IBAN_LENGTHS[country];
  if (length === undefined)
    return violation('INVALID_FIELD', `${field} country ${country} is not supported for payments`);
  if (iban.length !== length)
    return violation('INVALID_FIELD', `${field} for ${country} must be ${length} characters long`);
  if (country === 'GB' && !GB_BBAN.test(iban))
    return violation(
      'INVALID_FIELD',
      `${field} for GB must be a 4-letter bank code, a 6-digit sort code and an 8-digit account number`,
    );
  if (!ibanChecksumOk(iban)) return violation('INVALID_FIELD', `${field} has an invalid checksum`);
  return null;
}

/**
 * The BACS numbers inside a valid UK IBAN (normalized), or null for any other IBAN. A UK IBAN is
 * the sort code and account number with a bank code in front, so a recipient given only as a GB
 * IBAN can still be paid domestically in GBP, as Plaid's own Quickstart recipient is.
 */
export function bacsFromIban(iban: string): Bacs | null {
  const m = GB_BBAN.exec(iban);
  if (!m || checkIban(iban) !== null) return null;
  return { sort_code: m[1]!, account: m[2]! };
}
