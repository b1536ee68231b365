import type { PaymentCurrency } from './amount';

/**
 * Units of each payment currency one euro buys, fixed: the sandbox's banks convert at these rates
 * when a payment in one currency is made from an account held in another. Deterministic on purpose
 * (a live rate would make balances differ between runs); realistic to a couple of percent.
 */
export const SANDBOX_RATES_PER_EUR: Readonly<Record<PaymentCurrency, number>> = {
  EUR: 1,
  GBP: 0.85,
  PLN: 4.3,
  SEK: 11.2,
  DKK: 7.46,
  NOK: 11.5,
};

/** A conversion the payer's bank made. */
export interface Converted {
  /** Amount in the account's currency, minor units, rounded to the nearest unit. */
  minor: number;
  /** Account-currency units per unit of the payment's currency. */
  rate: number;
}

/**
 * Converts minor units of `from` into the account currency `to`. Unknown currencies (an account
 * held in a currency payments are not made in) convert at 1, as if held in the payment's currency.
 */
export function convert(minor: number, from: string, to: string | null): Converted {
  const rates = SANDBOX_RATES_PER_EUR as Readonly<Record<string, number>>;
  const a = rates[from];
  const b = to === null ? undefined : rates[to];
  if (from === to || a === undefined || b === undefined) return { minor, rate: 1 };
  const rate = b / a;
  return { minor: Math.round(minor * rate), rate };
}
