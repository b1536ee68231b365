import type { LinkedSource, StoredAccountRef } from './connector';

/**
 * Investments in Weft's normalized model: what a source holds in its investment accounts, for the
 * investments pull to write into the store. Money (prices, values, amounts, cost basis) is integer
 * minor units of its currency (lib/money.ts), as the store keeps it; quantities are integer millionths of a
 * unit (shares, contracts, coins), so sums of fractional buys and sells stay exact.
 */

/** Plaid's security types. */
export type SecurityType =
  | 'cash'
  | 'cryptocurrency'
  | 'derivative'
  | 'equity'
  | 'etf'
  | 'fixed income'
  | 'loan'
  | 'mutual fund'
  | 'other';

/** One security, keyed within the source by `key` (stable across reads). */
export interface SourceSecurity {
  key: string;
  name: string;
  tickerSymbol: string | null;
  cusip: string | null;
  isin: string | null;
  sedol: string | null;
  type: SecurityType;
  subtype: string | null;
  isCashEquivalent: boolean;
  closePrice: number | null;
  closePriceAsOf: string | null;
  currency: string;
  marketIdentifierCode: string | null;
  option: {
    contractType: 'call' | 'put';
    expirationDate: string;
    strikePrice: number;
    underlyingTicker: string;
  } | null;
  fixedIncome: {
    maturityDate: string | null;
    issueDate: string | null;
    faceValue: number | null;
    /** Yield as a percentage (4.5 for 4.5%), Plaid's `yield_rate.percentage`. */
    couponPercent: number | null;
  } | null;
}

/** A position in one account: `value` is `quantity × price`, rounded to the hundredth. */
export interface SourceHolding {
  /** The account's position among the Item's accounts, as the store orders them. */
  account: number;
  securityKey: string;
  quantity: number;
  price: number;
  priceAsOf: string | null;
  value: number;
  /** Total cost of the position (average cost after sells), null when the source does not know it. */
  costBasis: number | null;
  currency: string;
}

/**
 * One investment transaction in Plaid's sign: `amount` is positive when cash leaves the account
 * (buys, fees), negative when it comes in (sells, dividends, contributions); `quantity` is positive
 * when units come in.
 */
export interface SourceInvestmentTransaction {
  account: number;
  /** Stable within the source, so a read again gives the same ids. */
  id: string;
  securityKey: string | null;
  date: string;
  name: string;
  type: 'buy' | 'sell' | 'cancel' | 'cash' | 'fee' | 'transfer';
  subtype: string;
  quantity: number;
  price: number;
  amount: number;
  fees: number | null;
  currency: string;
}

/** What a brokerage transfer (ACATS) needs to pull an account: its number and its firm's DTC numbers. */
export interface AcatsNumbers {
  account: string;
  dtcNumbers: string[];
}

/**
 * What a source's investment accounts hold on a day: securities, holdings, every transaction since
 * the history's start, each account's uninvested cash and its transfer numbers (by account
 * position). An account's current balance is its holdings' value plus its cash.
 */
export interface InvestmentsRead {
  securities: SourceSecurity[];
  holdings: SourceHolding[];
  transactions: SourceInvestmentTransaction[];
  cash: Map<number, number>;
  numbers: Map<number, AcatsNumbers>;
}

/** A source of investment data for linked logins. */
export interface InvestmentsSource {
  /**
   * Set when the source's data is written into the store as it arrives (statement files, at
   * import): there is nothing to read again, so a pull leaves the store as it is.
   */
  readonly writtenOnArrival?: true;
  /**
   * The login's investment accounts as they stand on `asOf`, with transactions from `from` (both
   * ISO dates). Accounts are the Item's, in the store's order; only investment accounts hold any.
   */
  read(
    source: LinkedSource,
    accounts: readonly StoredAccountRef[],
    from: string,
    asOf: string,
  ): InvestmentsRead;
}

/** `quantity` millionths × `price` minor units, in minor units rounded half away from zero, exactly. */
export function positionValue(quantity: number, price: number): number {
  const product = BigInt(quantity) * BigInt(price);
  const whole = product / 1_000_000n;
  const rest = product % 1_000_000n;
  const twice = (rest < 0n ? -rest : rest) * 2n;
  return Number(twice >= 1_000_000n ? whole + (product < 0n ? -1n : 1n) : whole);
}
