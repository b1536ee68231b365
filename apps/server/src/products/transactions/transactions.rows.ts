import { createHash } from 'node:crypto';
import type { SourceLocation } from '../../connectors/source-data';
import type { TransactionsTable } from '../../db/tables/transactions';
import { EnrichEngine, type Enrichment } from '../../engines/enrich/enrich';

/** One engine for the process: its tables are compiled once. */
export const enrichEngine = new EnrichEngine();

const NULL_LOCATION: SourceLocation = {
  address: null,
  city: null,
  region: null,
  postal_code: null,
  country: null,
  lat: null,
  lon: null,
  store_number: null,
};

const NULL_PAYMENT_META = JSON.stringify({
  by_order_of: null,
  payee: null,
  payer: null,
  payment_method: null,
  payment_processor: null,
  ppd_id: null,
  reason: null,
  reference_number: null,
});

/** The id of an event's pending or posted transaction: stable for the Item and event. */
export function transactionId(itemId: string, eventKey: string, status: 'pending' | 'posted'): string {
  // One SHA-512 per id (ids are minted by the thousand when an Item is created).
  const digest = createHash('sha512').update(`${itemId}|${eventKey}|${status}`).digest();
  let out = '';
  for (let i = 0; i < 37; i++) out += ALPHABET[digest[i]! % 62];
  return out;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Counterparties as stored (Plaid's TransactionCounterparty shape). */
export function counterpartiesJson(e: Enrichment): string {
  return JSON.stringify(
    e.counterparties.map((c) => ({
      name: c.name,
      type: c.type,
      website: c.website,
      logo_url: null,
      entity_id: c.entityId,
      confidence_level: c.confidence,
    })),
  );
}

/** What a row needs beyond the descriptor: where it sits and when. */
export interface RowInput {
  itemId: string;
  accountId: string;
  accountType: string;
  currency: string;
  transactionId: string;
  eventKey: string | null;
  description: string;
  amount: number;
  pending: boolean;
  pendingTransactionId: string | null;
  /** Posted date (or, when pending, the authorization date). */
  date: string;
  authorizedDate: string | null;
  /** Minutes after midnight UTC of the authorization, when known. */
  minute: number | null;
  location: SourceLocation | null;
  mcc: string | null;
  series: string | null;
  version: number;
  addedVersion: number;
  now: string;
}

function at(date: string, minute: number): string {
  const hh = String(Math.floor(minute / 60)).padStart(2, '0');
  const mm = String(minute % 60).padStart(2, '0');
  return `${date}T${hh}:${mm}:00Z`;
}

/** Builds a stored transaction, enriched by the engine. */
export function buildRow(r: RowInput): TransactionsTable {
  const e = enrichEngine.enrich({
    description: r.description,
    amount: r.amount,
    accountType: r.accountType,
    mcc: r.mcc,
  });
  const checkNumber = /^CHECK (\d+)/.exec(r.description)?.[1] ?? null;
  return {
    transaction_id: r.transactionId,
    item_id: r.itemId,
    account_id: r.accountId,
    event_key: r.eventKey,
    version: r.version,
    added_version: r.addedVersion,
    removed: 0,
    amount: r.amount,
    iso_currency_code: r.currency,
    date: r.date,
    authorized_date: r.authorizedDate,
    datetime: !r.pending && r.minute !== null ? at(r.date, r.minute) : null,
    authorized_datetime: r.authorizedDate && r.minute !== null ? at(r.authorizedDate, r.minute) : null,
    name: r.description,
    merchant_name: e.merchantName,
    merchant_entity_id: e.entityId,
    website: e.website,
    payment_channel: e.paymentChannel,
    pending: r.pending ? 1 : 0,
    pending_transaction_id: r.pendingTransactionId,
    pfc_primary: e.category.primary,
    pfc_detailed: e.category.detailed,
    pfc_confidence: e.category.confidence,
    counterparties: counterpartiesJson(e),
    location: JSON.stringify(r.location ?? NULL_LOCATION),
    payment_meta: NULL_PAYMENT_META,
    merchant_category_code: r.mcc,
    check_number: checkNumber,
    series: r.series,
    created_at: r.now,
    updated_at: r.now,
  };
}
