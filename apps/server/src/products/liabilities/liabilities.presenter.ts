import type { APR, CreditCardLiability, LiabilitiesGetResponse, MortgageLiability, StudentLoan } from 'plaid';
import type {
  CreditLiability,
  MortgageLiability as StoredMortgage,
  StudentLiability,
} from '../../connectors/liabilities';
import type { Reply } from '../../http/reply';
import { toDecimalOrNull } from '../../lib/money';
import { presentAccount } from '../accounts/accounts.presenter';
import { presentItem } from '../items/items.presenter';
import type { LiabilitiesView } from './liabilities.service';

function presentCredit(accountId: string, c: CreditLiability, currency: string): CreditCardLiability {
  const money = (minor: number | null) => toDecimalOrNull(minor, currency);
  return {
    account_id: accountId,
    aprs: c.aprs.map(
      (a) =>
        ({
          apr_percentage: a.apr_percentage,
          apr_type: a.apr_type as APR['apr_type'],
          balance_subject_to_apr: money(a.balance_subject_to_apr),
          interest_charge_amount: money(a.interest_charge_amount),
        }) satisfies APR,
    ),
    is_overdue: c.is_overdue,
    last_payment_amount: money(c.last_payment_amount),
    last_payment_date: c.last_payment_date,
    last_statement_issue_date: c.last_statement_issue_date,
    last_statement_balance: money(c.last_statement_balance),
    minimum_payment_amount: money(c.minimum_payment_amount),
    next_payment_due_date: c.next_payment_due_date,
  };
}

function presentMortgage(accountId: string, m: StoredMortgage, currency: string): MortgageLiability {
  const money = (minor: number | null) => toDecimalOrNull(minor, currency);
  const p = m.property_address;
  return {
    account_id: accountId,
    account_number: m.account_number,
    current_late_fee: money(m.current_late_fee),
    escrow_balance: money(m.escrow_balance),
    has_pmi: m.has_pmi,
    has_prepayment_penalty: m.has_prepayment_penalty,
    interest_rate: { percentage: m.interest_rate.percentage, type: m.interest_rate.type },
    last_payment_amount: money(m.last_payment_amount),
    last_payment_date: m.last_payment_date,
    loan_type_description: m.loan_type_description,
    loan_term: m.loan_term,
    maturity_date: m.maturity_date,
    next_monthly_payment: money(m.next_monthly_payment),
    next_payment_due_date: m.next_payment_due_date,
    origination_date: m.origination_date,
    origination_principal_amount: money(m.origination_principal_amount),
    past_due_amount: money(m.past_due_amount),
    property_address: {
      city: p.city,
      country: p.country,
      postal_code: p.postal_code,
      region: p.region,
      street: p.street,
    },
    ytd_interest_paid: money(m.ytd_interest_paid),
    ytd_principal_paid: money(m.ytd_principal_paid),
  };
}

function presentStudent(accountId: string, s: StudentLiability, currency: string): StudentLoan {
  const money = (minor: number | null) => toDecimalOrNull(minor, currency);
  const a = s.servicer_address;
  return {
    account_id: accountId,
    account_number: s.account_number,
    disbursement_dates: s.disbursement_dates ? [...s.disbursement_dates] : null,
    expected_payoff_date: s.expected_payoff_date,
    guarantor: s.guarantor,
    interest_rate_percentage: s.interest_rate_percentage,
    is_overdue: s.is_overdue,
    last_payment_amount: money(s.last_payment_amount),
    last_payment_date: s.last_payment_date,
    last_statement_balance: money(s.last_statement_balance),
    last_statement_issue_date: s.last_statement_issue_date,
    loan_name: s.loan_name,
    loan_status: {
      end_date: s.loan_status.end_date,
      type: s.loan_status.type as StudentLoan['loan_status']['type'],
    },
    minimum_payment_amount: money(s.minimum_payment_amount),
    next_payment_due_date: s.next_payment_due_date,
    origination_date: s.origination_date,
    origination_principal_amount: money(s.origination_principal_amount),
    outstanding_interest_amount: money(s.outstanding_interest_amount),
    payment_reference_number: s.payment_reference_number,
    pslf_status: {
      estimated_eligibility_date: s.pslf_status.estimated_eligibility_date,
      payments_made: s.pslf_status.payments_made,
      payments_remaining: s.pslf_status.payments_remaining,
    },
    repayment_plan: {
      description: s.repayment_plan.description,
      type: s.repayment_plan.type as StudentLoan['repayment_plan']['type'],
    },
    sequence_number: s.sequence_number,
    servicer_address: {
      city: a.city,
      region: a.region,
      street: a.street,
      postal_code: a.postal_code,
      country: a.country,
    },
    ytd_interest_paid: money(s.ytd_interest_paid),
    ytd_principal_paid: money(s.ytd_principal_paid),
  };
}

/**
 * /liabilities/get response, in the order of the accounts. A kind the chosen accounts hold none
 * of is null, as Plaid's nullable lists allow.
 */
export function presentLiabilities(view: LiabilitiesView) {
  const order = new Map(view.accounts.map((a, i) => [a.account_id, i]));
  const currency = new Map(view.accounts.map((a) => [a.account_id, a.iso_currency_code]));
  const sorted = [...view.liabilities].sort(
    (x, y) => (order.get(x.accountId) ?? 0) - (order.get(y.accountId) ?? 0),
  );
  const credit: CreditCardLiability[] = [];
  const mortgage: MortgageLiability[] = [];
  const student: StudentLoan[] = [];
  for (const l of sorted) {
    const c = currency.get(l.accountId) ?? 'USD';
    if (l.kind === 'credit') credit.push(presentCredit(l.accountId, l.data, c));
    else if (l.kind === 'mortgage') mortgage.push(presentMortgage(l.accountId, l.data, c));
    else student.push(presentStudent(l.accountId, l.data, c));
  }
  const orNull = <T>(list: T[]) => (list.length > 0 ? list : null);
  return {
    accounts: view.accounts.map((a) => presentAccount(a)),
    item: presentItem(view.item),
    liabilities: { credit: orNull(credit), mortgage: orNull(mortgage), student: orNull(student) },
  } satisfies Reply<LiabilitiesGetResponse>;
}
