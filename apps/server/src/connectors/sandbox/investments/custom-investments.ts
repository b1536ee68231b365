import { toMinor } from '../../../lib/money';
import {
  type AcatsNumbers,
  type InvestmentsRead,
  positionValue,
  type SourceInvestmentTransaction,
  type SourceSecurity,
} from '../../investments';

/** A security as Plaid's custom user states it (SecurityOverride). */
interface SecurityOverride {
  isin?: string;
  cusip?: string;
  sedol?: string;
  name?: string;
  ticker_symbol?: string;
  currency?: string;
}

/** A holding as Plaid's custom user states it (HoldingsOverride). */
interface HoldingOverride {
  institution_price: number;
  institution_price_as_of?: string;
  cost_basis?: number;
  quantity: number;
  currency: string;
  security: SecurityOverride;
}

/** An investment transaction as Plaid's custom user states it (InvestmentsTransactionsOverride). */
interface InvestmentTransactionOverride {
  date: string;
  name: string;
  quantity: number;
  price: number;
  fees?: number;
  type: SourceInvestmentTransaction['type'];
  currency: string;
  security?: SecurityOverride;
}

/** What a custom user's investment account lists: its balance, holdings and transactions. */
export interface ListedInvestments {
  account: number;
  startingBalance: number;
  /** The account's own currency where the config names one (the institution's otherwise). */
  currency: string | null;
  holdings: readonly HoldingOverride[];
  transactions: readonly InvestmentTransactionOverride[];
}

/** Each transaction type's subtype when the config names none (Plaid's override gives a type only). */
const SUBTYPE: Record<SourceInvestmentTransaction['type'], string> = {
  buy: 'buy',
  sell: 'sell',
  cancel: 'adjustment',
  cash: 'deposit',
  fee: 'account fee',
  transfer: 'transfer',
};
const DATE = /^\d{4}-\d{2}-\d{2}$/;
/** Quantities and prices stay exact in millionths and hundredths within these bounds. */
const MAX_QUANTITY = 1e9;
const MAX_PRICE = 1e9;

const isObject = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const isNumber = (v: unknown, max: number) =>
  typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= max;
const isString = (v: unknown) => typeof v === 'string' && v.length > 0;

function securityProblem(v: unknown, at: string): string | null {
  if (!isObject(v)) return `${at} must be an object`;
  for (const k of ['isin', 'cusip', 'sedol', 'name', 'ticker_symbol', 'currency'])
    if (v[k] !== undefined && typeof v[k] !== 'string') return `${at}.${k} must be a string`;
  if (!['ticker_symbol', 'cusip', 'isin', 'sedol', 'name'].some((k) => isString(v[k])))
    return `${at} must name the security (ticker_symbol, cusip, isin, sedol or name)`;
  return null;
}

function holdingProblem(h: unknown, at: string): string | null {
  if (!isObject(h)) return `${at} must be an object`;
  if (!isNumber(h.institution_price, MAX_PRICE) || (h.institution_price as number) < 0)
    return `${at}.institution_price must be a number from 0 to ${MAX_PRICE}`;
  if (!isNumber(h.quantity, MAX_QUANTITY)) return `${at}.quantity must be a number within ±${MAX_QUANTITY}`;
  if (h.cost_basis !== undefined && !isNumber(h.cost_basis, MAX_PRICE * MAX_QUANTITY))
    return `${at}.cost_basis must be a number`;
  if (
    h.institution_price_as_of !== undefined &&
    !(typeof h.institution_price_as_of === 'string' && DATE.test(h.institution_price_as_of))
  )
    return `${at}.institution_price_as_of must be a date (YYYY-MM-DD)`;
  if (!isString(h.currency)) return `${at}.currency is required`;
  return securityProblem(h.security, `${at}.security`);
}

function transactionProblem(t: unknown, at: string): string | null {
  if (!isObject(t)) return `${at} must be an object`;
  if (!(typeof t.date === 'string' && DATE.test(t.date))) return `${at}.date must be a date (YYYY-MM-DD)`;
  if (!isString(t.name)) return `${at}.name is required`;
  if (!isNumber(t.quantity, MAX_QUANTITY)) return `${at}.quantity must be a number within ±${MAX_QUANTITY}`;
  if (!isNumber(t.price, MAX_PRICE)) return `${at}.price must be a number within ±${MAX_PRICE}`;
  if (t.fees !== undefined && !isNumber(t.fees, MAX_PRICE)) return `${at}.fees must be a number`;
  if (typeof t.type !== 'string' || !(t.type in SUBTYPE))
    return `${at}.type must be one of ${Object.keys(SUBTYPE).join(', ')}`;
  if (t.type === 'buy' && (t.quantity as number) < 0) return `${at}.quantity must be positive for a buy`;
  if (t.type === 'sell' && (t.quantity as number) > 0) return `${at}.quantity must be negative for a sell`;
  if (!isString(t.currency)) return `${at}.currency is required`;
  if (t.security === undefined)
    return t.type === 'buy' || t.type === 'sell' ? `${at}.security is required for a ${t.type}` : null;
  return securityProblem(t.security, `${at}.security`);
}

/**
 * What is wrong with an override account's `holdings` and `investment_transactions` (lists of
 * Plaid's HoldingsOverride and InvestmentsTransactionsOverride), or null when they are valid.
 */
export function investmentsOverrideProblem(account: Record<string, unknown>, at: string): string | null {
  for (const [field, check] of [
    ['holdings', holdingProblem],
    ['investment_transactions', transactionProblem],
  ] as const) {
    const list = account[field];
    if (list === undefined) continue;
    if (account.type !== 'investment') return `${at}.${field} is only for investment accounts`;
    if (!Array.isArray(list)) return `${at}.${field} must be an array`;
    for (const [i, item] of list.entries()) {
      const problem = check(item, `${at}.${field}[${i}]`);
      if (problem) return problem;
    }
  }
  return null;
}

/** A custom user's investment accounts, by position, as its (already checked) config lists them. */
export function listedInvestments(overrideAccounts: readonly Record<string, unknown>[]): ListedInvestments[] {
  return overrideAccounts.flatMap((a, account) =>
    a.type === 'investment'
      ? [
          {
            account,
            startingBalance: typeof a.starting_balance === 'number' ? a.starting_balance : 0,
            currency: typeof a.currency === 'string' ? a.currency : null,
            holdings: (a.holdings as HoldingOverride[] | undefined) ?? [],
            transactions: (a.investment_transactions as InvestmentTransactionOverride[] | undefined) ?? [],
          },
        ]
      : [],
  );
}

const millionths = (units: number) => Math.round(units * 1_000_000);

function securityOf(
  s: SecurityOverride,
  currency: string,
  price: number | null,
  asOf: string | null,
): SourceSecurity {
  return {
    key: `custom|${s.ticker_symbol ?? ''}|${s.cusip ?? ''}|${s.isin ?? ''}|${s.sedol ?? ''}|${s.name ?? ''}`,
    name: s.name ?? s.ticker_symbol ?? s.cusip ?? s.isin ?? s.sedol ?? '',
    tickerSymbol: s.ticker_symbol ?? null,
    cusip: s.cusip ?? null,
    isin: s.isin ?? null,
    sedol: s.sedol ?? null,
    // Plaid's override names no type; a listed security is read as an equity.
    type: 'equity',
    subtype: null,
    isCashEquivalent: false,
    closePrice: price,
    closePriceAsOf: asOf,
    currency: s.currency ?? currency,
    marketIdentifierCode: null,
    option: null,
    fixedIncome: null,
  };
}

/**
 * A custom user's investments exactly as listed: holdings at their stated prices, transactions in
 * Plaid's sign (`amount` is quantity × price plus fees, so a buy is positive and a sell negative),
 * and cash that makes each account's balance its stated starting balance.
 */
export function readListed(
  listed: readonly ListedInvestments[],
  asOf: string,
  numbersOf: (position: number) => AcatsNumbers,
): InvestmentsRead {
  const read: InvestmentsRead = {
    securities: [],
    holdings: [],
    transactions: [],
    cash: new Map(),
    numbers: new Map(),
  };
  const securities = new Map<string, SourceSecurity>();
  for (const l of listed) {
    let value = 0;
    for (const h of l.holdings) {
      const price = toMinor(h.institution_price, h.currency);
      const asOfDate = h.institution_price_as_of ?? asOf;
      const security = securityOf(h.security, h.currency, price, asOfDate);
      securities.set(security.key, security);
      const quantity = millionths(h.quantity);
      const holdingValue = positionValue(quantity, price);
      value += holdingValue;
      read.holdings.push({
        account: l.account,
        securityKey: security.key,
        quantity,
        price,
        priceAsOf: asOfDate,
        value: holdingValue,
        costBasis: h.cost_basis === undefined ? null : toMinor(h.cost_basis, h.currency),
        currency: h.currency,
      });
    }
    for (const [i, t] of l.transactions.entries()) {
      const security = t.security ? securityOf(t.security, t.currency, null, null) : null;
      if (security && !securities.has(security.key)) securities.set(security.key, security);
      const quantity = millionths(t.quantity);
      const price = toMinor(t.price, t.currency);
      const fees = t.fees === undefined ? null : toMinor(t.fees, t.currency);
      read.transactions.push({
        account: l.account,
        id: `${l.account}:listed:${i}`,
        securityKey: security?.key ?? null,
        date: t.date,
        name: t.name,
        type: t.type,
        subtype: SUBTYPE[t.type],
        quantity,
        price,
        amount: positionValue(quantity, price) + (fees ?? 0),
        fees,
        currency: t.currency,
      });
    }
    read.cash.set(l.account, toMinor(l.startingBalance, l.currency) - value);
    read.numbers.set(l.account, numbersOf(l.account));
  }
  read.securities = [...securities.values()];
  return read;
}
