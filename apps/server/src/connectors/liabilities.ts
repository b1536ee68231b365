import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { LinkedSource } from './connector';

/**
 * Liabilities in Weft's normalized model: Plaid's field names, money in integer minor units of the
 * account's currency (as the store keeps it), dates as YYYY-MM-DD, rates as percentages. The
 * schemas are the one description of that data: the store validates what it reads through them.
 */
const Money = Type.Integer();
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

/** One of a card's rates, with the balance it applies to and the interest it charged last cycle. */
export const AprSchema = Type.Object({
  apr_percentage: Type.Number(),
  apr_type: Literals(['balance_transfer_apr', 'cash_apr', 'penalty_apr', 'purchase_apr', 'special'] as const),
  balance_subject_to_apr: Nullable(Money),
  interest_charge_amount: Nullable(Money),
});

/** A credit card's last statement, its payments and its rates. */
export const CreditLiabilitySchema = Type.Object({
  aprs: Type.Array(AprSchema),
  is_overdue: Nullable(Type.Boolean()),
  last_payment_amount: Nullable(Money),
  last_payment_date: Nullable(Day),
  last_statement_issue_date: Nullable(Day),
  last_statement_balance: Nullable(Money),
  minimum_payment_amount: Nullable(Money),
  next_payment_due_date: Nullable(Day),
});

const AddressSchema = Type.Object({
  street: Nullable(Type.String()),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  country: Nullable(Type.String()),
});

/** A mortgage: its rate, payments, escrow, origination and the property it is secured on. */
export const MortgageLiabilitySchema = Type.Object({
  account_number: Nullable(Type.String()),
  current_late_fee: Nullable(Money),
  escrow_balance: Nullable(Money),
  has_pmi: Nullable(Type.Boolean()),
  has_prepayment_penalty: Nullable(Type.Boolean()),
  interest_rate: Type.Object({ percentage: Nullable(Type.Number()), type: Nullable(Type.String()) }),
  last_payment_amount: Nullable(Money),
  last_payment_date: Nullable(Day),
  loan_type_description: Nullable(Type.String()),
  loan_term: Nullable(Type.String()),
  maturity_date: Nullable(Day),
  next_monthly_payment: Nullable(Money),
  next_payment_due_date: Nullable(Day),
  origination_date: Nullable(Day),
  origination_principal_amount: Nullable(Money),
  past_due_amount: Nullable(Money),
  property_address: AddressSchema,
  ytd_interest_paid: Nullable(Money),
  ytd_principal_paid: Nullable(Money),
});

/** Plaid's student loan status and repayment plan types. */
export const STUDENT_LOAN_STATUSES = [
  'cancelled',
  'charged off',
  'claim',
  'consolidated',
  'deferment',
  'delinquent',
  'discharged',
  'extension',
  'forbearance',
  'in grace',
  'in military',
  'in school',
  'not fully disbursed',
  'other',
  'paid in full',
  'refunded',
  'repayment',
  'transferred',
  'pending idr',
] as const;
export const REPAYMENT_PLANS = [
  'extended graduated',
  'extended standard',
  'graduated',
  'income-contingent repayment',
  'income-based repayment',
  'income-sensitive repayment',
  'interest only',
  'other',
  'pay as you earn',
  'revised pay as you earn',
  'standard',
  'saving on a valuable education',
  'null',
] as const;

/** A student loan: servicer, plan, PSLF progress, disbursements, payments and expected payoff. */
export const StudentLiabilitySchema = Type.Object({
  account_number: Nullable(Type.String()),
  disbursement_dates: Nullable(Type.Array(Day)),
  expected_payoff_date: Nullable(Day),
  guarantor: Nullable(Type.String()),
  interest_rate_percentage: Type.Number(),
  is_overdue: Nullable(Type.Boolean()),
  last_payment_amount: Nullable(Money),
  last_payment_date: Nullable(Day),
  last_statement_balance: Nullable(Money),
  last_statement_issue_date: Nullable(Day),
  loan_name: Nullable(Type.String()),
  loan_status: Type.Object({ end_date: Nullable(Day), type: Literals(STUDENT_LOAN_STATUSES) }),
  minimum_payment_amount: Nullable(Money),
  next_payment_due_date: Nullable(Day),
  origination_date: Nullable(Day),
  origination_principal_amount: Nullable(Money),
  outstanding_interest_amount: Nullable(Money),
  payment_reference_number: Nullable(Type.String()),
  pslf_status: Type.Object({
    estimated_eligibility_date: Nullable(Day),
    payments_made: Nullable(Type.Integer()),
    payments_remaining: Nullable(Type.Integer()),
  }),
  repayment_plan: Type.Object({ description: Nullable(Type.String()), type: Literals(REPAYMENT_PLANS) }),
  sequence_number: Nullable(Type.String()),
  servicer_address: AddressSchema,
  ytd_interest_paid: Nullable(Money),
  ytd_principal_paid: Nullable(Money),
});

export type CreditLiability = Static<typeof CreditLiabilitySchema>;
export type MortgageLiability = Static<typeof MortgageLiabilitySchema>;
export type StudentLiability = Static<typeof StudentLiabilitySchema>;

/** One account's liability, by kind (Plaid's `credit`, `mortgage` and `student` lists). */
export type NormalizedLiability =
  | { accountId: string; kind: 'credit'; data: CreditLiability }
  | { accountId: string; kind: 'mortgage'; data: MortgageLiability }
  | { accountId: string; kind: 'student'; data: StudentLiability };

/** The schema each kind's data is stored and read through. */
export const LIABILITY_SCHEMAS = {
  credit: CreditLiabilitySchema,
  mortgage: MortgageLiabilitySchema,
  student: StudentLiabilitySchema,
} as const;

/** An account of the store, as a source needs it to describe the account's liability. */
export interface LiabilityAccountRef {
  accountId: string;
  position: number;
  type: string;
  subtype: string | null;
  mask: string | null;
  /** Balance in minor units, Plaid's sign for the account type. */
  current: number | null;
}

/**
 * A source that knows what an Item's credit cards and loans owe. `asOf` is the day the Item's
 * data stands at (the sandbox clock may have moved it): a source answers as of that day, so its
 * liabilities agree with the transactions the store holds up to it.
 */
export interface LiabilitiesSource {
  liabilities(
    source: LinkedSource,
    accounts: readonly LiabilityAccountRef[],
    asOf: string,
  ): NormalizedLiability[];
}
