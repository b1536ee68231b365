import { describe, expect, it } from 'vitest';
import { EnrichEngine } from '../enrich/enrich';
import {
  balanceSign,
  type GenAccount,
  historyAt,
  openingBalances,
  stateAt,
  TransactionsGenerator,
} from './generator';
import { dateOf, dayNumber } from './rng';

/** The familiar sandbox accounts (balances in cents), as the generator sees them. */
const ACCOUNTS: GenAccount[] = [
  { id: 'chk', type: 'depository', subtype: 'checking', current: 11000, mask: '0000' },
  { id: 'sav', type: 'depository', subtype: 'savings', current: 21000, mask: '1111' },
  { id: 'cd', type: 'depository', subtype: 'cd', current: 100000, mask: '2222' },
  { id: 'card', type: 'credit', subtype: 'credit card', current: 41000, mask: '3333' },
  { id: 'mm', type: 'depository', subtype: 'money market', current: 4320000, mask: '4444' },
  { id: 'student', type: 'loan', subtype: 'student', current: 6526200, mask: '7777' },
  { id: 'mortgage', type: 'loan', subtype: 'mortgage', current: 5630206, mask: '8888' },
  { id: 'biz', type: 'credit', subtype: 'credit card', current: 125000, mask: '9999' },
];
const TODAY = '2026-11-28';
const START = dateOf(dayNumber(TODAY) - 730);
const SEEDS = [
  'ins_109508|user_good|',
  'ins_3|user_good|',
  'ins_109508|user_transactions_dynamic|',
  'seed-x',
];

describe('transactions generator', () => {
  it('is deterministic per seed and differs across seeds', () => {
    const a = historyAt(new TransactionsGenerator(SEEDS[0]!, ACCOUNTS), START, TODAY);
    const b = historyAt(new TransactionsGenerator(SEEDS[0]!, ACCOUNTS), START, TODAY);
    const c = historyAt(new TransactionsGenerator(SEEDS[1]!, ACCOUNTS), START, TODAY);
    expect(a).toEqual(b);
    expect(a.map((v) => v.event.key)).not.toEqual(c.map((v) => v.event.key));
    expect(new Set(a.map((v) => v.event.key)).size).toBe(a.length);
  });

  it('gives the same events whether generated in one go or a few days at a time', () => {
    const whole = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS).eventsBetween('2026-01-01', '2026-03-31');
    const parts = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS);
    const pieces = [
      ...parts.eventsBetween('2026-01-01', '2026-01-20'),
      ...parts.eventsBetween('2026-01-21', '2026-02-27'),
      ...new TransactionsGenerator(SEEDS[0]!, ACCOUNTS).eventsBetween('2026-02-28', '2026-03-31'),
    ];
    expect(pieces).toEqual(whole);
  });

  it.each(SEEDS)('ends every account at its current balance: current = opening + Σ posted (%s)', (seed) => {
    const visible = historyAt(new TransactionsGenerator(seed, ACCOUNTS), START, TODAY);
    const opening = openingBalances(ACCOUNTS, visible);
    for (const a of ACCOUNTS) {
      const posted = visible
        .filter((v) => v.status === 'posted' && v.event.accountId === a.id)
        .reduce((s, v) => s + v.amount, 0);
      expect(opening.get(a.id)! + balanceSign(a.type) * posted, a.id).toBe(a.current);
    }
  });

  it('writes both sides of transfers between own accounts and of card payments', () => {
    const events = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS).eventsBetween(START, TODAY);
    const byKey = new Map(events.map((e) => [e.key, e]));
    const pairs = [...byKey.keys()].filter((k) => k.endsWith(':out') && byKey.has(k.replace(/:out$/, ':in')));
    const kinds = new Set(pairs.map((k) => k.split(':')[1]));
    expect(kinds).toEqual(
      new Set(['save', 'unsave', 'student', 'cardpay', 'mortgage'].filter((k) => kinds.has(k))),
    );
    expect(kinds.has('cardpay')).toBe(true);
    expect(kinds.has('save')).toBe(true);
    expect(kinds.has('unsave')).toBe(true);
    const escrow = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS).profile.mortgageEscrow;
    for (const k of pairs) {
      const out = byKey.get(k)!;
      const inn = byKey.get(k.replace(/:out$/, ':in'))!;
      // The mortgage servicer keeps the escrow share of the payment; the loan gets the rest.
      expect(out.amount, k).toBe(-inn.amount + (k.includes(':mortgage:') ? escrow : 0));
      expect(out.day).toBe(inn.day);
      expect(out.accountId).not.toBe(inn.accountId);
    }
  });

  it.each(SEEDS)(
    'keeps histories plausible: savings never below zero, checking without drift (%s)',
    (seed) => {
      const visible = historyAt(new TransactionsGenerator(seed, ACCOUNTS), START, TODAY);
      const opening = openingBalances(ACCOUNTS, visible);
      const posted = (id: string) =>
        visible
          .filter((v) => v.status === 'posted' && v.event.accountId === id)
          .sort((a, b) => a.event.day - b.event.day);
      let savings = opening.get('sav')!;
      for (const v of posted('sav')) {
        savings -= v.amount;
        expect(savings, v.event.key).toBeGreaterThanOrEqual(0);
      }
      // Pay covers the persona's expected outgoings: two years move checking by thousands, not tens of thousands.
      expect(Math.abs(opening.get('chk')! - 11000)).toBeLessThan(12_000_00);
    },
  );

  it.each(SEEDS)(
    'pays a mortgage from checking every month when there is one, and rent only when not (%s)',
    (seed) => {
      const owner = new TransactionsGenerator(seed, ACCOUNTS);
      const renter = new TransactionsGenerator(
        seed,
        ACCOUNTS.filter((a) => a.subtype !== 'mortgage'),
      );
      const firsts = (gen: TransactionsGenerator) =>
        gen
          .eventsBetween(START, TODAY)
          .filter((e) => e.key.endsWith(':rent') || e.key.includes(':mortgage:'));
      const months = new Set(firsts(owner).map((e) => e.key.slice(0, 7)));
      expect(months.size).toBe(24);
      for (const month of months) {
        const paid = firsts(owner).filter((e) => e.key.startsWith(month));
        expect(paid.map((e) => [e.accountId, e.amount])).toEqual([
          ['chk', owner.profile.mortgagePayment],
          ['mortgage', owner.profile.mortgageEscrow - owner.profile.mortgagePayment],
        ]);
      }
      expect(owner.profile.mortgageEscrow).toBeGreaterThan(0);
      expect(firsts(renter).map((e) => [e.accountId, e.amount])).toEqual(
        [...months].map(() => ['chk', renter.profile.rent]),
      );
    },
  );

  it('pays each card the previous month’s charges in full', () => {
    const gen = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS);
    const events = gen.eventsBetween('2026-09-01', '2026-10-25');
    const charges = events
      .filter((e) => e.accountId === 'card' && e.amount > 0 && !e.drops && e.key.startsWith('2026-09'))
      .reduce((s, e) => s + e.amount, 0);
    const payment = events.find((e) => e.key === '2026-10-25:cardpay:card:in')!;
    expect(payment.amount).toBe(-charges);
  });

  it('covers the persona’s life: income, housing, bills, everyday spending, cash, fees, interest, refunds', () => {
    const engine = new EnrichEngine();
    const visible = historyAt(new TransactionsGenerator(SEEDS[0]!, ACCOUNTS), START, TODAY);
    const primaries = new Set(
      visible.map(
        (v) =>
          engine.enrich({ description: v.event.description, amount: v.amount, mcc: v.event.mcc }).category
            .detailed,
      ),
    );
    for (const code of [
      'INCOME_SALARY',
      'RENT_AND_UTILITIES_GAS_AND_ELECTRICITY',
      'RENT_AND_UTILITIES_TELEPHONE',
      'FOOD_AND_DRINK_GROCERIES',
      'FOOD_AND_DRINK_COFFEE',
      'FOOD_AND_DRINK_RESTAURANT',
      'GENERAL_MERCHANDISE_ONLINE_MARKETPLACES',
      'TRAVEL_FLIGHTS',
      'TRAVEL_LODGING',
      'TRANSFER_OUT_SAVINGS',
      'LOAN_PAYMENTS_CREDIT_CARD_PAYMENT',
      'TRANSFER_OUT_WITHDRAWAL',
      'BANK_FEES_OTHER_BANK_FEES',
      'INCOME_INTEREST_EARNED',
      'TRANSPORTATION_GAS',
    ])
      expect(primaries.has(code), code).toBe(true);
    expect(visible.some((v) => v.amount < 0 && v.event.description.includes('REFUND'))).toBe(true);
    expect(visible.length).toBeGreaterThan(1200);
  });

  it('prints descriptors the way banks do, with locations for in-store purchases', () => {
    const events = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS).eventsBetween(START, TODAY);
    const descs = events.map((e) => e.description);
    expect(descs.some((d) => d.startsWith('SQ *BLUE BOTTLE COFF'))).toBe(true);
    expect(descs.some((d) => /^(POS DEBIT|DEBIT CARD PURCHASE|CHECKCARD) /.test(d))).toBe(true);
    expect(descs.some((d) => /PAYROLL|DIR DEP|DIRECT DEP/.test(d))).toBe(true);
    const groceries = events.find((e) => e.mcc === '5411' && e.location?.city);
    expect(groceries?.location).toMatchObject({ country: 'US' });
  });

  it('moves card purchases from pending to posted; dining adds a tip when it posts; fuel holds then adjusts', () => {
    const events = new TransactionsGenerator(SEEDS[0]!, ACCOUNTS).eventsBetween(START, TODAY);
    const dining = events.find((e) => e.key.includes(':dining:') && e.amount !== e.pendingAmount)!;
    expect(stateAt(dining, dining.day - 1)).toEqual({ status: 'none' });
    expect(stateAt(dining, dining.day)).toEqual({ status: 'pending', amount: dining.pendingAmount });
    expect(stateAt(dining, dining.day + dining.lag)).toEqual(
      dining.drops ? { status: 'gone' } : { status: 'posted', amount: dining.amount },
    );
    expect(dining.amount).toBeGreaterThan(dining.pendingAmount);
    const fuel = events.find((e) => e.adjustsTo !== null && e.lag >= 2)!;
    expect(stateAt(fuel, fuel.day)).toEqual({ status: 'pending', amount: 100 });
    expect(stateAt(fuel, fuel.day + 1)).toEqual({ status: 'pending', amount: fuel.adjustsTo });
  });
});
