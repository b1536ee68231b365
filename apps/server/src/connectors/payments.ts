/** The payer's account as the store holds it: currency and balances in minor units of that currency. */
export interface PayerAccount {
  currency: string | null;
  current: number | null;
  available: number | null;
}

/**
 * Money moving on the payer's account because of a payment: negative when a payment leaves,
 * positive when a refund comes back. Integer minor units of `currency`, the payment's currency,
 * which need not be the account's.
 */
export interface PayerMovement {
  amount: number;
  currency: string;
  /** How the payment reads on a statement (payee and reference). */
  description: string;
}

/** What a movement does to the payer's account, in the account's currency. */
export interface PayerPosting {
  current: number | null;
  available: number | null;
  /** The statement line: Plaid's sign (positive when money leaves), minor units of the account's currency. */
  transaction: { amount: number; description: string };
}

/**
 * How a source's accounts take a payment the moment it leaves or is refunded. Only a source whose
 * accounts Weft itself keeps (the simulated banks) has one; a source that is read shows the payment
 * when its connector next reads the account, so nothing moves before that.
 */
export interface PayerLedger {
  /** The account's balances and statement line once the movement has settled. */
  post(account: PayerAccount, movement: PayerMovement): PayerPosting;
}
