import { minorUnits, toMinor } from '../../lib/money';
import { type Bacs, routingBacs } from './bacs';
import { type Violation, violation } from './rules';

/** Currencies Plaid initiates payments in. */
export const PAYMENT_CURRENCIES = ['GBP', 'EUR', 'PLN', 'SEK', 'DKK', 'NOK'] as const;
export type PaymentCurrency = (typeof PAYMENT_CURRENCIES)[number];

/** Currencies that may only be paid domestically, with the IBAN country they belong to. */
const LOCAL_ONLY: Readonly<Record<string, string>> = { PLN: 'PL', SEK: 'SE', DKK: 'DK', NOK: 'NO' };

/** Smallest payment Plaid accepts, in major units. */
export const MIN_PAYMENT_VALUE = 1;

/** Smallest partial refund Plaid accepts, in major units. */
export const MIN_REFUND_VALUE = 0.01;

/** Money in minor units beside its currency. */
export interface Money {
  currency: PaymentCurrency;
  minor: number;
}

/** True for a supported payment currency. */
export function isPaymentCurrency(c: string): c is PaymentCurrency {
  return (PAYMENT_CURRENCIES as readonly string[]).includes(c);
}

/**
 * Converts Plaid's decimal amount to minor units, refusing unsupported currencies, non-positive
 * values, values under the minimum and more decimal places than the currency has.
 */
export function toMoney(
  amount: { currency: string; value: number },
  field = 'amount',
  minimum = MIN_PAYMENT_VALUE,
): { value: Money } | { error: Violation } {
  if (!isPaymentCurrency(amount.currency))
    return {
      error: violation('INVALID_FIELD', `${field}.currency must be one of: ${PAYMENT_CURRENCIES.join(', ')}`),
    };
  const v = amount.value;
  if (!Number.isFinite(v) || v <= 0)
    return { error: violation('INVALID_FIELD', `${field}.value must be greater than zero`) };
  if (v < minimum) return { error: violation('INVALID_FIELD', `${field}.value must be at least ${minimum}`) };
  const places = minorUnits(amount.currency);
  const minor = toMinor(v, amount.currency);
  if (Math.abs(v * 10 ** places - minor) > 1e-6)
    return { error: violation('INVALID_FIELD', `${field}.value must have at most ${places} decimal places`) };
  if (!Number.isSafeInteger(minor))
    return { error: violation('INVALID_FIELD', `${field}.value is too large`) };
  return { value: { currency: amount.currency, minor } };
}

/** A recipient's account details as far as routing a payment is concerned. */
export interface RecipientAccount {
  iban: string | null;
  bacs: Bacs | null;
}

/**
 * Whether a payment in `currency` can reach the recipient: domestic GBP needs BACS numbers, given
 * as such or carried by a UK IBAN (a non-UK IBAN makes it an international payment), euro payments
 * travel by SEPA and need an IBAN, and the local-only currencies need an IBAN of their own country.
 */
export function checkRouting(currency: PaymentCurrency, r: RecipientAccount): Violation | null {
  if (currency === 'GBP') {
    if (routingBacs(r) !== null || (r.iban !== null && !r.iban.startsWith('GB'))) return null;
    return violation(
      'PAYMENT_INVALID_RECIPIENT',
      'GBP payments to UK recipients require the recipient to have BACS numbers or a valid UK IBAN',
    );
  }
  if (r.iban === null)
    return violation(
      'PAYMENT_INVALID_RECIPIENT',
      `${currency} payments require the recipient to have an IBAN`,
    );
  const country = LOCAL_ONLY[currency];
  if (country && !r.iban.startsWith(country))
    return violation(
      'PAYMENT_INVALID_RECIPIENT',
      `${currency} payments are only supported to recipients with a ${country} IBAN`,
    );
  return null;
}

/** Payment schemes and the currencies they carry. */
const SCHEME_CURRENCIES: Readonly<Record<string, readonly PaymentCurrency[] | 'any'>> = {
  LOCAL_DEFAULT: 'any',
  LOCAL_INSTANT: 'any',
  SEPA_CREDIT_TRANSFER: ['EUR'],
  SEPA_CREDIT_TRANSFER_INSTANT: ['EUR'],
};

/** Whether the requested scheme can carry a payment in `currency`. */
export function checkScheme(scheme: string | null | undefined, currency: PaymentCurrency): Violation | null {
  if (scheme === null || scheme === undefined) return null;
  const allowed = SCHEME_CURRENCIES[scheme];
  if (allowed === undefined) return violation('INVALID_FIELD', `options.scheme ${scheme} is not recognised`);
  if (allowed !== 'any' && !allowed.includes(currency))
    return violation(
      'PAYMENT_SCHEME_NOT_SUPPORTED',
      `scheme ${scheme} does not support ${currency} payments`,
    );
  return null;
}
