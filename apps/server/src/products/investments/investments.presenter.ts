import {
  DataSources,
  type Holding,
  type InvestmentAccount,
  type InvestmentsAuthGetResponse,
  type InvestmentsHoldingsGetResponse,
  type InvestmentsTransactionsGetResponse,
  type InvestmentTransaction,
  type Security,
  YieldRateType,
} from 'plaid';
import type { SourceSecurity } from '../../connectors/investments';
import type { AccountsTable } from '../../db/tables/core';
import type {
  InvestmentAccountNumbersTable,
  InvestmentHoldingsTable,
  InvestmentSecuritiesTable,
  InvestmentTransactionsTable,
} from '../../db/tables/investments';
import type { Reply } from '../../http/reply';
import { toDecimal, toDecimalOrNull } from '../../lib/money';
import { presentAccount } from '../accounts/accounts.presenter';
import { presentItem } from '../items/items.presenter';
import type { InvestmentsView } from './investments.service';

/** Millionths of a unit to Plaid's decimal quantity. */
function units(quantity: number): number {
  return quantity / 1_000_000;
}

/**
 * A security as Plaid's API version 2020-09-14 returns it: the SDK's newer `figi` is not part of
 * it, so it is left out.
 */
export type WireSecurity = Omit<Security, 'figi'>;

/** An investments response with securities as the API version has them. */
type WireResponse<T> = Reply<Omit<T, 'securities'>> & { securities: WireSecurity[] };

/** An account as the investments endpoints return it (Weft offers no margin loans). */
function presentInvestmentAccount(a: AccountsTable): InvestmentAccount {
  const { verification_status, ...account } = presentAccount(a);
  return {
    ...account,
    balances: { ...account.balances, margin_loan_amount: null },
    // The SDK declares this enum per account kind; the values are the same strings.
    ...(verification_status ? { verification_status: verification_status as never } : {}),
  } satisfies InvestmentAccount;
}

/** One security as Plaid returns it. */
export function presentSecurity(s: InvestmentSecuritiesTable): WireSecurity {
  const option = s.option_contract
    ? (JSON.parse(s.option_contract) as NonNullable<SourceSecurity['option']>)
    : null;
  const fixed = s.fixed_income
    ? (JSON.parse(s.fixed_income) as NonNullable<SourceSecurity['fixedIncome']>)
    : null;
  return {
    security_id: s.security_id,
    isin: s.isin,
    cusip: s.cusip,
    sedol: s.sedol,
    institution_security_id: s.institution_security_id,
    institution_id: null,
    proxy_security_id: null,
    name: s.name,
    ticker_symbol: s.ticker_symbol,
    is_cash_equivalent: s.is_cash_equivalent === 1,
    type: s.type,
    subtype: s.subtype,
    close_price: toDecimalOrNull(s.close_price, s.iso_currency_code),
    close_price_as_of: s.close_price_as_of,
    update_datetime: null,
    iso_currency_code: s.iso_currency_code,
    unofficial_currency_code: null,
    market_identifier_code: s.market_identifier_code,
    sector: null,
    industry: null,
    cfi_code: null,
    option_contract: option
      ? {
          contract_type: option.contractType,
          expiration_date: option.expirationDate,
          strike_price: toDecimal(option.strikePrice, s.iso_currency_code),
          underlying_security_ticker: option.underlyingTicker,
        }
      : null,
    fixed_income: fixed
      ? {
          yield_rate:
            fixed.couponPercent === null
              ? null
              : { percentage: fixed.couponPercent, type: YieldRateType.Coupon },
          maturity_date: fixed.maturityDate,
          issue_date: fixed.issueDate,
          face_value: toDecimalOrNull(fixed.faceValue, s.iso_currency_code),
        }
      : null,
  } satisfies WireSecurity;
}

/** One holding as Plaid returns it. */
export function presentHolding(h: InvestmentHoldingsTable): Holding {
  return {
    account_id: h.account_id,
    security_id: h.security_id,
    institution_price: toDecimal(h.price, h.iso_currency_code),
    institution_price_as_of: h.price_as_of,
    institution_price_datetime: null,
    institution_value: toDecimal(h.value, h.iso_currency_code),
    cost_basis: toDecimalOrNull(h.cost_basis, h.iso_currency_code),
    quantity: units(h.quantity),
    iso_currency_code: h.iso_currency_code,
    unofficial_currency_code: null,
    vested_quantity: null,
    vested_value: null,
  } satisfies Holding;
}

/** One investment transaction as Plaid returns it. */
export function presentInvestmentTransaction(t: InvestmentTransactionsTable): InvestmentTransaction {
  return {
    investment_transaction_id: t.investment_transaction_id,
    cancel_transaction_id: null,
    account_id: t.account_id,
    security_id: t.security_id,
    date: t.date,
    transaction_datetime: null,
    name: t.name,
    quantity: units(t.quantity),
    amount: toDecimal(t.amount, t.iso_currency_code),
    price: toDecimal(t.price, t.iso_currency_code),
    fees: toDecimalOrNull(t.fees, t.iso_currency_code),
    // The store keeps Plaid's enum values, written from the connector model's own unions.
    type: t.type as InvestmentTransaction['type'],
    subtype: t.subtype as InvestmentTransaction['subtype'],
    iso_currency_code: t.iso_currency_code,
    unofficial_currency_code: null,
  } satisfies InvestmentTransaction;
}

/** /investments/holdings/get response. */
export function presentHoldings(v: InvestmentsView & { holdings: InvestmentHoldingsTable[] }) {
  return {
    accounts: v.accounts.map(presentInvestmentAccount),
    holdings: v.holdings.map(presentHolding),
    securities: v.securities.map(presentSecurity),
    item: presentItem(v.item),
  } satisfies WireResponse<InvestmentsHoldingsGetResponse>;
}

/** /investments/auth/get response: Weft's numbers, owners and holdings all come from the institution. */
export function presentInvestmentsAuth(
  v: InvestmentsView & {
    holdings: InvestmentHoldingsTable[];
    numbers: InvestmentAccountNumbersTable[];
    owners: { account_id: string; names: string[] }[];
  },
) {
  return {
    accounts: v.accounts.map(presentInvestmentAccount),
    holdings: v.holdings.map(presentHolding),
    securities: v.securities.map(presentSecurity),
    owners: v.owners,
    numbers: {
      acats: v.numbers.map((n) => ({
        account_id: n.account_id,
        account: n.account,
        dtc_numbers: JSON.parse(n.dtc_numbers) as string[],
      })),
    },
    data_sources: {
      numbers: DataSources.Institution,
      owners: DataSources.Institution,
      holdings: DataSources.Institution,
    },
    item: presentItem(v.item),
  } satisfies WireResponse<InvestmentsAuthGetResponse>;
}

/** /investments/transactions/get response. */
export function presentInvestmentTransactions(
  v: InvestmentsView & { transactions: InvestmentTransactionsTable[]; total: number },
) {
  return {
    item: presentItem(v.item),
    accounts: v.accounts.map(presentInvestmentAccount),
    securities: v.securities.map(presentSecurity),
    investment_transactions: v.transactions.map(presentInvestmentTransaction),
    total_investment_transactions: v.total,
  } satisfies WireResponse<InvestmentsTransactionsGetResponse>;
}
