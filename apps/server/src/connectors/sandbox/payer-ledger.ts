import { convert } from '../../engines/payments/fx';
import { minorUnits, toDecimal } from '../../lib/money';
import type { PayerLedger } from '../payments';

/**
 * A simulated bank settles a payment at once: the balances move by the amount in the account's
 * currency, converted at the sandbox's fixed rates when the payment is in another, and the
 * statement line shows the original amount and the rate, as banks print foreign payments.
 */
export const sandboxPayerLedger: PayerLedger = {
  post(account, movement) {
    const converted = convert(movement.amount, movement.currency, account.currency);
    const delta = converted.minor;
    const description =
      converted.rate === 1
        ? movement.description
        : `${movement.description} ${movement.currency} ${toDecimal(Math.abs(movement.amount), movement.currency).toFixed(minorUnits(movement.currency))} @ ${converted.rate.toFixed(4)}`;
    return {
      current: account.current === null ? null : account.current + delta,
      available: account.available === null ? null : account.available + delta,
      transaction: { amount: -delta, description },
    };
  },
};
