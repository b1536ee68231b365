import type { CreditCardLiability, LiabilitiesObject, MortgageLiability, StudentLoan } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { loadSpecValidator } from '../../test/spec-validator';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';
import type { LiabilitiesRefreshWorker } from './liabilities.worker';

interface Body {
  accounts: {
    account_id: string;
    mask: string;
    type: string;
    subtype: string;
    balances: { current: number };
  }[];
  item: { billed_products: string[]; available_products: string[] };
  liabilities: LiabilitiesObject;
}
interface Tx {
  account_id: string;
  amount: number;
  date: string;
  authorized_date: string | null;
  name: string;
  pending: boolean;
}

const spec = loadSpecValidator();
const cents = (n: number) => Math.round(n * 100);
/** The most recent of some transactions. */
const latest = (list: Tx[]) => [...list].sort((a, b) => a.date.localeCompare(b.date)).at(-1)!;
/** Calendar months from one YYYY-MM-DD to another. */
const monthsFrom = (a: string, b: string) =>
  Number(b.slice(0, 4)) * 12 + Number(b.slice(5, 7)) - (Number(a.slice(0, 4)) * 12 + Number(a.slice(5, 7)));

describe('/liabilities/get', () => {
  let w: TestWeft;
  // Mid-month, after the 5th (student loan) and before the 25th (card): both sides of each rule show.
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  const get = async (accessToken: string, extra: Record<string, unknown> = {}, keys = w.clientA) => {
    const r = await post<Body>(w, '/liabilities/get', { ...auth(keys), access_token: accessToken, ...extra });
    if (r.status === 200) expect(spec?.validate('/liabilities/get', 200, r.body) ?? []).toEqual([]);
    return r;
  };

  /** Every posted transaction of the Item, from /transactions/get once its history is in. */
  async function history(accessToken: string): Promise<Tx[]> {
    clock.advance(PULL_DELAYS_MS.historical + 1000);
    const out: Tx[] = [];
    for (let offset = 0; ; offset += 500) {
      const r = await post<{ transactions: Tx[]; total_transactions: number }>(w, '/transactions/get', {
        ...auth(w.clientA),
        access_token: accessToken,
        start_date: '2025-01-01',
        end_date: '2026-12-31',
        options: { count: 500, offset },
      });
      expect(r.status, JSON.stringify(r.body)).toBe(200);
      out.push(...r.body.transactions);
      if (out.length >= r.body.total_transactions) return out.filter((t) => !t.pending);
    }
  }

  it("answers user_good's credit cards, mortgage and student loan in Plaid's shapes, and bills the product", async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['liabilities'] });
    const r = await get(accessToken);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.accounts).toHaveLength(10);
    const l = r.body.liabilities;
    const maskOf = (id: string | null) => r.body.accounts.find((a) => a.account_id === id)?.mask;
    expect(l.credit?.map((c) => maskOf(c.account_id))).toEqual(['3333', '9999']);
    expect(l.mortgage?.map((m) => maskOf(m.account_id))).toEqual(['8888']);
    expect(l.student?.map((s) => maskOf(s.account_id))).toEqual(['7777']);
    const card = l.credit![0]!;
    expect(card.aprs.map((a) => a.apr_type)).toEqual(['purchase_apr', 'cash_apr', 'balance_transfer_apr']);
    expect(card.last_statement_issue_date).toBe('2026-10-31');
    expect(card.next_payment_due_date).toBe('2026-11-25');
    const mortgage = l.mortgage![0]!;
    expect(mortgage.property_address.country).toBe('US');
    expect(mortgage.loan_term).toBe('30 year');
    expect(mortgage.origination_date! < mortgage.maturity_date!).toBe(true);
    const student = l.student![0]!;
    expect(student.repayment_plan.type).toBe('standard');
    expect(student.next_payment_due_date).toBe('2026-12-05');
    expect(student.disbursement_dates).toHaveLength(2);
    expect(student.pslf_status.payments_made! + student.pslf_status.payments_remaining!).toBe(120);
    expect(r.body.item.billed_products).toContain('liabilities');
    // The same login gives the same liabilities.
    const again = await get(
      (await createItem(w, w.clientA, { initial_products: ['liabilities'] })).accessToken,
    );
    expect(again.body.liabilities).toEqual(
      JSON.parse(
        JSON.stringify(l)
          .split(card.account_id!)
          .join(again.body.liabilities.credit![0]!.account_id!)
          .split(l.credit![1]!.account_id!)
          .join(again.body.liabilities.credit![1]!.account_id!)
          .split(mortgage.account_id)
          .join(again.body.liabilities.mortgage![0]!.account_id)
          .split(student.account_id!)
          .join(again.body.liabilities.student![0]!.account_id!),
      ),
    );
  });

  // user_good has a mortgage at both banks, so it owns its home and pays the loan from checking.
  it.each([
    ['ins_109508', 'First Platypus Bank'],
    ['ins_109509', 'First Gingham Credit Union'],
  ])("agrees with the card's, the loans' and checking's transactions (%s)", async (institution_id) => {
    const { accessToken } = await createItem(w, w.clientA, {
      institution_id,
      initial_products: ['transactions', 'liabilities'],
    });
    const txs = await history(accessToken);
    const r = await get(accessToken);
    expect(r.status).toBe(200);
    const byMask = new Map(r.body.accounts.map((a) => [a.mask, a.account_id]));
    const on = (mask: string) => txs.filter((t) => t.account_id === byMask.get(mask));
    const sum = (list: Tx[]) => Math.round(list.reduce((s, t) => s + cents(t.amount), 0));

    const card = r.body.liabilities.credit!.find(
      (c) => c.account_id === byMask.get('3333'),
    ) as CreditCardLiability;
    // The statement is October's charges, which the payment on the 25th of November settles.
    const october = on('3333').filter(
      (t) => (t.authorized_date ?? t.date).startsWith('2026-10') && t.amount > 0,
    );
    expect(cents(card.last_statement_balance!)).toBe(sum(october));
    // The last payment is September's statement, paid on October 25th from checking.
    expect(card.last_payment_date).toBe('2026-10-25');
    const paid = on('3333').find(
      (t) => t.date === card.last_payment_date && t.name.includes('PAYMENT THANK YOU'),
    );
    expect(paid && -cents(paid.amount)).toBe(cents(card.last_payment_amount!));
    const september = on('3333').filter(
      (t) => (t.authorized_date ?? t.date).startsWith('2026-09') && t.amount > 0,
    );
    expect(cents(card.last_payment_amount!)).toBe(sum(september));
    const fromChecking = on('0000').find(
      (t) => t.date === card.last_payment_date && t.name.includes('CREDIT CARD ...3333'),
    );
    expect(fromChecking && cents(fromChecking.amount)).toBe(cents(card.last_payment_amount!));
    const purchase = card.aprs.find((a) => a.apr_type === 'purchase_apr')!;
    const interest = on('3333').filter(
      (t) => t.date.startsWith('2026-10') && t.name === 'PURCHASE INTEREST CHARGE',
    );
    expect(cents(purchase.interest_charge_amount!)).toBe(sum(interest));
    expect(cents(card.minimum_payment_amount!)).toBe(
      Math.min(
        cents(card.last_statement_balance!),
        Math.max(2500, Math.round(sum(october) / 100) + sum(interest)),
      ),
    );

    const student = r.body.liabilities.student![0] as StudentLoan;
    expect(student.last_payment_date).toBe('2026-11-05');
    const studentOut = on('0000').find(
      (t) => t.date === '2026-11-05' && t.name.includes('STUDENT LOAN PAYMENT ...7777'),
    );
    expect(studentOut && cents(studentOut.amount)).toBe(cents(student.last_payment_amount!));
    expect(cents(student.minimum_payment_amount!)).toBe(cents(student.last_payment_amount!));
    // Year to date, interest and principal split this year's payments to the loan exactly.
    const loanPaid = on('7777').filter((t) => t.date >= '2026-01-01' && t.amount < 0);
    const loanInterest = on('7777').filter((t) => t.date >= '2026-01-01' && t.amount > 0);
    expect(cents(student.ytd_interest_paid!) + cents(student.ytd_principal_paid!)).toBe(-sum(loanPaid));
    expect(cents(student.ytd_interest_paid!)).toBe(Math.min(sum(loanInterest), -sum(loanPaid)));
    // The statement balance is the loan's balance when October closed: today's less what posted since.
    const current = cents(r.body.accounts.find((a) => a.mask === '7777')!.balances.current);
    const since = on('7777').filter((t) => t.date > '2026-10-31');
    expect(cents(student.last_statement_balance!)).toBe(current - sum(since));
    // The payoff is when today's balance runs out at the principal a payment repays after interest.
    const lastStudentInterest = latest(on('7777').filter((t) => t.amount > 0));
    const studentPrincipal = cents(student.minimum_payment_amount!) - cents(lastStudentInterest.amount);
    const payments = Math.ceil(current / studentPrincipal);
    expect(monthsFrom(student.next_payment_due_date!, student.expected_payoff_date!)).toBe(payments - 1);

    const mortgage = r.body.liabilities.mortgage![0] as MortgageLiability;
    const mortgageIn = on('8888').filter((t) => t.amount < 0);
    const mortgageOut = on('0000').filter((t) => t.name.includes('MORTGAGE PAYMENT ...8888'));
    // Every month checking pays the mortgage on the 1st; the loan is credited all but the escrow share.
    expect(mortgageOut.map((t) => t.date)).toEqual(mortgageIn.map((t) => t.date));
    expect(mortgageOut.length).toBeGreaterThanOrEqual(23);
    expect(mortgageOut.every((t) => t.date.endsWith('-01'))).toBe(true);
    const escrow = cents(mortgageOut[0]!.amount) + cents(mortgageIn[0]!.amount);
    expect(escrow).toBeGreaterThan(0);
    expect(mortgageOut.map((t, i) => cents(t.amount) + cents(mortgageIn[i]!.amount))).toEqual(
      mortgageOut.map(() => escrow),
    );
    expect(mortgage.last_payment_date).toBe('2026-11-01');
    expect(cents(mortgage.last_payment_amount!)).toBe(
      cents(mortgageOut.find((t) => t.date === '2026-11-01')!.amount),
    );
    expect(mortgage.next_monthly_payment).toBe(mortgage.last_payment_amount);
    expect(mortgage.next_payment_due_date).toBe('2026-12-01');
    // Escrow holds a two-month cushion plus the shares paid since the year's taxes and insurance
    // were paid out of it, which happens once in twelve months.
    const held = cents(mortgage.escrow_balance!) / escrow;
    expect(Number.isInteger(held) && held >= 2 && held <= 14).toBe(true);
    const ytdPaid = 0 - sum(mortgageIn.filter((t) => t.date >= '2026-01-01'));
    expect(cents(mortgage.ytd_interest_paid!) + cents(mortgage.ytd_principal_paid!)).toBe(ytdPaid);
    const mortgageInterest = on('8888').filter((t) => t.date >= '2026-01-01' && t.amount > 0);
    expect(cents(mortgage.ytd_interest_paid!)).toBe(Math.min(sum(mortgageInterest), ytdPaid));
    // A 30-year schedule: originated 360 payments before maturity, for today's balance plus the
    // principal repaid since, and maturing when today's balance is repaid at the principal a
    // payment repays once escrow and the month's interest are taken from it.
    expect(monthsFrom(mortgage.origination_date!, mortgage.maturity_date!)).toBe(360);
    const balance = cents(r.body.accounts.find((a) => a.mask === '8888')!.balances.current);
    const lastCharge = latest(on('8888').filter((t) => t.amount > 0));
    const principal = cents(mortgage.next_monthly_payment!) - escrow - cents(lastCharge.amount);
    const left = Math.ceil(balance / principal);
    expect(monthsFrom(mortgage.next_payment_due_date!, mortgage.maturity_date!)).toBe(left - 1);
    expect(cents(mortgage.origination_principal_amount!)).toBe(balance + (360 - left) * principal);
    // The rate is what the last month-end charge implies on the balance it was charged on.
    const charged =
      balance - sum(on('8888').filter((t) => t.date > lastCharge.date)) - cents(lastCharge.amount);
    expect(mortgage.interest_rate.percentage).toBeCloseTo((cents(lastCharge.amount) * 1200) / charged, 3);
  });

  it('filters by options.account_ids and refuses an unknown id', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['liabilities'] });
    const all = await get(accessToken);
    const mortgageId = all.body.liabilities.mortgage![0]!.account_id;
    const checkingId = all.body.accounts[0]!.account_id;
    const one = await get(accessToken, { options: { account_ids: [mortgageId, checkingId] } });
    expect(one.status).toBe(200);
    expect(one.body.accounts.map((a) => a.account_id)).toEqual([checkingId, mortgageId]);
    expect(one.body.liabilities).toEqual({
      credit: null,
      mortgage: all.body.liabilities.mortgage,
      student: null,
    });
    const bad = await get(accessToken, { options: { account_ids: ['nope'] } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error_type: 'INVALID_INPUT', error_code: 'INVALID_ACCOUNT_ID' });
    const malformed = await get(accessToken, { options: { account_ids: 'nope' } });
    expect(malformed.status).toBe(400);
    expect(malformed.body).toMatchObject({ error_code: 'INVALID_FIELD' });
  });

  it('serves an Item linked without liabilities on first use, once the product is asked for', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    const before = await post<{ item: { available_products: string[] } }>(w, '/item/get', {
      ...auth(w.clientA),
      access_token: accessToken,
    });
    expect(before.body.item.available_products).toContain('liabilities');
    const r = await get(accessToken);
    expect(r.status).toBe(200);
    expect(r.body.liabilities.credit).toHaveLength(2);
    expect(r.body.item.billed_products).toEqual(['liabilities', 'transactions']);
  });

  it('moves with the sandbox clock: a new statement after the month turns, and DEFAULT_UPDATE through the outbox from the background refresh', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['transactions', 'liabilities'],
    });
    const first = await get(accessToken);
    const codes = async () =>
      (
        await w.ctx.db
          .selectFrom('outbox')
          .select(['webhook_type', 'webhook_code', 'payload'])
          .where('item_id', '=', itemId)
          .where('webhook_type', '=', 'LIABILITIES')
          .execute()
      ).map((e) => JSON.parse(e.payload) as Record<string, unknown>);
    const created = await codes();
    expect(created).toHaveLength(1);
    expect(created[0]).toMatchObject({
      webhook_code: 'DEFAULT_UPDATE',
      error: null,
      account_ids_with_updated_liabilities: {},
    });
    expect(created[0]!.account_ids_with_new_liabilities).toHaveLength(4);
    expect(webhookProblems('LiabilitiesDefaultUpdateWebhook', created[0]) ?? []).toEqual([]);

    const moved = await post(w, '/weft/sandbox/clock/advance', {
      ...auth(w.clientA),
      access_token: accessToken,
      days: 20,
    });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    // The background refresh finds the moved Item and tells the app before it reads anything.
    const worker = w.ctx.workers.find((x) => x.name === 'liabilities-refresh') as LiabilitiesRefreshWorker;
    expect(await worker.runOnce()).toBe(1);
    expect(await codes()).toHaveLength(2);
    expect(await worker.runOnce()).toBe(0);
    const later = await get(accessToken);
    const card = later.body.liabilities.credit![0]!;
    expect(card.last_statement_issue_date).toBe('2026-11-30');
    expect(card.last_payment_date).toBe('2026-11-25');
    expect(card.last_payment_amount).toBe(first.body.liabilities.credit![0]!.last_statement_balance);
    const updates = await codes();
    expect(updates).toHaveLength(2);
    const updated = updates[1]!.account_ids_with_updated_liabilities as Record<string, string[]>;
    expect(updated[card.account_id!]).toContain('last_statement_balance');
  });

  it("refuses another client's access token, and an institution without liabilities", async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['liabilities'] });
    const stranger = await get(accessToken, {}, w.clientB);
    expect(stranger.status).toBe(400);
    expect(stranger.body).toMatchObject({ error_code: 'INVALID_ACCESS_TOKEN' });
    // Nor can client B reach A's accounts through an Item of its own.
    const cardOfA = (await get(accessToken)).body.liabilities.credit![0]!.account_id!;
    const own = await createItem(w, w.clientB, { initial_products: ['liabilities'] });
    const reach = await get(own.accessToken, { options: { account_ids: [cardOfA] } }, w.clientB);
    expect(reach.body).toMatchObject({ error_code: 'INVALID_ACCOUNT_ID' });
    const uk = await createItem(w, w.clientA, { institution_id: 'ins_116834', initial_products: ['auth'] });
    const refused = await get(uk.accessToken);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error_code: 'PRODUCTS_NOT_SUPPORTED' });
    const asked = await post(w, '/sandbox/public_token/create', {
      ...auth(w.clientA),
      institution_id: 'ins_116834',
      initial_products: ['liabilities'],
    });
    expect(asked.body).toMatchObject({ error_code: 'PRODUCTS_NOT_SUPPORTED' });
  });

  // Last: it moves the shared clock a day on.
  it('brings Items that follow the calendar to the new day once it comes', async () => {
    const { itemId } = await createItem(w, w.clientA, { initial_products: ['liabilities'] });
    const asOf = async () =>
      (await w.ctx.db.selectFrom('liabilities').select('as_of').where('item_id', '=', itemId).execute()).map(
        (r) => r.as_of,
      );
    const worker = w.ctx.workers.find((x) => x.name === 'liabilities-refresh') as LiabilitiesRefreshWorker;
    await worker.runOnce();
    expect(new Set(await asOf())).toEqual(new Set(['2026-11-18']));
    clock.advance(24 * 3600 * 1000);
    expect(await worker.runOnce()).toBeGreaterThan(0);
    expect(new Set(await asOf())).toEqual(new Set(['2026-11-19']));
  });
});
