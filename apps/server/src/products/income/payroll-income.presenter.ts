import {
  type CreditEmploymentGetResponse,
  type CreditEmploymentItem,
  type CreditPayrollIncomeGetResponse,
  type CreditPayStub,
  type CreditPayStubAddress,
  CreditPayStubPayBasisType,
  type CreditW2,
  type PayrollIncomeObject,
  type PayrollItem,
} from 'plaid';
import { findInstitution } from '../../connectors/institutions';
import type { NormalizedPayroll, NormalizedPaystub, NormalizedW2 } from '../../connectors/payroll';
import { toDecimal } from '../../lib/money';
import type { StoredPayroll } from './payroll-income.repository';

type Reply<T> = Omit<T, 'request_id'>;

/**
 * A payroll Item as the spec describes it: the `plaid` package also declares `i20s` on its
 * payroll income, which the spec Weft answers to (2020-09-14) does not have.
 */
type SpecPayrollItem = Omit<PayrollItem, 'payroll_income'> & {
  payroll_income: Omit<PayrollIncomeObject, 'i20s'>[];
};
type PayrollIncomeReply = Omit<Reply<CreditPayrollIncomeGetResponse>, 'items'> & { items: SpecPayrollItem[] };

function address(a: NormalizedPayroll['employer']['address']): CreditPayStubAddress {
  return { street: a.street, city: a.city, region: a.region, postal_code: a.postal_code, country: a.country };
}

function presentPaystub(p: NormalizedPayroll, s: NormalizedPaystub): CreditPayStub {
  const c = p.currency;
  const money = (minor: number) => toDecimal(minor, c);
  return {
    deductions: {
      breakdown: s.deductions.map((d) => ({
        current_amount: money(d.amount.current),
        description: d.description,
        iso_currency_code: c,
        unofficial_currency_code: null,
        ytd_amount: money(d.amount.ytd),
      })),
      total: {
        current_amount: money(s.deductions_total.current),
        iso_currency_code: c,
        unofficial_currency_code: null,
        ytd_amount: money(s.deductions_total.ytd),
      },
    },
    document_id: s.id,
    document_metadata: {
      name: `paystub_${s.pay_date}.pdf`,
      document_type: 'PAYSTUB',
      download_url: null,
      status: 'PROCESSING_COMPLETE',
      page_count: null,
    },
    earnings: {
      breakdown: s.earnings.map((e) => ({
        canonical_description: e.kind,
        current_amount: money(e.amount.current),
        description: e.description,
        hours: e.hours,
        iso_currency_code: c,
        rate: e.rate === null ? null : money(e.rate),
        unofficial_currency_code: null,
        ytd_amount: money(e.amount.ytd),
      })),
      total: {
        current_amount: money(s.gross.current),
        hours: s.hours,
        iso_currency_code: c,
        unofficial_currency_code: null,
        ytd_amount: money(s.gross.ytd),
      },
    },
    employee: {
      address: address(p.employee.address),
      name: p.employee.name,
      marital_status: p.employee.marital_status,
      taxpayer_id: { id_type: 'SSN', id_mask: `***-**-${p.employee.ssn_last4}` },
    },
    employer: { address: address(p.employer.address), name: p.employer.name },
    net_pay: {
      current_amount: money(s.net.current),
      description: 'TOTAL NET PAY',
      iso_currency_code: c,
      unofficial_currency_code: null,
      ytd_amount: money(s.net.ytd),
    },
    pay_period_details: {
      pay_amount: money(s.net.current),
      distribution_breakdown: [],
      end_date: s.period_end,
      gross_earnings: money(s.gross.current),
      iso_currency_code: c,
      pay_date: s.pay_date,
      pay_frequency: p.pay_frequency,
      pay_basis:
        p.rate.basis === 'HOURLY' ? CreditPayStubPayBasisType.Hourly : CreditPayStubPayBasisType.Salary,
      start_date: s.period_start,
      unofficial_currency_code: null,
    },
  };
}

function presentW2(p: NormalizedPayroll, w: NormalizedW2): CreditW2 {
  // W-2 boxes are strings in Plaid's schema.
  const box = (minor: number) => toDecimal(minor, p.currency).toFixed(2);
  return {
    document_metadata: {
      name: `w2_${w.tax_year}.pdf`,
      document_type: 'US_TAX_W2',
      download_url: null,
      status: 'PROCESSING_COMPLETE',
      page_count: null,
    },
    document_id: w.id,
    employer: { address: address(p.employer.address), name: p.employer.name },
    employee: {
      address: address(p.employee.address),
      name: p.employee.name,
      marital_status: p.employee.marital_status,
      taxpayer_id: { id_type: 'SSN', id_mask: `***-**-${p.employee.ssn_last4}` },
    },
    tax_year: w.tax_year,
    employer_id_number: p.employer.ein,
    wages_tips_other_comp: box(w.wages),
    federal_income_tax_withheld: box(w.federal_income_tax_withheld),
    social_security_wages: box(w.social_security_wages),
    social_security_tax_withheld: box(w.social_security_tax_withheld),
    medicare_wages_and_tips: box(w.medicare_wages),
    medicare_tax_withheld: box(w.medicare_tax_withheld),
    social_security_tips: null,
    allocated_tips: null,
    box_9: null,
    dependent_care_benefits: null,
    nonqualified_plans: null,
    box_12: w.box_12.map((b) => ({ code: b.code, amount: box(b.amount) })),
    statutory_employee: null,
    retirement_plan: w.box_12.some((b) => b.code === 'D') ? 'CHECKED' : null,
    third_party_sick_pay: null,
    other: null,
    state_and_local_wages: [
      {
        state: w.state,
        employer_state_id_number: w.employer_state_id,
        state_wages_tips: box(w.state_wages),
        state_income_tax: box(w.state_income_tax),
        local_wages_tips: null,
        local_income_tax: null,
        locality_name: null,
      },
    ],
  };
}

function presentItem(s: StoredPayroll): SpecPayrollItem {
  const p = s.data;
  return {
    item_id: s.itemId,
    institution_id: s.institutionId,
    institution_name: findInstitution(s.institutionId)?.name ?? s.institutionId,
    accounts: [
      {
        account_id: null,
        rate_of_pay: { pay_rate: p.rate.basis, pay_amount: toDecimal(p.rate.amount, p.currency) },
        pay_frequency: p.pay_frequency,
      },
    ],
    payroll_income: [
      {
        account_id: null,
        pay_stubs: p.paystubs.map((x) => presentPaystub(p, x)),
        w2s: p.w2s.map((x) => presentW2(p, x)),
        form1099s: [],
      },
    ],
    status: { processing_status: 'PROCESSING_COMPLETE' },
    updated_at: s.updatedAt,
  };
}

/** /credit/payroll_income/get response. */
export function presentPayrollIncome(items: StoredPayroll[]): PayrollIncomeReply {
  return { items: items.map(presentItem) } satisfies PayrollIncomeReply;
}

/** /credit/employment/get response. */
export function presentEmployment(items: StoredPayroll[]): Reply<CreditEmploymentGetResponse> {
  return {
    items: items.map(
      (s): CreditEmploymentItem => ({
        item_id: s.itemId,
        employments: [
          {
            account_id: null,
            status: s.data.employment.status,
            start_date: s.data.employment.start_date,
            end_date: s.data.employment.end_date,
            employer: { name: s.data.employer.name },
            title: s.data.employment.title,
            platform_ids: {
              employee_id: s.data.employment.employee_id,
              payroll_id: s.data.employment.payroll_id,
              position_id: null,
            },
            employee_type: s.data.employment.employee_type,
            last_paystub_date: s.data.paystubs[0]?.pay_date ?? null,
          },
        ],
      }),
    ),
  } satisfies Reply<CreditEmploymentGetResponse>;
}
