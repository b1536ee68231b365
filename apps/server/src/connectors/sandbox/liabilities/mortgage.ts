import type { Persona } from '../../../engines/transactions-generator/events';
import { Rng } from '../../../engines/transactions-generator/rng';
import type { MortgageLiability } from '../../liabilities';
import { balanceAt, digits, impliedRate, type LoanHistory, monthDay, yearToDate } from './ledger';

const STREETS = ['Maple Ave', 'Oak St', 'Cedar Ln', 'Hillcrest Dr', 'Park Pl', 'Sunset Blvd', 'Lakeview Rd'];
/** Payments of a 30-year loan. */
const TERM_MONTHS = 360;

/** Months of escrow the servicer keeps beyond what the year's taxes and insurance use up. */
const ESCROW_CUSHION_MONTHS = 2;
/** Day of the month the servicer pays the year's taxes and insurance out of escrow. */
const DISBURSEMENT_DAY = 15;

/**
 * A sandbox mortgage as of `asOf`, from the loan's generated history. The persona owns its home
 * and pays the mortgage from checking on the 1st (the generator's MORTGAGE PAYMENT): the servicer
 * keeps the escrow share and credits the loan with the rest, which the interest charged on the
 * last day of each month is paid from first. The rate is what that charge implies, and
 * year-to-date interest and principal are split from this year's credits to the loan. Escrow
 * holds a cushion plus the shares paid since the servicer last paid the year's taxes and
 * insurance (once a year, in a month drawn for the loan). The schedule is read back from today:
 * the months left are the balance over the principal a payment repays, the loan was originated a
 * 30-year term before its maturity, for today's balance plus the principal repaid since.
 */
export function mortgageLiability(
  seed: string,
  persona: Persona,
  account: { id: string; mask: string | null; current: number },
  history: LoanHistory,
  asOf: string,
): MortgageLiability {
  const rng = new Rng(`${seed}|mortgage|${account.mask ?? account.id}`);
  const lastPayment = history.payments.at(-1);
  const lastInterest = history.interest.at(-1);
  const rate =
    (lastInterest && impliedRate(history, balanceAt(account.current, history, lastInterest.date))) ??
    rng.int(275, 725) / 100;
  const nextDue = monthDay(asOf, 1, 1);
  const escrow = persona.mortgageEscrow;
  const principalPerPayment = persona.mortgagePayment - escrow - (lastInterest?.amount ?? 0);
  const monthsLeft =
    principalPerPayment > 0
      ? Math.min(TERM_MONTHS, Math.max(1, Math.ceil(account.current / principalPerPayment)))
      : rng.int(200, 330);
  const maturity = monthDay(nextDue, monthsLeft - 1, 1);
  const ytd = yearToDate(history, asOf);
  const accountNumber = digits(() => rng.next(), 10);
  const disbursed = lastDisbursement(rng.int(1, 12), asOf);
  const sharesHeld = history.payments.filter((p) => p.date > disbursed).length;
  return {
    account_number: accountNumber,
    current_late_fee: 0,
    escrow_balance: (ESCROW_CUSHION_MONTHS + sharesHeld) * escrow,
    has_pmi: rng.chance(0.3),
    has_prepayment_penalty: false,
    interest_rate: { percentage: rate, type: 'fixed' },
    last_payment_amount: lastPayment ? lastPayment.amount + escrow : null,
    last_payment_date: lastPayment?.date ?? null,
    loan_type_description: 'conventional',
    loan_term: '30 year',
    maturity_date: maturity,
    next_monthly_payment: persona.mortgagePayment,
    next_payment_due_date: nextDue,
    origination_date: monthDay(maturity, -TERM_MONTHS, 1),
    origination_principal_amount: account.current + (TERM_MONTHS - monthsLeft) * principalPerPayment,
    past_due_amount: 0,
    property_address: {
      street: `${rng.int(100, 9899)} ${rng.pick(STREETS)}`,
      city: persona.city.city,
      region: persona.city.region,
      postal_code: persona.city.postal,
      country: 'US',
    },
    ytd_interest_paid: ytd.interest,
    ytd_principal_paid: ytd.principal,
  };
}

/** The latest yearly disbursement from escrow (in `month`, 1-12) on or before `asOf`. */
function lastDisbursement(month: number, asOf: string): string {
  const thisYear = `${asOf.slice(0, 4)}-${String(month).padStart(2, '0')}-${String(DISBURSEMENT_DAY).padStart(2, '0')}`;
  return thisYear <= asOf ? thisYear : monthDay(thisYear, -12, DISBURSEMENT_DAY);
}
