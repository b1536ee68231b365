import type {
  AccountAssets,
  AssetReport,
  AssetReportAuditCopyCreateResponse,
  AssetReportCreateResponse,
  AssetReportFilterResponse,
  AssetReportGetResponse,
  AssetReportInvestments,
  AssetReportItem,
  AssetReportRefreshResponse,
  AssetReportRemoveResponse,
  AssetReportTransaction,
  AssetReportTransactionType,
  InvestmentTransactionSubtype,
  InvestmentTransactionType,
  Location,
  Owner,
  PaymentMeta,
  PlaidErrorType,
  Warning,
  WarningWarningCodeEnum,
} from 'plaid';
import type { Reply } from '../../http/reply';
import { dateOf, dayNumber } from '../../lib/days';
import { toDecimal, toDecimalOrNull } from '../../lib/money';
import { parseOwners } from '../items/account-details.store';
import type { ReportView } from './assets.service';
import {
  parseUser,
  type SnapshotAccount,
  type SnapshotInvestments,
  type SnapshotTransaction,
} from './assets.snapshot';

/** Categories of money moved by the bank itself rather than at a merchant (Plaid's `special`). */
const SPECIAL_PRIMARIES = new Set(['INCOME', 'TRANSFER_IN', 'TRANSFER_OUT', 'LOAN_PAYMENTS', 'BANK_FEES']);

function transactionType(t: SnapshotTransaction): `${AssetReportTransactionType}` {
  if (SPECIAL_PRIMARIES.has(t.pfcPrimary)) return 'special';
  if (t.paymentChannel === 'online') return 'digital';
  if (t.paymentChannel === 'in store') return 'place';
  return 'unresolved';
}

function str(source: Record<string, unknown>, field: string): string | null {
  const v = source[field];
  return typeof v === 'string' ? v : null;
}

function num(source: Record<string, unknown>, field: string): number | null {
  const v = source[field];
  return typeof v === 'number' ? v : null;
}

/** Plaid's location object from the stored one. */
function location(l: Record<string, unknown>): Location {
  return {
    address: str(l, 'address'),
    city: str(l, 'city'),
    region: str(l, 'region'),
    postal_code: str(l, 'postal_code'),
    country: str(l, 'country'),
    lat: num(l, 'lat'),
    lon: num(l, 'lon'),
    store_number: str(l, 'store_number'),
  };
}

/** Plaid's payment_meta object from the stored one. */
function paymentMeta(p: Record<string, unknown>): PaymentMeta {
  return {
    reference_number: str(p, 'reference_number'),
    ppd_id: str(p, 'ppd_id'),
    payee: str(p, 'payee'),
    by_order_of: str(p, 'by_order_of'),
    payer: str(p, 'payer'),
    payment_method: str(p, 'payment_method'),
    payment_processor: str(p, 'payment_processor'),
    reason: str(p, 'reason'),
  };
}

/** One transaction of a report; with insights, its merchant and enriched category. */
function presentTransaction(
  accountId: string,
  t: SnapshotTransaction,
  insights: boolean,
): AssetReportTransaction {
  return {
    account_id: accountId,
    transaction_id: t.transactionId,
    amount: toDecimal(t.amount, t.currency),
    iso_currency_code: t.currency,
    unofficial_currency_code: null,
    original_description: t.description,
    name: t.description,
    date: t.date,
    date_transacted: t.authorizedDate,
    pending: false,
    pending_transaction_id: null,
    check_number: t.checkNumber,
    account_owner: null,
    location: location(t.location),
    payment_meta: paymentMeta(t.paymentMeta),
    transaction_type: transactionType(t) as AssetReportTransactionType,
    ...(insights
      ? { merchant_name: t.merchantName, credit_category: { primary: t.pfcPrimary, detailed: t.pfcDetailed } }
      : {}),
  } satisfies AssetReportTransaction;
}

/** Millionths of a unit to Plaid's decimal quantity. */
function units(quantity: number): number {
  return quantity / 1_000_000;
}

/** The investments add-on's part of an investment account, trimmed to the first day shown. */
function presentInvestments(
  accountId: string,
  inv: SnapshotInvestments,
  from: string,
): AssetReportInvestments {
  const tickers = new Map(inv.securities.map((s) => [s.securityId, s.ticker]));
  return {
    holdings: inv.holdings.map((h) => ({
      account_id: accountId,
      security_id: h.securityId,
      ticker_symbol: tickers.get(h.securityId) ?? null,
      institution_price: toDecimal(h.price, h.currency),
      institution_price_as_of: h.priceAsOf,
      institution_value: toDecimal(h.value, h.currency),
      cost_basis: toDecimalOrNull(h.costBasis, h.currency),
      quantity: units(h.quantity),
      iso_currency_code: h.currency,
      unofficial_currency_code: null,
    })),
    securities: inv.securities.map((s) => ({
      security_id: s.securityId,
      name: s.name,
      ticker_symbol: s.ticker,
      type: s.type,
    })),
    transactions: inv.transactions
      .filter((t) => t.date >= from)
      .map((t) => ({
        investment_transaction_id: t.investmentTransactionId,
        account_id: accountId,
        security_id: t.securityId,
        date: t.date,
        name: t.name,
        quantity: units(t.quantity),
        vested_quantity: units(t.quantity),
        vested_value: toDecimal(Math.abs(t.amount), t.currency),
        amount: toDecimal(t.amount, t.currency),
        price: toDecimal(t.price, t.currency),
        fees: toDecimalOrNull(t.fees, t.currency),
        type: t.type as InvestmentTransactionType,
        subtype: t.subtype as InvestmentTransactionSubtype,
        iso_currency_code: t.currency,
        unofficial_currency_code: null,
      })),
  };
}

/** The first day a read shows of an account whose history ends on `asOf`. */
function firstDay(asOf: string, daysToInclude: number | undefined): string {
  return daysToInclude === undefined ? '0000-00-00' : dateOf(dayNumber(asOf) - daysToInclude);
}

/** One account of a report, trimmed to `daysToInclude` when asked. */
export function presentAccount(
  a: SnapshotAccount,
  view: Pick<ReportView, 'includeInsights' | 'daysToInclude'>,
) {
  const asOf = a.historicalBalances[0]?.date ?? '9999-12-31';
  const from = firstDay(asOf, view.daysToInclude);
  return {
    account_id: a.accountId,
    balances: {
      available: toDecimalOrNull(a.available, a.currency),
      current: toDecimalOrNull(a.current, a.currency),
      limit: toDecimalOrNull(a.limit, a.currency),
      margin_loan_amount: null,
      iso_currency_code: a.currency,
      unofficial_currency_code: null,
      last_updated_datetime: a.balanceUpdatedAt,
    },
    mask: a.mask,
    name: a.name,
    official_name: a.officialName,
    type: a.type as AccountAssets['type'],
    subtype: a.subtype as AccountAssets['subtype'],
    ...(a.verificationStatus
      ? { verification_status: a.verificationStatus as AccountAssets['verification_status'] }
      : {}),
    ...(a.persistentAccountId ? { persistent_account_id: a.persistentAccountId } : {}),
    days_available:
      view.daysToInclude === undefined ? a.daysAvailable : Math.min(a.daysAvailable, view.daysToInclude + 1),
    transactions: a.transactions
      .filter((t) => t.date >= from)
      .map((t) => presentTransaction(a.accountId, t, view.includeInsights)),
    ...(a.investments ? { investments: presentInvestments(a.accountId, a.investments, from) } : {}),
    owners: parseOwners(a.owners) as Owner[],
    historical_balances: a.historicalBalances
      .filter((b) => b.date >= from)
      .map((b) => ({
        date: b.date,
        current: toDecimal(b.current, a.currency),
        iso_currency_code: a.currency,
        unofficial_currency_code: null,
      })),
  } satisfies AccountAssets;
}

/** The report object of /asset_report/get and /asset_report/audit_copy/get. */
export function presentReport(view: ReportView): AssetReport {
  const { report, snapshot } = view;
  return {
    asset_report_id: report.asset_report_id,
    client_report_id: report.client_report_id,
    date_generated: report.date_generated ?? report.updated_at,
    days_requested: report.days_requested,
    user: parseUser(report.user),
    items: snapshot.items.map(
      (i) =>
        ({
          item_id: i.itemId,
          institution_name: i.institutionName,
          institution_id: i.institutionId,
          date_last_updated: i.dateLastUpdated,
          accounts: i.accounts.map((a) => presentAccount(a, view)),
        }) satisfies AssetReportItem,
    ),
  };
}

/** /asset_report/get (and the audit copy's get). */
export function presentReportGet(view: ReportView) {
  const warnings: Warning[] = (view.snapshot.warnings ?? []).map((w) => ({
    warning_type: 'ASSET_REPORT_WARNING',
    warning_code: w.code as WarningWarningCodeEnum,
    cause: {
      item_id: w.itemId,
      error_type: w.errorType as PlaidErrorType,
      error_code: w.errorCode,
      error_message: w.errorMessage,
      display_message: null,
    },
  }));
  return { report: presentReport(view), warnings } satisfies Reply<AssetReportGetResponse>;
}

/** /asset_report/create, /refresh and /filter: the new report's token and id. */
export function presentCreated(created: { token: string; id: string }) {
  return { asset_report_token: created.token, asset_report_id: created.id } satisfies Reply<
    AssetReportCreateResponse & AssetReportRefreshResponse & AssetReportFilterResponse
  >;
}

/** /asset_report/remove and /asset_report/audit_copy/remove. */
export function presentRemoved() {
  return { removed: true } satisfies Reply<AssetReportRemoveResponse>;
}

/** /asset_report/audit_copy/create */
export function presentAuditCopy(token: string) {
  return { audit_copy_token: token } satisfies Reply<AssetReportAuditCopyCreateResponse>;
}
