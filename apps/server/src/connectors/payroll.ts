import { type Static, type TSchema, Type } from '@sinclair/typebox';
import type { LinkedSource } from './connector';

/**
 * Payroll in Weft's normalized model: what a payroll provider knows of one employment — employer,
 * employee, paystubs and W-2s — money in integer cents, dates as YYYY-MM-DD. The schema is the one
 * description of that data: the store validates what it reads through it.
 */
const Money = Type.Integer();
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const Literals = <T extends string>(values: readonly T[]) => Type.Union(values.map((v) => Type.Literal(v)));

const AddressSchema = Type.Object({
  street: Nullable(Type.String()),
  city: Nullable(Type.String()),
  region: Nullable(Type.String()),
  postal_code: Nullable(Type.String()),
  country: Nullable(Type.String()),
});

/** An amount for the pay period and for the year to the pay date. */
const AmountSchema = Type.Object({ current: Money, ytd: Money });

/** Plaid's canonical earning kinds that Weft's sources produce. */
export const EARNING_KINDS = ['REGULAR_PAY', 'OVERTIME', 'BONUS'] as const;

export const PaystubSchema = Type.Object({
  id: Type.String(),
  pay_date: Day,
  period_start: Day,
  period_end: Day,
  earnings: Type.Array(
    Type.Object({
      kind: Literals(EARNING_KINDS),
      description: Type.String(),
      amount: AmountSchema,
      hours: Nullable(Type.Number()),
      /** Cents per hour. */
      rate: Nullable(Money),
    }),
  ),
  deductions: Type.Array(
    Type.Object({ description: Type.String(), amount: AmountSchema, pre_tax: Type.Boolean() }),
  ),
  /** Gross earnings: the sum of `earnings`. */
  gross: AmountSchema,
  /** The sum of `deductions`. */
  deductions_total: AmountSchema,
  /** Gross less deductions: what was paid into the employee's account. */
  net: AmountSchema,
  hours: Nullable(Type.Number()),
});

export const W2Schema = Type.Object({
  id: Type.String(),
  tax_year: Type.String(),
  /** Box 1: gross less pre-tax deductions. */
  wages: Money,
  federal_income_tax_withheld: Money,
  social_security_wages: Money,
  social_security_tax_withheld: Money,
  medicare_wages: Money,
  medicare_tax_withheld: Money,
  box_12: Type.Array(Type.Object({ code: Type.String(), amount: Money })),
  state: Type.String(),
  employer_state_id: Type.String(),
  state_wages: Money,
  state_income_tax: Money,
});

export const PayrollSchema = Type.Object({
  currency: Type.String(),
  employer: Type.Object({ name: Type.String(), address: AddressSchema, ein: Type.String() }),
  employee: Type.Object({
    name: Type.String(),
    address: AddressSchema,
    marital_status: Nullable(Literals(['SINGLE', 'MARRIED'] as const)),
    ssn_last4: Type.String(),
  }),
  employment: Type.Object({
    title: Type.String(),
    start_date: Day,
    end_date: Nullable(Day),
    status: Literals(['ACTIVE', 'INACTIVE'] as const),
    employee_type: Literals(['FULL_TIME', 'PART_TIME', 'CONTRACTOR'] as const),
    employee_id: Type.String(),
    payroll_id: Type.String(),
  }),
  pay_frequency: Literals(['WEEKLY', 'BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY'] as const),
  rate: Type.Object({ basis: Literals(['ANNUAL', 'HOURLY'] as const), amount: Money }),
  /** Newest first. */
  paystubs: Type.Array(PaystubSchema),
  /** Newest first. */
  w2s: Type.Array(W2Schema),
});

export type NormalizedPayroll = Static<typeof PayrollSchema>;
export type NormalizedPaystub = Static<typeof PaystubSchema>;
export type NormalizedW2 = Static<typeof W2Schema>;

/** A source that knows a login's payroll: a payroll provider. */
export interface PayrollSource {
  /** The login's employment and pay as of `asOf` (YYYY-MM-DD); null when it holds none. */
  payroll(source: LinkedSource, asOf: string): NormalizedPayroll | null;
}
