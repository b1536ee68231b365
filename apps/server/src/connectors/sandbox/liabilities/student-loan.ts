import type { Persona } from '../../../engines/transactions-generator/events';
import { Rng } from '../../../engines/transactions-generator/rng';
import type { StudentLiability } from '../../liabilities';
import {
  balanceAt,
  digits,
  impliedRate,
  type LoanHistory,
  lastStatementDay,
  monthDay,
  monthsBetween,
  yearToDate,
} from './ledger';

/** Day of the month the persona pays its student loan from checking (the generator's payment). */
const DUE_DAY = 5;
/** Qualifying payments Public Service Loan Forgiveness asks for. */
const PSLF_PAYMENTS = 120;

/** Federal loan servicers and where they are. */
const SERVICERS = [
  { street: '121 S 13th St', city: 'Lincoln', region: 'NE', postal_code: '68508' },
  { street: '633 Spirit Dr', city: 'Chesterfield', region: 'MO', postal_code: '63005' },
  { street: '1891 Metro Center Dr', city: 'Reston', region: 'VA', postal_code: '20190' },
  { street: '2401 International Ln', city: 'Madison', region: 'WI', postal_code: '53704' },
] as const;
const LOAN_NAMES = [
  'Direct Subsidized Stafford',
  'Direct Unsubsidized Stafford',
  'Direct Consolidation',
] as const;

/**
 * A sandbox student loan as of `asOf`, from the loan's generated history: the persona pays it
 * from checking on the 5th and it is charged interest on the last day of each month. The rate is
 * what the last charge implies; the statement is the balance when the month closed; interest
 * outstanding is what was charged since the last payment; the payoff is when today's balance runs
 * out at the principal a payment repays. The loan was disbursed in two parts (August and January
 * of a school year) and repayment began six months after, under the standard plan; the PSLF count
 * is the payments due since then.
 */
export function studentLiability(
  seed: string,
  persona: Persona,
  account: { id: string; mask: string | null; current: number },
  history: LoanHistory,
  asOf: string,
): StudentLiability {
  const rng = new Rng(`${seed}|student|${account.mask ?? account.id}`);
  const lastPayment = history.payments.at(-1);
  const lastInterest = history.interest.at(-1);
  const rate =
    (lastInterest && impliedRate(history, balanceAt(account.current, history, lastInterest.date))) ??
    rng.int(300, 750) / 100;
  const nextDue =
    Number(asOf.slice(8, 10)) < DUE_DAY ? monthDay(asOf, 0, DUE_DAY) : monthDay(asOf, 1, DUE_DAY);
  const principalPerPayment = persona.studentLoan - (lastInterest?.amount ?? 0);
  const paymentsLeft =
    principalPerPayment > 0 ? Math.max(1, Math.ceil(account.current / principalPerPayment)) : null;
  const payoff = paymentsLeft === null ? null : monthDay(nextDue, paymentsLeft - 1, DUE_DAY);
  const schoolYear = Number(asOf.slice(0, 4)) - rng.int(4, 9);
  const disbursements = [`${schoolYear}-08-15`, `${schoolYear + 1}-01-15`];
  const firstDue = monthDay(disbursements[1]!, 6, DUE_DAY);
  const paymentsMade = Math.max(0, monthsBetween(firstDue, nextDue));
  const remaining = Math.max(0, PSLF_PAYMENTS - paymentsMade);
  const issued = lastStatementDay(asOf);
  const ytd = yearToDate(history, asOf);
  const outstanding = history.interest
    .filter((e) => !lastPayment || e.date > lastPayment.date)
    .reduce((sum, e) => sum + e.amount, 0);
  const servicer = rng.pick(SERVICERS);
  return {
    account_number: digits(() => rng.next(), 10),
    disbursement_dates: disbursements,
    expected_payoff_date: payoff,
    guarantor: 'DEPT OF ED',
    interest_rate_percentage: rate,
    is_overdue: false,
    last_payment_amount: lastPayment?.amount ?? null,
    last_payment_date: lastPayment?.date ?? null,
    last_statement_balance: balanceAt(account.current, history, issued),
    last_statement_issue_date: issued,
    loan_name: rng.pick(LOAN_NAMES),
    loan_status: { type: 'repayment', end_date: payoff },
    minimum_payment_amount: persona.studentLoan,
    next_payment_due_date: nextDue,
    origination_date: disbursements[0]!,
    origination_principal_amount: account.current + paymentsMade * Math.max(0, principalPerPayment),
    outstanding_interest_amount: outstanding,
    payment_reference_number: digits(() => rng.next(), 12),
    pslf_status: {
      estimated_eligibility_date: remaining > 0 ? monthDay(nextDue, remaining - 1, DUE_DAY) : null,
      payments_made: Math.min(paymentsMade, PSLF_PAYMENTS),
      payments_remaining: remaining,
    },
    repayment_plan: { type: 'standard', description: 'Standard Repayment' },
    sequence_number: '1',
    servicer_address: { ...servicer, country: 'US' },
    ytd_interest_paid: ytd.interest,
    ytd_principal_paid: ytd.principal,
  };
}
