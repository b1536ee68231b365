import { describe, expect, it } from 'vitest';
import { EnrichEngine } from '../../../engines/enrich/enrich';
import { detectIncome, type IncomeInput, type IncomeSource } from '../../../engines/income/income';
import { balanceSign } from '../../../engines/transactions-generator/generator';
import { dateOf, dayNumber } from '../../../lib/days';
import type { LinkedSource, StoredAccount } from '../../connector';
import type { SourceTransaction } from '../../source-data';
import { SandboxConnector } from '../sandbox.connector';

const sandbox = new SandboxConnector();
const enrich = new EnrichEngine();

/** Links a sandbox user and reads its whole history on `today`, as the store's first pull does. */
async function history(username: string, institutionId: string, today: string, password = 'anything') {
  const r = await sandbox.link({ kind: 'credentials' }, { institutionId, username, password });
  if (r.status !== 'linked') throw new Error(`${username}: ${JSON.stringify(r)}`);
  const source: LinkedSource = { institutionId, login: r.login };
  const accounts: StoredAccount[] = r.accounts.map((a, position) => ({
    id: `acc-${position}`,
    position,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    currency: a.currency,
    current: a.current,
  }));
  const read = await sandbox.refresh(source, null, { day: today, previous: null, accounts });
  const byKey = new Map(r.accounts.map((a, i) => [a.key, accounts[i]!]));
  const rows = read.transactions.map((t) => ({ ...t, accountId: byKey.get(t.accountKey)!.id }));
  return { accounts, rows, linked: r.accounts, owners: read.owners };
}

/** What the bank income product sees of the rows: the engine's merchant and category included. */
function incomeInputs(rows: readonly (SourceTransaction & { accountId: string })[]): IncomeInput[] {
  return rows.map((t) => {
    const e = enrich.enrich({ description: t.description, amount: t.amount, accountType: 'depository' });
    return {
      id: t.id,
      accountId: t.accountId,
      date: t.date,
      amount: t.amount,
      description: t.description,
      merchantName: e.merchantName,
      pfcDetailed: e.category.detailed,
      pending: t.pending,
    };
  });
}

const window = (today: string, days: number) => ({ start: dateOf(dayNumber(today) - days + 1), end: today });

/** Posted money in and out of the window, positive minor units. */
function cashFlow(rows: readonly SourceTransaction[], w: { start: string; end: string }) {
  let inflow = 0;
  let outflow = 0;
  for (const t of rows)
    if (!t.pending && t.date >= w.start && t.date <= w.end) {
      if (t.amount < 0) inflow -= t.amount;
      else outflow += t.amount;
    }
  return { inflow, outflow };
}

const shape = (sources: readonly IncomeSource[]) =>
  sources.map((s) => `${s.category} ${s.payFrequency} ${s.description}`).sort();

const INSTITUTIONS = ['ins_109508', 'ins_109509', 'ins_109511', 'ins_43'];
/** Days a report is read on: every 23rd day across two years, so windows start on every weekday and date. */
const DAYS = Array.from({ length: 32 }, (_, i) => dateOf(dayNumber('2025-01-07') + i * 23));
const LAST_DAY = DAYS[DAYS.length - 1]!;

describe('Credit and Income sandbox users: the income engine finds what each persona is', () => {
  it.each([
    [
      'user_credit_profile_good',
      [
        'GIG_ECONOMY BIWEEKLY INSTACART SHOPPER PAYOUT',
        'GIG_ECONOMY WEEKLY DOORDASH DASHER PAYOUT',
        'GIG_ECONOMY WEEKLY UBER DRIVER PAYOUT',
      ],
    ],
    [
      'user_credit_profile_excellent',
      [
        'RENTAL MONTHLY OAKRIDGE PROPERTY MGMT RENTAL INCOME',
        'SALARY SEMI_MONTHLY ORBITAL DYNAMICS INC PAYROLL',
      ],
    ],
    [
      'user_credit_bonus',
      [
        'SALARY BIWEEKLY NORTHWIND TRADERS PAYROLL',
        'SALARY SEMI_MONTHLY HALCYON HEALTH DIRECT DEP',
        'SALARY UNKNOWN NORTHWIND TRADERS BONUS PAYROLL',
      ],
    ],
    [
      'user_credit_joint_account',
      ['SALARY BIWEEKLY BRIGHTWATER MEDICAL PAYROLL', 'SALARY SEMI_MONTHLY LAKESIDE SCHOOL DIST PAYROLL'],
    ],
  ])('%s: exactly its streams in every 180-day window, at every institution', async (username, expected) => {
    for (const institution of INSTITUTIONS) {
      const { rows } = await history(username, institution, LAST_DAY);
      const inputs = incomeInputs(rows);
      for (const today of DAYS.slice(8)) {
        const w = window(today, 180);
        const seen = inputs.filter((t) => t.date <= today);
        expect(shape(detectIncome(seen, w)), `${institution} ${today}`).toEqual(expected);
      }
    }
  });

  it('user_credit_profile_poor: no stream with a pay frequency, no salary, and more out than in, in every 90- and 180-day window', async () => {
    for (const institution of INSTITUTIONS) {
      const { rows } = await history('user_credit_profile_poor', institution, LAST_DAY);
      const inputs = incomeInputs(rows);
      for (const today of DAYS.slice(8))
        for (const days of [90, 180]) {
          const w = window(today, days);
          const sources = detectIncome(
            inputs.filter((t) => t.date <= today),
            w,
          );
          const at = `${institution} ${today} ${days}`;
          expect(sources.length, at).toBeGreaterThan(0);
          expect(
            sources.filter((s) => s.payFrequency !== 'UNKNOWN' || s.category === 'SALARY').map((s) => s.key),
            at,
          ).toEqual([]);
          const { inflow, outflow } = cashFlow(rows, w);
          expect(outflow, at).toBeGreaterThan(inflow * 1.05);
        }
    }
  });

  it.each([
    // Neutral: within a tenth either way over half a year, and a sixth over a quarter, where a
    // window holds two rents or three and twelve paydays or thirteen.
    [
      'user_credit_profile_good',
      (i: number, o: number, days: number) => Math.abs(o - i) < i * (days === 90 ? 0.16 : 0.1),
    ],
    ['user_credit_profile_excellent', (i: number, o: number) => i > o * 1.3],
  ])('%s: cash flow in every 90- and 180-day window', async (username, holds) => {
    for (const institution of INSTITUTIONS) {
      const { rows } = await history(username, institution, LAST_DAY);
      for (const today of DAYS.slice(8))
        for (const days of [90, 180]) {
          // Moves between the persona's own accounts are neither income nor spending.
          const own = rows.filter((t) => !/ONLINE TRANSFER (TO SAV|FROM CHK)/.test(t.description));
          const { inflow, outflow } = cashFlow(own, window(today, days));
          expect(
            holds(inflow, outflow, days),
            `${institution} ${today} ${days}: in ${inflow} out ${outflow}`,
          ).toBe(true);
        }
    }
  });

  it.each([
    'user_credit_profile_poor',
    'user_credit_profile_good',
    'user_credit_profile_excellent',
    'user_credit_bonus',
    'user_credit_joint_account',
  ])('%s: no account was ever overdrawn over its two years of history', async (username) => {
    for (const institution of INSTITUTIONS) {
      const { rows, accounts } = await history(username, institution, LAST_DAY, '{}');
      for (const a of accounts.filter((x) => x.type === 'depository')) {
        const posted = rows
          .filter((t) => t.accountId === a.id && !t.pending)
          .sort((x, y) => (x.date < y.date ? -1 : 1));
        // Walk back from today's balance: the balance before each day's movements.
        let balance = a.current ?? 0;
        let lowest = balance;
        for (let i = posted.length - 1; i >= 0; i--) {
          balance -= balanceSign(a.type) * posted[i]!.amount;
          lowest = Math.min(lowest, balance);
        }
        expect(lowest, `${username} ${institution} ${a.subtype}`).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('Credit and Income sandbox users: logins, accounts and owners', () => {
  const login = (username: string, password: string) =>
    sandbox.link({ kind: 'credentials' }, { institutionId: 'ins_109508', username, password });

  it.each([
    'user_credit_profile_poor',
    'user_credit_profile_good',
    'user_credit_profile_excellent',
    'user_credit_bonus',
    'user_credit_joint_account',
  ])('%s signs in with any password but a blank one, always to the same seed', async (username) => {
    const a = await login(username, 'pass_good');
    const b = await login(username, 'whatever I like');
    if (a.status !== 'linked' || b.status !== 'linked') throw new Error('expected a login');
    expect(a.login.seed).toBe(b.login.seed);
    expect(a.accounts.every((x) => x.type === 'depository')).toBe(true);
    for (const blank of ['', '   ']) {
      const r = await login(username, blank);
      expect(r.status === 'error' && r.error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it("takes user_bank_income's `{}` (and `pass_good`), and refuses any other password", async () => {
    expect((await login('user_bank_income', '{}')).status).toBe('linked');
    expect((await login('user_bank_income', 'pass_good')).status).toBe('linked');
    for (const wrong of ['', 'nope', '{"a":1}']) {
      const r = await login('user_bank_income', wrong);
      expect(r.status === 'error' && r.error.code).toBe('INVALID_CREDENTIALS');
    }
  });

  it('gives the joint account two owners, each a person of their own; every other persona one', async () => {
    const joint = await history('user_credit_joint_account', 'ins_109508', '2026-11-28');
    const owners = joint.owners[joint.linked[0]!.key]!;
    expect(owners.map((o) => o.names)).toEqual([['Alberta Bobbeth Charleson'], ['Dorian Cassius Charleson']]);
    expect(new Set(owners.map((o) => o.emails[0]!.data)).size).toBe(2);
    const good = await history('user_credit_profile_good', 'ins_109508', '2026-11-28');
    expect(good.owners[good.linked[0]!.key]!).toHaveLength(1);
  });
});

describe("user_bank_income: user_good's life with side income laid over it", () => {
  it('keeps every transaction the generator gives its seed, and adds deposits that go out again', async () => {
    const today = '2026-11-28';
    const { rows, linked } = await history('user_bank_income', 'ins_109508', today, '{}');
    const checking = linked.find((a) => a.subtype === 'checking')!;
    const side = rows.filter((t) => t.id.includes(':income:'));
    expect(side.length).toBeGreaterThan(100);
    expect(side.every((t) => t.accountKey === checking.key)).toBe(true);
    // Each deposit goes out again a few days later, the same amount: the side income leaves no trace
    // on balances beyond the deposits still waiting to go out.
    const deposits = side.filter((t) => t.amount < 0);
    const passed = new Map(side.filter((t) => t.amount > 0).map((t) => [t.id, t]));
    const waiting = deposits.filter((d) => dayNumber(d.date) > dayNumber(today) - 3);
    for (const d of deposits) {
      const out = [...passed.values()].find(
        (p) => p.id.endsWith(`${d.id.slice(10)}:out`) && p.amount === -d.amount && p.date > d.date,
      );
      if (!waiting.includes(d)) expect(out, d.id).toBeDefined();
    }
    const w = window(today, 180);
    const categories = new Set(detectIncome(incomeInputs(rows), w).map((s) => s.category));
    for (const c of ['SALARY', 'GIG_ECONOMY', 'RENTAL', 'CHILD_SUPPORT', 'BANK_INTEREST'])
      expect(categories, c).toContain(c);
  });
});
