import { createHash } from 'node:crypto';
import { dateOf } from '../../../lib/days';
import { positionValue, type SourceInvestmentTransaction } from '../../investments';
import { priceOn, SECURITIES, type SecuritySpec } from './securities';

/** What one investment account is made of, and how money flows into it. */
export interface PortfolioPlan {
  account: number;
  currency: string;
  /** Seeds the account's own choices (the split day). */
  seed: string;
  /** Target weights of each contribution, by security key; what is left stays cash. */
  weights: readonly (readonly [string, number])[];
  /** Bought once, on the first day: option contracts and the like, by key and units. */
  openingOnly: readonly (readonly [string, number])[];
  /** The rollover that opens the account on its first day, in hundredths. */
  opening: number;
  /** Paid in on the 16th of every month, in hundredths. */
  monthly: number;
  /** Says where the monthly contribution comes from (the checking transfer it matches). */
  contributionName: string;
  /** Fee charged each quarter: a flat amount, or a fraction of the account's value. */
  fee: { subtype: 'account fee' | 'management fee'; flat: number; rate: number };
  /** Securities of the account that split, with the ratio. */
  splits: readonly (readonly [string, number])[];
}

/** One security held: millionths of a unit and the cost of the position (average cost). */
interface Position {
  quantity: number;
  cost: number;
}

/** An account simulated up to a day: its transactions, positions and uninvested cash. */
export interface SimulatedAccount {
  transactions: SourceInvestmentTransaction[];
  positions: Map<string, Position>;
  cash: number;
  /** The day number each split security splits on (prices are divided from that day). */
  splitDays: Map<string, { day: number; ratio: number }>;
}

const DIVIDEND_TYPES = new Set(['equity', 'etf', 'mutual fund']);

function unit(...parts: (string | number)[]): number {
  return createHash('sha256').update(parts.join('|')).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Runs an account day by day from `startDay` to `asOfDay` (day numbers): a rollover opens it, a
 * contribution on each 16th is invested by the plan's weights, dividends come quarterly (funds
 * reinvest theirs), the bond pays its coupon twice a year and the cash sweep interest monthly,
 * fees are charged quarterly, a stock is trimmed twice a year, and a split multiplies a holding.
 * Cash never goes below zero: what is not bought stays cash, and a fee cash cannot cover is waived.
 */
export function simulatePortfolio(plan: PortfolioPlan, startDay: number, asOfDay: number): SimulatedAccount {
  const positions = new Map<string, Position>();
  const transactions: SourceInvestmentTransaction[] = [];
  const splitDays = new Map(
    plan.splits.map(([key, ratio]) => [
      key,
      { day: startDay + 240 + Math.floor(unit(plan.seed, 'split', key) * 200), ratio },
    ]),
  );
  let cash = 0;
  const price = (spec: SecuritySpec, day: number) => priceOn(spec, day, splitDays.get(spec.key));
  const position = (key: string) => {
    const held = positions.get(key) ?? { quantity: 0, cost: 0 };
    positions.set(key, held);
    return held;
  };
  const record = (
    day: number,
    kind: string,
    spec: SecuritySpec | null,
    fields: Pick<SourceInvestmentTransaction, 'name' | 'type' | 'subtype' | 'quantity' | 'price' | 'amount'>,
  ) => {
    cash -= fields.amount;
    transactions.push({
      account: plan.account,
      id: `${plan.account}:${dateOf(day)}:${kind}:${spec?.key ?? ''}`,
      securityKey: spec?.key ?? null,
      date: dateOf(day),
      fees: fields.type === 'fee' ? fields.amount : 0,
      currency: plan.currency,
      ...fields,
    });
  };
  const buy = (day: number, spec: SecuritySpec, quantity: number, subtype: string) => {
    if (quantity <= 0) return;
    const p = price(spec, day);
    const amount = positionValue(quantity, p);
    if (amount > cash) return;
    const held = position(spec.key);
    held.quantity += quantity;
    held.cost += amount;
    record(day, subtype, spec, {
      name: `BUY ${spec.name}`,
      type: 'buy',
      subtype,
      quantity,
      price: p,
      amount,
    });
  };
  const unitsFor = (spec: SecuritySpec, budget: number, day: number) => {
    const step = spec.fractional ? 1_000 : 1_000_000;
    return Math.floor((budget * 1_000_000) / price(spec, day) / step) * step;
  };
  const invest = (day: number, money: number) => {
    for (const [key, weight] of plan.weights) {
      const spec = SECURITIES[key]!;
      buy(day, spec, unitsFor(spec, Math.floor(money * weight), day), 'buy');
    }
  };

  for (let day = startDay; day <= asOfDay; day++) {
    const [, month, dom] = dateOf(day).split('-').map(Number) as [number, number, number];
    if (day === startDay) {
      record(day, 'rollover', null, {
        name: 'ROLLOVER CONTRIBUTION',
        type: 'cash',
        subtype: 'contribution',
        quantity: 0,
        price: 0,
        amount: -plan.opening,
      });
      for (const [key, units] of plan.openingOnly) buy(day, SECURITIES[key]!, units * 1_000_000, 'buy');
      invest(day, cash);
    } else if (dom === 16 && plan.monthly > 0) {
      record(day, 'contribution', null, {
        name: plan.contributionName,
        type: 'cash',
        subtype: 'contribution',
        quantity: 0,
        price: 0,
        amount: -plan.monthly,
      });
      invest(day, plan.monthly);
    }
    for (const [key, split] of splitDays) {
      const held = positions.get(key);
      if (split.day !== day || !held || held.quantity <= 0) continue;
      const added = held.quantity * (split.ratio - 1);
      held.quantity += added;
      record(day, 'split', SECURITIES[key]!, {
        name: `${SECURITIES[key]!.ticker} ${split.ratio}-FOR-1 STOCK SPLIT`,
        type: 'transfer',
        subtype: 'split',
        quantity: added,
        price: 0,
        amount: 0,
      });
    }
    if (dom === 20 && month % 3 === 0) payDividends(day);
    if (dom === 15 && (month === 5 || month === 11)) payCoupons(day);
    if (dom === 1) payInterest(day);
    if (dom === 10 && month % 6 === 0) trim(day);
    if (dom === 28 && month % 3 === 0) chargeFee(day);
  }
  return { transactions, positions, cash, splitDays };

  function payDividends(day: number) {
    for (const [key, held] of [...positions]) {
      const spec = SECURITIES[key]!;
      if (!DIVIDEND_TYPES.has(spec.type) || held.quantity <= 0) continue;
      const p = price(spec, day);
      const amount = Math.round((positionValue(held.quantity, p) * spec.yield) / 4);
      if (amount <= 0) continue;
      record(day, 'dividend', spec, {
        name: `DIVIDEND ${spec.name}`,
        type: 'cash',
        subtype: 'dividend',
        quantity: 0,
        price: 0,
        amount: -amount,
      });
      if (spec.type === 'mutual fund') buy(day, spec, unitsFor(spec, amount, day), 'dividend reinvestment');
    }
  }

  function payCoupons(day: number) {
    for (const [key, held] of positions) {
      const spec = SECURITIES[key]!;
      if (spec.type !== 'fixed income' || held.quantity <= 0) continue;
      const amount = Math.round(
        (positionValue(held.quantity, spec.fixedIncome?.faceValue ?? 0) * spec.yield) / 2,
      );
      if (amount > 0)
        record(day, 'coupon', spec, {
          name: `INTEREST ${spec.name}`,
          type: 'cash',
          subtype: 'interest',
          quantity: 0,
          price: 0,
          amount: -amount,
        });
    }
  }

  function payInterest(day: number) {
    const sweep = positions.get('CASH');
    if (!sweep || sweep.quantity <= 0) return;
    const amount = Math.round((positionValue(sweep.quantity, 1_00) * SECURITIES.CASH!.yield) / 12);
    if (amount > 0)
      record(day, 'interest', SECURITIES.CASH!, {
        name: 'INTEREST Weft Bank Deposit Sweep',
        type: 'cash',
        subtype: 'interest',
        quantity: 0,
        price: 0,
        amount: -amount,
      });
  }

  function trim(day: number) {
    const [key] = plan.weights.find(([k]) => SECURITIES[k]!.type === 'equity') ?? [];
    const held = key ? positions.get(key) : undefined;
    if (!key || !held) return;
    const quantity = Math.floor(held.quantity / 10 / 1_000_000) * 1_000_000;
    if (quantity <= 0) return;
    const spec = SECURITIES[key]!;
    const p = price(spec, day);
    const proceeds = positionValue(quantity, p);
    const costSold = Math.round((held.cost * quantity) / held.quantity);
    held.quantity -= quantity;
    held.cost -= costSold;
    record(day, 'sell', spec, {
      name: `SELL ${spec.name}`,
      type: 'sell',
      subtype: 'sell',
      quantity: -quantity,
      price: p,
      amount: -proceeds,
    });
  }

  function chargeFee(day: number) {
    let value = cash;
    for (const [key, held] of positions) value += positionValue(held.quantity, price(SECURITIES[key]!, day));
    const amount = plan.fee.flat + Math.round(value * plan.fee.rate);
    if (amount <= 0 || amount > cash) return;
    record(day, 'fee', null, {
      name: plan.fee.subtype === 'account fee' ? 'QUARTERLY ACCOUNT FEE' : 'PLAN MANAGEMENT FEE',
      type: 'fee',
      subtype: plan.fee.subtype,
      quantity: 0,
      price: 0,
      amount,
    });
  }
}
