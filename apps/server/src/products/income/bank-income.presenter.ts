import {
  type CreditAmountWithCurrency,
  type CreditBankIncome,
  type CreditBankIncomeAccount,
  CreditBankIncomeAccountType,
  type CreditBankIncomeCategory,
  CreditBankIncomeErrorType,
  type CreditBankIncomeGetResponse,
  type CreditBankIncomeHistoricalSummary,
  type CreditBankIncomePayFrequency,
  type CreditBankIncomeSource,
  type CreditBankIncomeTransaction,
  type CreditBankIncomeWarning,
  CreditBankIncomeWarningCode,
  CreditBankIncomeWarningType,
  type DepositoryAccountSubtype,
  type Email,
  type PhoneNumber,
} from 'plaid';
import { byMonth, monthsOf } from '../../engines/income/income';
import { toDecimal } from '../../lib/money';
import type { ReportItem, ReportMonth, ReportOwner, ReportSource } from './bank-income.report';
import type { StoredReport } from './bank-income.repository';

type Reply<T> = Omit<T, 'request_id'>;

const ERROR_TYPES = new Set<string>(Object.values(CreditBankIncomeErrorType));

/** Amounts per currency, in Plaid's decimals, currencies in alphabetical order. */
function amounts(totals: ReadonlyMap<string, number>): CreditAmountWithCurrency[] {
  return [...totals.entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([currency, minor]) => ({
      amount: toDecimal(minor, currency),
      iso_currency_code: currency,
      unofficial_currency_code: null,
    }));
}

function presentTransaction(
  t: ReportMonth['transactions'][number],
  currency: string,
): CreditBankIncomeTransaction {
  return {
    amount: toDecimal(t.amount, currency),
    date: t.date,
    name: t.name,
    original_description: t.name,
    pending: t.pending,
    transaction_id: t.transaction_id,
    check_number: t.check_number,
    iso_currency_code: currency,
    unofficial_currency_code: null,
  };
}

function presentMonth(m: ReportMonth, currency: string): CreditBankIncomeHistoricalSummary {
  return {
    total_amount: toDecimal(m.total, currency),
    iso_currency_code: currency,
    unofficial_currency_code: null,
    total_amounts: amounts(new Map([[currency, m.total]])),
    start_date: m.start_date,
    end_date: m.end_date,
    transactions: m.transactions.map((t) => presentTransaction(t, currency)),
  };
}

function presentSource(s: ReportSource): CreditBankIncomeSource {
  return {
    income_source_id: s.income_source_id,
    income_description: s.description,
    income_category: s.category as CreditBankIncomeCategory,
    account_id: s.account_id,
    start_date: s.start_date,
    end_date: s.end_date,
    pay_frequency: s.pay_frequency as CreditBankIncomePayFrequency,
    total_amount: toDecimal(s.total, s.currency),
    transaction_count: s.transaction_count,
    historical_summary: s.months.map((m) => presentMonth(m, s.currency)),
  };
}

function presentOwner(o: ReportOwner) {
  return {
    names: [...o.names],
    phone_numbers: o.phone_numbers.map((p) => ({ ...p, type: p.type as PhoneNumber['type'] })),
    emails: o.emails.map((e) => ({ ...e, type: e.type as Email['type'] })),
    addresses: o.addresses.map((a) => ({ data: { ...a.data }, primary: a.primary })),
  };
}

function presentAccount(a: ReportItem['accounts'][number]): CreditBankIncomeAccount {
  return {
    account_id: a.account_id,
    mask: a.mask,
    name: a.name,
    official_name: a.official_name,
    subtype: a.subtype as DepositoryAccountSubtype,
    type: CreditBankIncomeAccountType.Depository,
    owners: a.owners.map(presentOwner),
  };
}

function presentWarning(item: ReportItem): CreditBankIncomeWarning[] {
  if (!item.error) return [];
  return [
    {
      warning_type: CreditBankIncomeWarningType.BankIncomeWarning,
      warning_code: CreditBankIncomeWarningCode.TransactionsUnavailable,
      cause: {
        error_type: (ERROR_TYPES.has(item.error.error_code)
          ? item.error.error_code
          : 'INTERNAL_SERVER_ERROR') as CreditBankIncomeErrorType,
        error_code: item.error.error_code,
        error_message: item.error.error_message,
        display_message: item.error.display_message ?? '',
        item_id: item.item_id,
      },
    },
  ];
}

/** One report in Plaid's shape: its Items' accounts and sources, and a summary over all of them. */
export function presentReport(r: StoredReport): CreditBankIncome {
  const sources = r.data.items.flatMap((i) => i.sources);
  const totals = new Map<string, number>();
  for (const s of sources) totals.set(s.currency, (totals.get(s.currency) ?? 0) + s.total);
  const currencies = [...totals.keys()];
  // The summary's months follow the single currency of the report; mixed currencies have none.
  const currency = currencies.length === 1 ? currencies[0]! : null;
  const months =
    currency === null
      ? []
      : byMonth(
          sources.flatMap((s) =>
            s.months.flatMap((m) =>
              m.transactions.map((t) => ({
                id: t.transaction_id,
                accountId: s.account_id,
                date: t.date,
                amount: -t.amount,
                description: t.name,
                merchantName: null,
                pfcDetailed: null,
                pending: t.pending,
              })),
            ),
          ),
          r.data.window,
        );
  const byId = new Map(
    sources.flatMap((s) => s.months.flatMap((m) => m.transactions)).map((t) => [t.transaction_id, t]),
  );
  const dates = sources.flatMap((s) => [s.start_date, s.end_date]).sort();
  return {
    bank_income_id: r.bankIncomeId,
    generated_time: r.generatedAt,
    days_requested: r.daysRequested,
    items: r.data.items.map((i) => ({
      bank_income_accounts: i.accounts.map(presentAccount),
      bank_income_sources: i.sources.map(presentSource),
      last_updated_time: i.last_updated_time,
      institution_id: i.institution_id,
      institution_name: i.institution_name,
      item_id: i.item_id,
    })),
    bank_income_summary: {
      ...(currency === null
        ? {}
        : {
            total_amount: toDecimal(totals.get(currency)!, currency),
            iso_currency_code: currency,
            unofficial_currency_code: null,
          }),
      total_amounts: amounts(totals),
      start_date: dates[0] ?? r.data.window.start,
      end_date: dates.at(-1) ?? r.data.window.end,
      income_sources_count: sources.length,
      income_categories_count: new Set(sources.map((s) => s.category)).size,
      income_transactions_count: sources.reduce((n, s) => n + s.transaction_count, 0),
      historical_summary:
        currency === null
          ? []
          : months.map((m) =>
              presentMonth(
                {
                  start_date: m.start,
                  end_date: m.end,
                  total: m.total,
                  transactions: m.transactions.map((t) => byId.get(t.id)!),
                },
                currency,
              ),
            ),
    },
    warnings: r.data.items.flatMap(presentWarning),
  };
}

/** /credit/bank_income/get response. */
export function presentBankIncome(reports: StoredReport[]): Reply<CreditBankIncomeGetResponse> {
  return { bank_income: reports.map(presentReport) } satisfies Reply<CreditBankIncomeGetResponse>;
}

/** The months a report covers (for the PDF's table). */
export function reportMonths(r: StoredReport): { start: string; end: string }[] {
  return monthsOf(r.data.window);
}
