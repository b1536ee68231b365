import type {
  ItemGetResponse,
  ItemPublicTokenExchangeResponse,
  ItemWithConsentFields,
  Products,
} from 'plaid';
import { findInstitution } from '../../connectors/sandbox/institutions';
import type { ItemsTable } from '../../db/tables/core';
import type { Reply } from '../../http/reply';

/** The Item object as Plaid returns it. */
export function presentItem(item: ItemsTable) {
  const billed = JSON.parse(item.products) as Products[];
  return {
    item_id: item.item_id,
    institution_id: item.institution_id,
    institution_name: findInstitution(item.institution_id)?.name ?? null,
    webhook: item.webhook ?? '',
    auth_method: null,
    error: item.error ? JSON.parse(item.error) : null,
    available_products: JSON.parse(item.available_products) as Products[],
    billed_products: billed,
    products: billed,
    consented_products: JSON.parse(item.consented_products) as Products[],
    consent_expiration_time: item.consent_expiration_time,
    // The SDK declares this enum twice (Item and ItemWithConsentFields); the value fits both.
    update_type: item.update_type as never,
  } satisfies ItemWithConsentFields;
}

/** /item/get response. */
export function presentItemGet(item: ItemsTable, lastWebhook: { sent_at: string; code_sent: string } | null) {
  return {
    item: presentItem(item),
    status: {
      investments: null,
      transactions: null,
      last_webhook: lastWebhook,
    },
  } satisfies Reply<ItemGetResponse>;
}

/** /item/public_token/exchange response. */
export function presentExchange(r: { accessToken: string; itemId: string }) {
  return { access_token: r.accessToken, item_id: r.itemId } satisfies Reply<ItemPublicTokenExchangeResponse>;
}
