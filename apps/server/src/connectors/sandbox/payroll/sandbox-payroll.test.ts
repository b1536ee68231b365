import { describe, expect, it } from 'vitest';
import type { NormalizedPaystub } from '../../payroll';
import { sandboxPayroll, sandboxPayrollOf } from './sandbox-payroll';

const source = (seed: string) => ({
  institutionId: 'ins_135842',
  login: { username: 'user_good', seed },
});

const sum = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0);

/** Every identity a paystub must satisfy on its own. */
function checkStub(s: NormalizedPaystub): void {
  expect(s.gross.current).toBe(sum(s.earnings.map((e) => e.amount.current)));
  expect(s.gross.ytd).toBe(sum(s.earnings.map((e) => e.amount.ytd)));
  expect(s.deductions_total.current).toBe(sum(s.deductions.map((d) => d.amount.current)));
  expect(s.deductions_total.ytd).toBe(sum(s.deductions.map((d) => d.amount.ytd)));
  expect(s.net.current).toBe(s.gross.current - s.deductions_total.current);
  expect(s.net.ytd).toBe(s.gross.ytd - s.deductions_total.ytd);
  expect(s.net.current).toBeGreaterThan(0);
  expect(s.period_start < s.period_end && s.period_end < s.pay_date).toBe(true);
}

describe('sandbox payroll', () => {
  it.each([
    ['seed-a', '2026-11-18'],
    ['seed-b', '2026-01-09'],
    ['seed-c', '2026-04-30'],
    ['seed-d', '2027-02-02'],
    ['seed-e', '2026-06-15'],
  ])(
    '%s on %s: paystubs reconcile (gross − deductions = net) and year-to-date sums follow from period to period',
    (seed, asOf) => {
      const p = sandboxPayrollOf(source(seed), asOf);
      expect(p.paystubs).toHaveLength(4);
      for (const s of p.paystubs) checkStub(s);
      expect(p.paystubs.every((s) => s.pay_date <= asOf)).toBe(true);
      // Newest first, every two weeks.
      for (let i = 1; i < p.paystubs.length; i++) {
        const newer = p.paystubs[i - 1]!;
        const older = p.paystubs[i]!;
        expect((Date.parse(newer.pay_date) - Date.parse(older.pay_date)) / 86_400_000).toBe(14);
        const lines = (s: NormalizedPaystub) =>
          new Map([...s.earnings, ...s.deductions].map((l) => [l.description, l.amount]));
        const n = lines(newer);
        const o = lines(older);
        for (const [name, amount] of n) {
          const expected =
            newer.pay_date.slice(0, 4) === older.pay_date.slice(0, 4)
              ? (o.get(name)?.ytd ?? 0) + amount.current
              : amount.current;
          expect(amount.ytd, `${name} on ${newer.pay_date}`).toBe(expected);
        }
      }
    },
  );

  it("gives last year's W-2 in the same figures: wages less the 401(k), and Social Security and Medicare at their rates", () => {
    const p = sandboxPayrollOf(source('w2-seed'), '2026-11-18');
    expect(p.w2s).toHaveLength(1);
    const w2 = p.w2s[0]!;
    expect(w2.tax_year).toBe('2025');
    const d = w2.box_12.find((b) => b.code === 'D')!.amount;
    expect(w2.wages).toBe(w2.social_security_wages - d);
    expect(w2.medicare_wages).toBe(w2.social_security_wages);
    expect(w2.state_wages).toBe(w2.wages);
    // Withheld per period and rounded each time: within a cent a period of the yearly rate.
    expect(Math.abs(w2.social_security_tax_withheld - w2.social_security_wages * 0.062)).toBeLessThanOrEqual(
      27,
    );
    expect(Math.abs(w2.medicare_tax_withheld - w2.medicare_wages * 0.0145)).toBeLessThanOrEqual(27);
    // About 26 periods of pay, plus the bonus.
    expect(w2.social_security_wages).toBeGreaterThan(p.rate.amount * 0.9);
    expect(w2.social_security_wages).toBeLessThan(p.rate.amount * 1.06);
  });

  it('is the same for the same login and day, differs between logins, and exists only at the payroll provider', () => {
    expect(sandboxPayrollOf(source('x'), '2026-11-18')).toEqual(sandboxPayrollOf(source('x'), '2026-11-18'));
    expect(sandboxPayrollOf(source('x'), '2026-11-18')).not.toEqual(
      sandboxPayrollOf(source('y'), '2026-11-18'),
    );
    expect(sandboxPayroll.payroll({ ...source('x'), institutionId: 'ins_109508' }, '2026-11-18')).toBeNull();
    expect(sandboxPayroll.payroll(source('x'), '2026-11-18')?.employment.status).toBe('ACTIVE');
  });
});
