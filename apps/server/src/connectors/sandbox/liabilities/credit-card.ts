import type { GenEvent } from '../../../engines/transactions-generator/generator';
import { Rng } from '../../../engines/transactions-generator/rng';
import { dateOf, dayNumber } from '../../../lib/days';
import type { CreditLiability } from '../../liabilities';
import { lastStatementDay, monthDay } from './ledger';

/** Day of the month a sandbox card's statement is due (and paid, from checking). */
export const CARD_DUE_DAY = 25;

/** Purchase APRs a sandbox card is issued with; cash advances cost five points more. */
const PURCHASE_APRS = [15.24, 18.24, 19.99, 22.49, 24.74] as const;

/**
 * A sandbox card's liability as of `asOf`, from the generated events its transactions are made
 * of. A statement closes on the last day of each month with that month's charges; the persona
 * pays it in full from checking on the 25th of the next month (the generator's card payment). So
 * the last statement balance is the payment that settles it, the minimum payment is the larger
 * of $25 and 1% plus the interest charged that month (never above the balance), and the last
 * payment is the latest payment the card's transactions show. `events` reach the due day of the
 * last statement even when it is after `asOf`: its balance is known when it is issued.
 */
export function creditLiability(
  seed: string,
  card: { id: string; mask: string | null },
  events: readonly GenEvent[],
  asOf: string,
): CreditLiability {
  const asOfDay = dayNumber(asOf);
  const issued = lastStatementDay(asOf);
  const due = monthDay(asOf, 0, CARD_DUE_DAY);
  const settling = events.find((e) => e.key === `${due}:cardpay:${card.id}:in`);
  const balance = settling ? -settling.amount : 0;
  const interest = events
    .filter(
      (e) =>
        e.accountId === card.id && e.key.endsWith(':card-interest') && e.key.startsWith(issued.slice(0, 7)),
    )
    .reduce((sum, e) => sum + e.amount, 0);
  const minimum = Math.min(balance, Math.max(25_00, Math.round(balance / 100) + interest));
  const lastPayment = events
    .filter((e) => e.accountId === card.id && e.key.includes(':cardpay:') && e.day <= asOfDay)
    .at(-1);
  const purchase = new Rng(`${seed}|apr|${card.mask ?? card.id}`).pick(PURCHASE_APRS);
  return {
    aprs: [
      {
        apr_percentage: purchase,
        apr_type: 'purchase_apr',
        balance_subject_to_apr: balance,
        interest_charge_amount: interest,
      },
      {
        apr_percentage: Math.round((purchase + 5) * 100) / 100,
        apr_type: 'cash_apr',
        balance_subject_to_apr: 0,
        interest_charge_amount: 0,
      },
      {
        apr_percentage: purchase,
        apr_type: 'balance_transfer_apr',
        balance_subject_to_apr: 0,
        interest_charge_amount: 0,
      },
    ],
    // The persona never misses a due date: each statement is paid on it.
    is_overdue: false,
    last_payment_amount: lastPayment ? -lastPayment.amount : null,
    last_payment_date: lastPayment ? dateOf(lastPayment.day) : null,
    last_statement_issue_date: issued,
    last_statement_balance: balance,
    minimum_payment_amount: minimum,
    next_payment_due_date: asOf < due ? due : monthDay(asOf, 1, CARD_DUE_DAY),
  };
}
