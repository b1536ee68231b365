import { toMinor } from '../../../lib/money';
import type { CreditLiability, StudentLiability } from '../../liabilities';
import { type NormalizedLiability, REPAYMENT_PLANS, STUDENT_LOAN_STATUSES } from '../../liabilities';

/**
 * A custom sandbox user's `liability` on one account, as Plaid documents it (LiabilityOverride):
 * `type` is `credit` or `student` (Plaid's custom sandbox has no mortgages), amounts are in units
 * of the currency and rates in percent. Every other field is optional here.
 */
export type LiabilityOverride = Record<string, unknown> & { type: 'credit' | 'student' };

type Check = (v: unknown) => boolean;
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const isString: Check = (v) => typeof v === 'string' && v.length <= 200;
const isCount: Check = (v) => Number.isInteger(v) && (v as number) >= 0;
const isBoolean: Check = (v) => typeof v === 'boolean';
const isDate: Check = (v) =>
  typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T00:00:00Z`));
const isObject = (v: unknown): v is Record<string, unknown> =>
  Boolean(v) && typeof v === 'object' && !Array.isArray(v);
const fields =
  (shape: Record<string, Check>): Check =>
  (v) =>
    isObject(v) && Object.entries(v).every(([k, x]) => shape[k]?.(x) ?? false);
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);

/** The fields each type may set, and what each must be. */
const SHAPES: Record<'credit' | 'student', Record<string, Check>> = {
  credit: {
    purchase_apr: isNumber,
    cash_apr: isNumber,
    balance_transfer_apr: isNumber,
    special_apr: isNumber,
    last_payment_amount: isNumber,
    minimum_payment_amount: isNumber,
    is_overdue: isBoolean,
  },
  student: {
    minimum_payment_amount: isNumber,
    is_overdue: isBoolean,
    origination_date: isDate,
    principal: isNumber,
    nominal_apr: isNumber,
    interest_capitalization_grace_period_months: isNumber,
    repayment_model: fields({ type: isString, non_repayment_months: isNumber, repayment_months: isNumber }),
    expected_payoff_date: isDate,
    guarantor: isString,
    is_federal: isBoolean,
    loan_name: isString,
    loan_status: fields({
      type: (v) => (STUDENT_LOAN_STATUSES as readonly unknown[]).includes(v),
      end_date: nullable(isDate),
    }),
    payment_reference_number: isString,
    pslf_status: fields({
      estimated_eligibility_date: nullable(isDate),
      payments_made: nullable(isCount),
      payments_remaining: nullable(isCount),
    }),
    repayment_plan_description: isString,
    repayment_plan_type: (v) => (REPAYMENT_PLANS as readonly unknown[]).includes(v) && v !== 'null',
    sequence_number: isString,
    servicer_address: fields({
      city: nullable(isString),
      region: nullable(isString),
      street: nullable(isString),
      postal_code: nullable(isString),
      country: nullable(isString),
    }),
  },
};

/**
 * What is wrong with an account's `liability`, as a message naming the field (`at` is its path),
 * or null when it is a valid override for that account: `credit` on a credit card, `student` on
 * a student loan, each field of the right kind and only fields its type may set.
 */
export function liabilityOverrideProblem(
  value: unknown,
  account: { type: string; subtype: string | null },
  at: string,
): string | null {
  if (!isObject(value)) return `${at} must be an object`;
  const type = value.type;
  if (type !== 'credit' && type !== 'student')
    return `${at}.type must be credit or student (the custom sandbox has no mortgages)`;
  if (type === 'credit' && account.type !== 'credit')
    return `${at}.type credit needs an account of type credit`;
  if (type === 'student' && (account.type !== 'loan' || account.subtype !== 'student'))
    return `${at}.type student needs an account of type loan and subtype student`;
  for (const [key, v] of Object.entries(value)) {
    if (key === 'type') continue;
    const check = SHAPES[type][key];
    if (!check) return `${at}.${key} cannot be set when type is ${type}`;
    if (!check(v)) return `${at}.${key} is not valid`;
  }
  return null;
}

/** Liabilities are US accounts: their overrides are in dollars. */
const minor = (units: unknown) => toMinor(units as number, 'USD');

/**
 * A liability with a custom user's override laid over it: the override's values win, the rest
 * stays as derived. Fields Plaid reads to simulate a schedule (`repayment_model`, capitalization)
 * are checked on link but do not change what is derived here.
 */
export function withOverride(
  liability: NormalizedLiability,
  override: LiabilityOverride,
): NormalizedLiability {
  const o = override;
  if (liability.kind === 'credit' && o.type === 'credit') {
    const aprs: CreditLiability['aprs'] = liability.data.aprs.map((a) =>
      o[a.apr_type] === undefined ? a : { ...a, apr_percentage: o[a.apr_type] as number },
    );
    if (o.special_apr !== undefined)
      aprs.push({
        apr_percentage: o.special_apr as number,
        apr_type: 'special',
        balance_subject_to_apr: 0,
        interest_charge_amount: 0,
      });
    const data: CreditLiability = {
      ...liability.data,
      aprs,
      ...(o.last_payment_amount !== undefined ? { last_payment_amount: minor(o.last_payment_amount) } : {}),
      ...(o.minimum_payment_amount !== undefined
        ? { minimum_payment_amount: minor(o.minimum_payment_amount) }
        : {}),
      ...(o.is_overdue !== undefined ? { is_overdue: o.is_overdue as boolean } : {}),
    };
    return { ...liability, data };
  }
  if (liability.kind === 'student' && o.type === 'student') {
    const s = liability.data;
    const data: StudentLiability = {
      ...s,
      ...(o.minimum_payment_amount !== undefined
        ? { minimum_payment_amount: minor(o.minimum_payment_amount) }
        : {}),
      ...(o.is_overdue !== undefined ? { is_overdue: o.is_overdue as boolean } : {}),
      ...(o.origination_date !== undefined ? { origination_date: o.origination_date as string } : {}),
      ...(o.principal !== undefined ? { origination_principal_amount: minor(o.principal) } : {}),
      ...(o.nominal_apr !== undefined ? { interest_rate_percentage: o.nominal_apr as number } : {}),
      ...(o.expected_payoff_date !== undefined
        ? { expected_payoff_date: o.expected_payoff_date as string }
        : {}),
      ...(o.guarantor !== undefined ? { guarantor: o.guarantor as string } : {}),
      ...(o.loan_name !== undefined ? { loan_name: o.loan_name as string } : {}),
      ...(o.loan_status !== undefined
        ? {
            loan_status: { ...s.loan_status, ...(o.loan_status as Partial<StudentLiability['loan_status']>) },
          }
        : {}),
      ...(o.payment_reference_number !== undefined
        ? { payment_reference_number: o.payment_reference_number as string }
        : {}),
      ...(o.pslf_status !== undefined
        ? {
            pslf_status: { ...s.pslf_status, ...(o.pslf_status as Partial<StudentLiability['pslf_status']>) },
          }
        : {}),
      repayment_plan: {
        description: (o.repayment_plan_description as string | undefined) ?? s.repayment_plan.description,
        type:
          (o.repayment_plan_type as StudentLiability['repayment_plan']['type'] | undefined) ??
          s.repayment_plan.type,
      },
      ...(o.sequence_number !== undefined ? { sequence_number: o.sequence_number as string } : {}),
      ...(o.servicer_address !== undefined
        ? {
            servicer_address: {
              ...s.servicer_address,
              ...(o.servicer_address as Partial<StudentLiability['servicer_address']>),
            },
          }
        : {}),
    };
    return { ...liability, data };
  }
  return liability;
}
