import { PLAID_SANDBOX_OWNER } from '../../../engines/identity/personas.data';
import { CITIES, EMPLOYERS } from '../../../engines/transactions-generator/persona.data';
import { dateOf, dayNumber, hash32, Rng } from '../../../engines/transactions-generator/rng';
import type { LinkedSource } from '../../connector';
import type { NormalizedPayroll, NormalizedPaystub, NormalizedW2, PayrollSource } from '../../payroll';

/** Paystubs a payroll provider shows: the latest few. */
const PAYSTUBS_SHOWN = 4;
/** Employee rates, as US payroll withholds them. */
const SOCIAL_SECURITY = 0.062;
const MEDICARE = 0.0145;
const FEDERAL = 0.12;
const TITLES = [
  'Software Engineer',
  'Operations Analyst',
  'Account Manager',
  'Product Designer',
  'Data Analyst',
];

interface Period {
  payDate: string;
  start: string;
  end: string;
  regular: number;
  bonus: number;
  health: number;
  retirement: number;
  federal: number;
  state: number;
  socialSecurity: number;
  medicare: number;
}

/** One pay period's pay and withholding, in cents. The 401(k) and health plan come out pre-tax. */
function period(
  payDay: number,
  gross: number,
  bonus: number,
  health: number,
  retirePct: number,
  stateRate: number,
): Period {
  const total = gross + bonus;
  const retirement = Math.round(total * retirePct);
  const taxable = total - retirement - health;
  return {
    payDate: dateOf(payDay),
    start: dateOf(payDay - 18),
    end: dateOf(payDay - 5),
    regular: gross,
    bonus,
    health,
    retirement,
    federal: Math.round(taxable * FEDERAL),
    state: Math.round(taxable * stateRate),
    socialSecurity: Math.round((total - health) * SOCIAL_SECURITY),
    medicare: Math.round((total - health) * MEDICARE),
  };
}

const deductionsOf = (p: Period) => [
  { description: '401(k)', amount: p.retirement, pre_tax: true },
  { description: 'Medical Insurance', amount: p.health, pre_tax: true },
  { description: 'Federal Income Tax', amount: p.federal, pre_tax: false },
  { description: 'State Income Tax', amount: p.state, pre_tax: false },
  { description: 'Social Security', amount: p.socialSecurity, pre_tax: false },
  { description: 'Medicare', amount: p.medicare, pre_tax: false },
];

/**
 * A login's payroll at the sandbox payroll provider, drawn from its seed: a salaried job paid every
 * two weeks since before last year, a spring bonus, pre-tax 401(k) and health plan, and US
 * withholding. Every figure is computed from the pay periods themselves, so a paystub's gross less
 * its deductions is its net pay, its year-to-date amounts are the sums of that year's periods up
 * to its pay date, and last year's W-2 is the sum of last year's periods.
 */
export function sandboxPayrollOf(source: LinkedSource, asOf: string): NormalizedPayroll {
  const rng = new Rng(hash32(`payroll|${source.institutionId}|${source.login.seed}`));
  const employer = rng.pick(EMPLOYERS);
  const city = rng.pick(CITIES);
  const annual = rng.int(52, 148) * 1000_00;
  const gross = Math.round(annual / 26);
  const health = rng.int(60, 180) * 100;
  const retirePct = rng.pick([0.03, 0.04, 0.05, 0.06]);
  const stateRate = city.region === 'TX' || city.region === 'WA' ? 0 : rng.pick([0.03, 0.045, 0.05]);
  const title = rng.pick(TITLES);
  const today = dayNumber(asOf);
  const year = Number(asOf.slice(0, 4));
  const firstOfLastYear = dayNumber(`${year - 1}-01-01`);
  // A Friday payday within the first two weeks of last year anchors the biweekly schedule.
  let anchor = firstOfLastYear + rng.int(0, 13);
  while ((anchor + 3) % 7 !== 1) anchor++;
  const bonusMonth = `-0${rng.int(3, 4)}-`;
  const bonusPaid = new Set<string>();
  const periods: Period[] = [];
  for (let d = anchor; d <= today; d += 14) {
    const date = dateOf(d);
    const bonusYear = date.slice(0, 4);
    const bonus = date.includes(bonusMonth) && !bonusPaid.has(bonusYear) ? Math.round(annual * 0.05) : 0;
    if (bonus) bonusPaid.add(bonusYear);
    periods.push(period(d, gross, bonus, health, retirePct, stateRate));
  }

  const stubs: NormalizedPaystub[] = [];
  const ytd = new Map<string, number>();
  const add = (key: string, v: number) => {
    const next = (ytd.get(key) ?? 0) + v;
    ytd.set(key, next);
    return next;
  };
  let yearOf = '';
  for (const [i, p] of periods.entries()) {
    if (p.payDate.slice(0, 4) !== yearOf) {
      yearOf = p.payDate.slice(0, 4);
      ytd.clear();
    }
    const earnings = [
      {
        kind: 'REGULAR_PAY' as const,
        description: 'Regular Pay',
        amount: { current: p.regular, ytd: add('regular', p.regular) },
        hours: 80,
        rate: Math.round(p.regular / 80),
      },
      ...(p.bonus || ytd.has('bonus')
        ? [
            {
              kind: 'BONUS' as const,
              description: 'Bonus',
              amount: { current: p.bonus, ytd: add('bonus', p.bonus) },
              hours: null,
              rate: null,
            },
          ]
        : []),
    ];
    const deductions = deductionsOf(p).map((x) => ({
      description: x.description,
      pre_tax: x.pre_tax,
      amount: { current: x.amount, ytd: add(x.description, x.amount) },
    }));
    const grossNow = p.regular + p.bonus;
    const deducted = deductions.reduce((s, x) => s + x.amount.current, 0);
    const grossYtd = add('gross', grossNow);
    const deductedYtd = add('deducted', deducted);
    stubs.push({
      id: `paystub-${hash32(`${source.login.seed}|${i}`).toString(16)}`,
      pay_date: p.payDate,
      period_start: p.start,
      period_end: p.end,
      earnings,
      deductions,
      gross: { current: grossNow, ytd: grossYtd },
      deductions_total: { current: deducted, ytd: deductedYtd },
      net: { current: grossNow - deducted, ytd: grossYtd - deductedYtd },
      hours: 80,
    });
  }

  const lastYear = String(year - 1);
  const prior = periods.filter((p) => p.payDate.startsWith(lastYear));
  const sum = (f: (p: Period) => number) => prior.reduce((s, p) => s + f(p), 0);
  const w2s: NormalizedW2[] =
    prior.length === 0
      ? []
      : [
          {
            id: `w2-${hash32(`${source.login.seed}|${lastYear}`).toString(16)}`,
            tax_year: lastYear,
            wages: sum((p) => p.regular + p.bonus - p.retirement - p.health),
            federal_income_tax_withheld: sum((p) => p.federal),
            social_security_wages: sum((p) => p.regular + p.bonus - p.health),
            social_security_tax_withheld: sum((p) => p.socialSecurity),
            medicare_wages: sum((p) => p.regular + p.bonus - p.health),
            medicare_tax_withheld: sum((p) => p.medicare),
            box_12: [{ code: 'D', amount: sum((p) => p.retirement) }],
            state: city.region,
            employer_state_id: String(rng.int(10_000_000, 99_999_999)),
            state_wages: sum((p) => p.regular + p.bonus - p.retirement - p.health),
            state_income_tax: sum((p) => p.state),
          },
        ];
  const owner = PLAID_SANDBOX_OWNER.addresses[0]!.data;
  return {
    currency: 'USD',
    employer: {
      name: employer.name,
      address: {
        street: `${rng.int(100, 999)} Market Street`,
        city: city.city,
        region: city.region,
        postal_code: city.postal,
        country: 'US',
      },
      ein: `${rng.int(10, 99)}-${rng.int(1_000_000, 9_999_999)}`,
    },
    employee: {
      name: PLAID_SANDBOX_OWNER.names[0]!,
      address: { ...owner },
      marital_status: rng.chance(0.5) ? 'SINGLE' : 'MARRIED',
      ssn_last4: String(rng.int(1000, 9999)),
    },
    employment: {
      title,
      start_date: dateOf(firstOfLastYear - rng.int(60, 1500)),
      end_date: null,
      status: 'ACTIVE',
      employee_type: 'FULL_TIME',
      employee_id: `E${rng.int(10_000, 99_999)}`,
      payroll_id: `P${rng.int(100_000, 999_999)}`,
    },
    pay_frequency: 'BIWEEKLY',
    rate: { basis: 'ANNUAL', amount: annual },
    paystubs: stubs.slice(-PAYSTUBS_SHOWN).reverse(),
    w2s,
  };
}

/** The sandbox payroll provider's payroll: only its own institutions have any. */
export const sandboxPayroll: PayrollSource = {
  payroll(source, asOf) {
    return source.institutionId === 'ins_135842' ? sandboxPayrollOf(source, asOf) : null;
  },
};
