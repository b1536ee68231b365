import type {
  SandboxItemFireWebhookResponse,
  SandboxItemResetLoginResponse,
  SandboxItemSetVerificationStatusResponse,
} from 'plaid';
import type { ItemsTable } from '../../db/tables/core';
import type { Reply } from '../../http/reply';

/** /sandbox/item/reset_login response. */
export function presentResetLogin() {
  return { reset_login: true } satisfies Reply<SandboxItemResetLoginResponse>;
}

/** /sandbox/item/fire_webhook response. */
export function presentFireWebhook() {
  return { webhook_fired: true } satisfies Reply<SandboxItemFireWebhookResponse>;
}

/** /sandbox/item/set_verification_status response. */
export function presentSetVerificationStatus() {
  return {} satisfies Reply<SandboxItemSetVerificationStatusResponse>;
}

/** /weft/sandbox/item/set_consent_expiration response. */
export function presentConsentExpiration(item: ItemsTable) {
  return { item_id: item.item_id, consent_expiration_time: item.consent_expiration_time };
}
