import type {
  ClientProvidedEnrichedTransaction,
  Location,
  PaymentMeta,
  PersonalFinanceCategory,
  RemovedTransaction,
  Transaction,
  TransactionCounterparty,
  TransactionStream,
  TransactionsEnrichResponse,
  TransactionsGetResponse,
  TransactionsRecurringGetResponse,
  TransactionsSyncResponse,
} from 'plaid';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsTable } from '../../db/tables/transactions';
import type { Enrichment } from '../../engines/enrich/enrich';
import { EnrichEngine } from '../../engines/enrich/enrich';
import { PRIMARY_OF, toV1 } from '../../engines/enrich/taxonomy';
import type { Stream } from '../../engines/recurring/recurring';
import type { Reply } from '../../http/reply';
import { seededId } from '../../lib/ids';
import { toDecimal } from '../../lib/money';
import { presentAccount } from '../accounts/accounts.presenter';
import { presentItem } from '../items/items.presenter';
import type { ClientTransaction } from './transactions.schemas';
import type { SyncPage } from './transactions.service';

/** How a response should render categories and descriptions. */
export interface RenderOptions {
  version: 'v1' | 'v2';
  includeOriginalDescription: boolean;
}

/**
 * Parses stored JSON columns, sharing results between rows: locations, counterparties and payment
 * metadata repeat across thousands of rows, and presenters never mutate what they return.
 */
const parsed = new Map<string, unknown>();
function parseShared<T>(json: string): T {
  let v = parsed.get(json);
  if (v === undefined) {
    if (parsed.size > 10_000) parsed.clear();
    v = JSON.parse(json);
    parsed.set(json, v);
  }
  return v as T;
}

function iconUrl(primary: string): string {
  return `https://plaid-category-icons.plaid.com/PFC_${primary}.png`;
}

function category(
  detailed: string,
  confidence: string,
  amount: number,
  version: 'v1' | 'v2',
): PersonalFinanceCategory {
  const c =
    version === 'v1'
      ? toV1(detailed, amount >= 0)
      : { primary: PRIMARY_OF.get(detailed) ?? 'OTHER', detailed };
  return {
    primary: c.primary,
    detailed: c.detailed,
    confidence_level: confidence,
    version: version as PersonalFinanceCategory['version'],
  };
}

/** One stored transaction as Plaid returns it. */
export function presentTransaction(t: TransactionsTable, o: RenderOptions): Transaction {
  const pfc = category(t.pfc_detailed, t.pfc_confidence, t.amount, o.version);
  return {
    account_id: t.account_id,
    account_owner: null,
    amount: toDecimal(t.amount, t.iso_currency_code),
    iso_currency_code: t.iso_currency_code,
    unofficial_currency_code: null,
    check_number: t.check_number,
    date: t.date,
    datetime: t.datetime,
    authorized_date: t.authorized_date,
    authorized_datetime: t.authorized_datetime,
    location: parseShared<Location>(t.location),
    name: t.name,
    merchant_name: t.merchant_name,
    merchant_entity_id: t.merchant_entity_id,
    logo_url: null,
    website: t.website,
    original_description: o.includeOriginalDescription ? t.name : null,
    payment_meta: parseShared<PaymentMeta>(t.payment_meta),
    payment_channel: t.payment_channel as Transaction['payment_channel'],
    pending: t.pending === 1,
    pending_transaction_id: t.pending_transaction_id,
    transaction_id: t.transaction_id,
    transaction_code: null,
    personal_finance_category: pfc,
    personal_finance_category_icon_url: iconUrl(pfc.primary),
    counterparties: parseShared<TransactionCounterparty[]>(t.counterparties),
  } satisfies Transaction;
}

/** /transactions/sync response. */
export function presentSync(p: SyncPage, o: RenderOptions) {
  return {
    transactions_update_status: p.status as TransactionsSyncResponse['transactions_update_status'],
    accounts: p.accounts.map((a) => presentAccount(a)),
    added: p.added.map((t) => presentTransaction(t, o)),
    modified: p.modified.map((t) => presentTransaction(t, o)),
    removed: p.removed.map(
      (t) => ({ transaction_id: t.transaction_id, account_id: t.account_id }) satisfies RemovedTransaction,
    ),
    next_cursor: p.nextCursor,
    has_more: p.hasMore,
  } satisfies Reply<TransactionsSyncResponse>;
}

/** /transactions/get response. */
export function presentGet(
  r: { item: ItemsTable; accounts: AccountsTable[]; transactions: TransactionsTable[]; total: number },
  o: RenderOptions,
) {
  return {
    accounts: r.accounts.map((a) => presentAccount(a)),
    transactions: r.transactions.map((t) => presentTransaction(t, o)),
    total_transactions: r.total,
    item: presentItem(r.item),
  } satisfies Reply<TransactionsGetResponse>;
}

function presentStream(itemId: string, s: Stream, currency: string, version: 'v1' | 'v2'): TransactionStream {
  const amount = (minor: number) => ({
    amount: toDecimal(minor, currency),
    iso_currency_code: currency,
    unofficial_currency_code: null,
  });
  return {
    account_id: s.accountId,
    stream_id: seededId(`${itemId}|stream|${s.key}`),
    category: null,
    category_id: null,
    description: s.description,
    merchant_name: s.merchantName,
    first_date: s.firstDate,
    last_date: s.lastDate,
    predicted_next_date: s.predictedNextDate,
    frequency: s.frequency as TransactionStream['frequency'],
    transaction_ids: s.transactionIds,
    average_amount: amount(s.averageAmount),
    last_amount: amount(s.lastAmount),
    is_active: s.status !== 'TOMBSTONED',
    status: s.status as TransactionStream['status'],
    personal_finance_category: s.category
      ? category(s.category.detailed, 'HIGH', s.direction === 'outflow' ? 1 : -1, version)
      : null,
    is_user_modified: false,
  } satisfies TransactionStream;
}

/** /transactions/recurring/get response. */
export function presentRecurring(
  itemId: string,
  streams: Stream[],
  currencyOf: (accountId: string) => string,
  updatedAt: string,
  version: 'v1' | 'v2',
) {
  const out = (dir: Stream['direction']) =>
    streams
      .filter((s) => s.direction === dir)
      .map((s) => presentStream(itemId, s, currencyOf(s.accountId), version));
  return {
    inflow_streams: out('inflow'),
    outflow_streams: out('outflow'),
    updated_datetime: updatedAt,
    personal_finance_category_version:
      version as TransactionsRecurringGetResponse['personal_finance_category_version'],
  } satisfies Reply<TransactionsRecurringGetResponse>;
}

/** /transactions/enrich response: the request's transactions with the engine's enrichments. */
export function presentEnriched(
  accountType: string,
  items: { input: ClientTransaction; enrichment: Enrichment }[],
  opts: { version: 'v1' | 'v2'; legacy: boolean },
) {
  return {
    enriched_transactions: items.map(({ input, enrichment: e }) => {
      const c = EnrichEngine.category(e, opts.version, input.direction === 'OUTFLOW');
      return {
        id: input.id,
        ...(input.client_user_id !== undefined ? { client_user_id: input.client_user_id } : {}),
        ...(input.client_account_id !== undefined ? { client_account_id: input.client_account_id } : {}),
        account_type: input.account_type ?? accountType,
        ...(input.account_subtype !== undefined ? { account_subtype: input.account_subtype } : {}),
        description: input.description,
        amount: input.amount,
        direction: input.direction as ClientProvidedEnrichedTransaction['direction'],
        iso_currency_code: input.iso_currency_code,
        enrichments: {
          check_number: null,
          counterparties: e.counterparties.map((cp) => ({
            name: cp.name,
            type: cp.type as TransactionCounterparty['type'],
            website: cp.website,
            logo_url: null,
            entity_id: cp.entityId,
            confidence_level: cp.confidence,
            phone_number: null,
          })),
          entity_id: e.entityId,
          ...(opts.legacy ? { legacy_category: null, legacy_category_id: null } : {}),
          location: {
            address: input.location?.address ?? null,
            city: input.location?.city ?? null,
            region: input.location?.region ?? null,
            postal_code: input.location?.postal_code ?? null,
            country: input.location?.country ?? null,
            lat: null,
            lon: null,
            store_number: null,
          },
          logo_url: null,
          merchant_name: e.merchantName,
          payment_channel:
            e.paymentChannel as ClientProvidedEnrichedTransaction['enrichments']['payment_channel'],
          phone_number: null,
          personal_finance_category: {
            primary: c.primary,
            detailed: c.detailed,
            confidence_level: e.category.confidence,
            version: opts.version as PersonalFinanceCategory['version'],
          },
          personal_finance_category_icon_url: iconUrl(c.primary),
          website: e.website,
        },
      } satisfies ClientProvidedEnrichedTransaction;
    }),
  } satisfies Reply<TransactionsEnrichResponse>;
}
