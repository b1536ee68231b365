import type { ItemGetResponse, ItemPublicTokenExchangeResponse, ItemWithConsentFields } from 'plaid';
import { findInstitution } from '../../connectors/institutions';
import type { ItemsTable } from '../../db/tables/core';
import type { Reply } from '../../http/reply';
import { servedOnly } from '../served-products';
import type { ItemStatusView } from './item-status.service';

/** The Item object as Plaid returns it. */
export function presentItem(item: ItemsTable) {
  // Filtered again here: Items stored before a product left the served table must not offer it.
  const billed = servedOnly(JSON.parse(item.products) as string[]);
  return {
    item_id: item.item_id,
    institution_id: item.institution_id,
    institution_name: findInstitution(item.institution_id)?.name ?? null,
    webhook: item.webhook ?? '',
    auth_method: null,
    error: item.error ? JSON.parse(item.error) : null,
    available_products: servedOnly(JSON.parse(item.available_products) as string[]),
    billed_products: billed,
    products: billed,
    consented_products: servedOnly(JSON.parse(item.consented_products) as string[]),
    consent_expiration_time: item.consent_expiration_time,
    // The SDK declares this enum twice (Item and ItemWithConsentFields); the value fits both.
    update_type: item.update_type as never,
  } satisfies ItemWithConsentFields;
}

/** /item/get response: null for a product Weft does not update for the Item. */
export function presentItemGet(item: ItemsTable, status: ItemStatusView) {
  return {
    item: presentItem(item),
    status: {
      investments: status.investments
        ? {
            last_successful_update: status.investments.last_successful_update,
            last_failed_update: status.investments.last_failed_update,
          }
        : null,
      transactions: status.transactions
        ? {
            last_successful_update: status.transactions.last_successful_update,
            last_failed_update: status.transactions.last_failed_update,
          }
        : null,
      last_webhook: status.last_webhook
        ? { sent_at: status.last_webhook.sent_at, code_sent: status.last_webhook.code_sent }
        : null,
    },
  } satisfies Reply<ItemGetResponse>;
}

/** /item/public_token/exchange response. */
export function presentExchange(r: { accessToken: string; itemId: string }) {
  return { access_token: r.accessToken, item_id: r.itemId } satisfies Reply<ItemPublicTokenExchangeResponse>;
}
