import { describe, expect, it } from 'vitest';
import { dateOf, dayNumber } from '../../lib/days';
import { type AttributeInput, type AttributeTransaction, computeAttributes } from './attributes';
import { calibrate, returnKind, simulateReturn, unitDraw } from './calibration';
import { BANK_MODEL, CUSTOMER_MODEL, scoreEvaluation } from './model';
import { attributeNamesOf, DEFAULT_RULESET, parseRuleset, runRuleset } from './rulesets';

const DAY = '2026-12-01';
const ago = (n: number) => dateOf(dayNumber(DAY) - n);

/** A steady checking account: paid every two weeks, spending a little every few days, for `days`. */
function steady(days: number, extra: AttributeTransaction[] = []): AttributeTransaction[] {
  const out: AttributeTransaction[] = [...extra];
  for (let d = 0; d < days; d++) {
    if (d % 14 === 3)
      out.push({ date: ago(d), amount: -250_000, name: 'PAYROLL', pending: false, category: null });
    if (d % 3 === 1)
      out.push({ date: ago(d), amount: 4_000, name: 'GROCER', pending: false, category: null });
  }
  return out;
}

function input(overrides: Partial<AttributeInput> & { current?: number; available?: number | null } = {}) {
  const { current = 2_000_000, available = 2_000_000, ...rest } = overrides;
  const transactions = rest.transactions ?? steady(400);
  return {
    day: DAY,
    account: { type: 'depository', subtype: 'checking', current, available, balanceUpdatedAt: null },
    transactions,
    firstTransactionDate: transactions.map((t) => t.date).sort()[0] ?? null,
    transactionsUpdatedAt: null,
    connectionDays: [DAY],
    identities: [],
    ...rest,
  } satisfies AttributeInput;
}

function scores(i: AttributeInput, amount: number) {
  const attributes = computeAttributes(i, amount);
  const history = i.firstTransactionDate ? dayNumber(DAY) - dayNumber(i.firstTransactionDate) : null;
  return scoreEvaluation({ attributes, amount, historyDays: history });
}

const nsf = (n: number, from = 2): AttributeTransaction[] =>
  Array.from({ length: n }, (_, i) => ({
    date: ago(from + i * 3),
    amount: 3_500,
    name: 'NSF FEE',
    pending: false,
    category: null,
  }));

describe('signal attributes', () => {
  it('counts NSF and overdraft fees by window, from descriptors and categories', () => {
    const a = computeAttributes(
      input({
        transactions: [
          { date: ago(0), amount: 3_500, name: 'OVERDRAFT FEE', pending: false, category: null },
          {
            date: ago(6),
            amount: 3_500,
            name: 'Fee',
            pending: false,
            category: 'BANK_FEES_INSUFFICIENT_FUNDS',
          },
          { date: ago(7), amount: 3_500, name: 'NSF RETURNED ITEM', pending: false, category: null },
          { date: ago(45), amount: 3_500, name: 'NSF FEE', pending: false, category: null },
          { date: ago(89), amount: 3_500, name: 'NSF FEE', pending: false, category: null },
          { date: ago(90), amount: 3_500, name: 'NSF FEE', pending: false, category: null },
          { date: ago(1), amount: 3_500, name: 'NSF FEE', pending: true, category: null },
        ],
      }),
      10_000,
    );
    expect([
      a.nsf_overdraft_transactions_count_7d,
      a.nsf_overdraft_transactions_count_30d,
      a.nsf_overdraft_transactions_count_60d,
      a.nsf_overdraft_transactions_count_90d,
    ]).toEqual([2, 3, 4, 5]);
  });

  it('walks end-of-day balances back from the current balance', () => {
    const a = computeAttributes(
      input({
        current: 10_000,
        available: 10_000,
        transactions: [
          // 20 days ago it was 10_000 - 50_000 = -40_000 until the deposit 10 days ago.
          { date: ago(20), amount: 50_000, name: 'RENT', pending: false, category: null },
          { date: ago(10), amount: -50_000, name: 'DEPOSIT', pending: false, category: null },
          { date: ago(30), amount: -10_000, name: 'OPENING', pending: false, category: null },
        ],
      }),
      10_000,
    );
    expect(a.days_with_negative_balance_count_90d).toBe(10);
    expect(a.p10_eod_balance_30d).toBe(-40_000);
    expect(a.p90_eod_balance_30d).toBe(10_000);
    expect(a.total_debit_transactions_amount_30d).toBe(50_000);
    expect(a.credit_transactions_count_10d).toBe(0);
    expect(a.credit_transactions_count_30d).toBe(1);
    expect(a.credit_transactions_count_60d).toBe(2);
  });

  const line = (daysAgo: number, name: string, amount = 0): AttributeTransaction => ({
    date: ago(daysAgo),
    amount,
    name,
    pending: false,
    category: null,
  });
  it.each([
    ['a closing statement line', 'closed', { transactions: [line(1, 'ACCOUNT CLOSED')] }],
    [
      'an empty, dormant account',
      'closed',
      { current: 0, available: 0, transactions: [line(120, 'X', 100)] },
    ],
    ['a positive balance held in full', 'frozen', { current: 80_000, available: 0 }],
    ['a legal hold', 'frozen', { transactions: [line(5, 'LEGAL HOLD PLACED')] }],
    ['an ordinary account', 'open', {}],
  ] as const)('reads %s as %s', (_, expected, o) => {
    const a = computeAttributes(input(o as Partial<AttributeInput>), 1_000);
    expect(a.is_account_closed).toBe(expected === 'closed');
    expect(a.is_account_frozen_or_restricted).toBe(expected === 'frozen');
  });

  it('counts changes of address and distinct devices from what earlier evaluations sent', () => {
    const a = computeAttributes(
      input({
        identities: [
          { kind: 'address', value: 'a', firstSeen: ago(200), lastSeen: ago(50) },
          { kind: 'address', value: 'b', firstSeen: ago(50), lastSeen: ago(10) },
          { kind: 'address', value: 'c', firstSeen: ago(10), lastSeen: ago(0) },
          { kind: 'email', value: 'x', firstSeen: ago(3), lastSeen: ago(0) },
          { kind: 'ip', value: '1', firstSeen: ago(40), lastSeen: ago(2) },
          { kind: 'ip', value: '2', firstSeen: ago(1), lastSeen: ago(1) },
        ],
      }),
      1_000,
    );
    expect([a.address_change_count_28d, a.address_change_count_90d]).toEqual([1, 2]);
    // The first email ever seen is no change.
    expect(a.email_change_count_90d).toBe(0);
    expect([a.distinct_ip_addresses_count_3d, a.distinct_ip_addresses_count_90d]).toEqual([2, 2]);
  });
});

describe('signal model points the right way', () => {
  const base = input();
  const disputed = steady(400, [
    { date: ago(4), amount: -4_000, name: 'UNAUTHORIZED DEBIT REVERSAL', pending: false, category: null },
  ]);
  it.each([
    ['an amount above the available balance', 'customer', input({ available: 20_000 })],
    ['an amount above the available balance', 'bank', input({ available: 20_000 })],
    ['NSF history', 'customer', input({ transactions: steady(400, nsf(4)) })],
    ['NSF history', 'bank', input({ transactions: steady(400, nsf(4)) })],
    ['disputed debits', 'customer', input({ transactions: disputed })],
    ['a young account', 'customer', input({ transactions: steady(20) })],
    ['a young account', 'bank', input({ transactions: steady(20) })],
  ] as const)('%s raises %s-initiated risk', (_, kind, riskier) => {
    const safe = scores(base, 50_000)[kind];
    const risky = scores(riskier, 50_000)[kind];
    expect(risky.probability).toBeGreaterThan(safe.probability);
    expect(risky.score).toBeGreaterThanOrEqual(safe.score);
  });

  it.each([
    [
      'closed',
      input({
        transactions: steady(400, [
          { date: ago(0), amount: 0, name: 'ACCOUNT CLOSED', pending: false, category: null },
        ]),
      }),
    ],
    ['frozen', input({ current: 300_000, available: 0 })],
  ])('makes bank-initiated risk high for a $0 account', (_, i) => {
    const s = scores(i, 10_000).bank;
    expect(s.score).toBeGreaterThanOrEqual(90);
    expect(s.riskTier).toBeGreaterThanOrEqual(7);
    expect(runRuleset(DEFAULT_RULESET, facts(i, 10_000)).result).toBe('REROUTE');
  });

  it('gives an older, stable, well-funded account low scores in the lowest tiers', () => {
    const s = scores(base, 10_000);
    expect(s.customer.score).toBeLessThan(20);
    expect(s.bank.score).toBeLessThan(20);
    expect(s.customer.riskTier).toBeLessThanOrEqual(2);
    expect(s.bank.riskTier).toBeLessThanOrEqual(2);
    expect(runRuleset(DEFAULT_RULESET, facts(base, 10_000)).result).toBe('ACCEPT');
  });

  it('explains every score: the contributions add up to its log-odds', () => {
    for (const [model, s] of [
      [CUSTOMER_MODEL, scores(input({ available: 1_000 }), 50_000).customer],
      [BANK_MODEL, scores(input({ available: 1_000 }), 50_000).bank],
    ] as const) {
      const total = model.intercept + s.contributions.reduce((a, c) => a + c.contribution, 0);
      expect(total).toBeCloseTo(s.logOdds, 3);
      expect(s.contributions.map((c) => c.feature)).toEqual(model.features.map((f) => f.name));
    }
  });

  it('keeps scores within 1-99 and tiers within Plaid ranges at the extremes', () => {
    const worst = scores(input({ current: 0, available: 0, transactions: steady(10, nsf(10)) }), 1_000_000);
    const best = scores(input({ current: 100_000_000, available: 100_000_000 }), 100);
    for (const s of [worst.customer, best.customer]) {
      expect(s.score).toBeGreaterThanOrEqual(1);
      expect(s.score).toBeLessThanOrEqual(99);
      expect(s.riskTier).toBeGreaterThanOrEqual(1);
      expect(s.riskTier).toBeLessThanOrEqual(5);
    }
    for (const s of [worst.bank, best.bank]) {
      expect(s.riskTier).toBeGreaterThanOrEqual(1);
      expect(s.riskTier).toBeLessThanOrEqual(8);
    }
    expect(worst.bank.riskTier).toBe(8);
  });
});

function facts(i: AttributeInput, amount: number) {
  const s = scores(i, amount);
  const attributes = computeAttributes(i, amount);
  return {
    customer_initiated_score: s.customer.score,
    bank_initiated_score: s.bank.score,
    amount: amount / 100,
    attributes,
  };
}

describe('signal rulesets', () => {
  const names = attributeNamesOf(computeAttributes(input(), 1));
  const facts0 = {
    customer_initiated_score: 30,
    bank_initiated_score: 60,
    amount: 120,
    attributes: { nsf_overdraft_transactions_count_30d: 2, available_balance: null },
  };

  it.each([
    [{ field: 'bank_initiated_score', op: '>=', value: 60 }, true],
    [{ field: 'bank_initiated_score', op: '>', value: 60 }, false],
    [{ field: 'amount', op: '<', value: 500 }, true],
    [{ field: 'nsf_overdraft_transactions_count_30d', op: '==', value: 2 }, true],
    [{ field: 'nsf_overdraft_transactions_count_30d', op: '!=', value: 2 }, false],
    // A null attribute satisfies no condition.
    [{ field: 'available_balance', op: '<', value: 100 }, false],
  ] as const)('a rule on %j matches: %s', (condition, matches) => {
    const r = parseRuleset(
      { ruleset_key: 'k', rules: [{ conditions: [condition], result: 'REVIEW' }] },
      names,
    );
    if (typeof r === 'string') throw new Error(r);
    expect(runRuleset(r, facts0).result).toBe(matches ? 'REVIEW' : 'ACCEPT');
  });

  it('runs rules in order, the first match giving the result and its note', () => {
    const r = parseRuleset(
      {
        ruleset_key: 'onboarding',
        fallback: 'REVIEW',
        rules: [
          { conditions: [{ field: 'customer_initiated_score', op: '>', value: 90 }], result: 'REROUTE' },
          {
            conditions: [
              { field: 'bank_initiated_score', op: '>', value: 50 },
              { field: 'amount', op: '>', value: 100 },
            ],
            result: 'REROUTE',
            internal_note: 'big and risky',
            custom_action_key: 'hold',
          },
          { conditions: [{ field: 'amount', op: '>', value: 1 }], result: 'ACCEPT' },
        ],
      },
      names,
    );
    if (typeof r === 'string') throw new Error(r);
    expect(runRuleset(r, facts0)).toMatchObject({
      result: 'REROUTE',
      ruleIndex: 1,
      rule: { internal_note: 'big and risky' },
    });
    expect(runRuleset(r, { ...facts0, amount: 0 })).toMatchObject({ result: 'REVIEW', rule: null });
  });

  it.each([
    [null, 'a ruleset must be a JSON object'],
    [{ ruleset_key: 'has space', rules: [] }, 'ruleset_key'],
    [
      { ruleset_key: 'k', rules: [{ conditions: [{ field: 'nope', op: '>', value: 1 }], result: 'ACCEPT' }] },
      'field',
    ],
    [
      {
        ruleset_key: 'k',
        rules: [{ conditions: [{ field: 'amount', op: '~', value: 1 }], result: 'ACCEPT' }],
      },
      '.op',
    ],
    [
      { ruleset_key: 'k', rules: [{ conditions: [{ field: 'amount', op: '>', value: 1 }], result: 'DENY' }] },
      '.result',
    ],
    [{ ruleset_key: 'k', rules: [{ conditions: [], result: 'ACCEPT' }] }, 'non-empty'],
    [
      {
        ruleset_key: 'k',
        rules: [{ conditions: [{ field: 'is_account_closed', op: '>', value: true }], result: 'ACCEPT' }],
      },
      'boolean',
    ],
    [{ ruleset_key: 'k', fallback: 'NO', rules: [] }, 'fallback'],
  ])('refuses %j', (raw, message) => {
    const r = parseRuleset(raw, names);
    expect(typeof r).toBe('string');
    expect(r).toContain(message);
  });
});

describe('signal calibration', () => {
  it.each([
    ['R01', 'bank_initiated'],
    ['R02', 'bank_initiated'],
    ['R10', 'customer_initiated'],
    ['R29', 'customer_initiated'],
  ] as const)('files %s under %s returns', (code, kind) => expect(returnKind(code)).toBe(kind));

  it('groups initiated evaluations by band and counts returns of each kind', () => {
    const row = (c: number, b: number, initiated: boolean, code: string | null) => ({
      customerScore: c,
      bankScore: b,
      customerProbability: c / 1000,
      bankProbability: b / 100,
      initiated,
      returnCode: code,
    });
    const bands = calibrate([
      row(5, 95, true, 'R01'),
      row(5, 92, true, null),
      row(5, 91, false, null),
      row(15, 5, true, 'R10'),
    ]);
    const bank91 = bands.find((b) => b.kind === 'bank_initiated' && b.band === '91-99')!;
    expect(bank91).toMatchObject({ evaluated: 3, initiated: 2, returned: 1, observed_return_rate: 0.5 });
    expect(bank91.mean_predicted_probability).toBeCloseTo(0.935, 4);
    const cust1 = bands.find((b) => b.kind === 'customer_initiated' && b.band === '1-10')!;
    expect(cust1).toMatchObject({ evaluated: 3, initiated: 2, returned: 0, observed_return_rate: 0 });
    expect(bands.find((b) => b.kind === 'customer_initiated' && b.band === '11-20')).toMatchObject({
      returned: 1,
      observed_return_rate: 1,
    });
    expect(bands.find((b) => b.band === '41-50')).toMatchObject({ evaluated: 0, observed_return_rate: null });
    expect(bands).toHaveLength(20);
  });

  it('simulates returns at about the predicted rates, deterministically', () => {
    const n = 20_000;
    let bank = 0;
    let customer = 0;
    for (let i = 0; i < n; i++) {
      const code = simulateReturn(`txn-${i}`, 0.1, 0.02, { closed: false, frozen: false });
      if (code === 'R01') bank++;
      if (code === 'R10') customer++;
    }
    expect(bank / n).toBeGreaterThan(0.09);
    expect(bank / n).toBeLessThan(0.11);
    expect(customer / n).toBeGreaterThan(0.015);
    expect(customer / n).toBeLessThan(0.025);
    expect(unitDraw('x')).toBe(unitDraw('x'));
    expect(simulateReturn('a', 1, 0, { closed: true, frozen: false })).toBe('R02');
    expect(simulateReturn('a', 1, 0, { closed: false, frozen: true })).toBe('R16');
  });
});
