/**
 * Investments in the store, each row scoped to its Item: the securities its accounts hold or
 * traded, their holdings and their investment transactions, as the Item's connector last gave
 * them. Money is integer minor units of its currency; quantities are integer millionths of a unit.
 */

/** Where an Item's investments pull stands: /investments/* answer PRODUCT_NOT_READY until `ready_at`. */
export interface InvestmentsStateTable {
  item_id: string;
  /** The first day of the investment history (the Item's creation less 24 months). */
  history_start: string;
  /** The day the store's holdings and prices are as of. */
  as_of: string;
  ready_at: string;
  last_successful_update: string | null;
  last_failed_update: string | null;
  created_at: string;
  updated_at: string;
}

/** A security of an Item; `security_id` is the same for a security in every Item, as at Plaid. */
export interface InvestmentSecuritiesTable {
  item_id: string;
  security_id: string;
  name: string;
  ticker_symbol: string | null;
  cusip: string | null;
  isin: string | null;
  sedol: string | null;
  institution_security_id: string | null;
  type: string;
  subtype: string | null;
  is_cash_equivalent: number;
  close_price: number | null;
  close_price_as_of: string | null;
  iso_currency_code: string;
  market_identifier_code: string | null;
  /** JSON of Plaid's OptionContract (prices in minor units), or null. */
  option_contract: string | null;
  /** JSON of Plaid's FixedIncome (face value in minor units), or null. */
  fixed_income: string | null;
  updated_at: string;
}

/** One account's position in one security. */
export interface InvestmentHoldingsTable {
  item_id: string;
  account_id: string;
  security_id: string;
  quantity: number;
  price: number;
  price_as_of: string | null;
  value: number;
  cost_basis: number | null;
  iso_currency_code: string;
  updated_at: string;
}

/** One investment transaction, in Plaid's sign (positive `amount`: cash left the account). */
export interface InvestmentTransactionsTable {
  investment_transaction_id: string;
  item_id: string;
  account_id: string;
  security_id: string | null;
  date: string;
  name: string;
  type: string;
  subtype: string;
  quantity: number;
  price: number;
  amount: number;
  fees: number | null;
  iso_currency_code: string;
  created_at: string;
}

/** An investment account's brokerage transfer (ACATS) numbers. */
export interface InvestmentAccountNumbersTable {
  account_id: string;
  item_id: string;
  account: string;
  /** JSON list of the firm's DTC numbers. */
  dtc_numbers: string;
  updated_at: string;
}

export interface InvestmentsTables {
  investments_state: InvestmentsStateTable;
  investment_securities: InvestmentSecuritiesTable;
  investment_holdings: InvestmentHoldingsTable;
  investment_transactions: InvestmentTransactionsTable;
  investment_account_numbers: InvestmentAccountNumbersTable;
}
