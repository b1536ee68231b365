import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, NonEmpty, plaidBody } from '../../http/schema-kit';

/** /sandbox/item/reset_login */
export const ResetLoginBody = plaidBody({ access_token: AccessTokenField });
export type ResetLoginBody = Static<typeof ResetLoginBody>;

/** Webhook codes /sandbox/item/fire_webhook accepts (Plaid's SandboxItemFireWebhookRequest enum). */
export const FIRE_WEBHOOK_CODES = [
  'DEFAULT_UPDATE',
  'NEW_ACCOUNTS_AVAILABLE',
  'SMS_MICRODEPOSITS_VERIFICATION',
  'AUTHORIZATION_GRANTED',
  'USER_PERMISSION_REVOKED',
  'USER_ACCOUNT_REVOKED',
  'PENDING_DISCONNECT',
  'RECURRING_TRANSACTIONS_UPDATE',
  'LOGIN_REPAIRED',
  'SYNC_UPDATES_AVAILABLE',
  'PRODUCT_READY',
  'ERROR',
] as const;
export type FireWebhookCode = (typeof FIRE_WEBHOOK_CODES)[number];

/** Webhook types: Plaid's WebhookType enum, plus IDENTITY, which its docs list for DEFAULT_UPDATE. */
export const FIRE_WEBHOOK_TYPES = [
  'AUTH',
  'HOLDINGS',
  'INVESTMENTS_TRANSACTIONS',
  'ITEM',
  'LIABILITIES',
  'TRANSACTIONS',
  'ASSETS',
  'IDENTITY',
] as const;
export type FireWebhookType = (typeof FIRE_WEBHOOK_TYPES)[number];

/** /sandbox/item/fire_webhook */
export const FireWebhookBody = plaidBody({
  access_token: AccessTokenField,
  webhook_type: Type.Optional(Type.Union(FIRE_WEBHOOK_TYPES.map((t) => Type.Literal(t)))),
  webhook_code: Type.Union(FIRE_WEBHOOK_CODES.map((c) => Type.Literal(c))),
});
export type FireWebhookBody = Static<typeof FireWebhookBody>;

/** /sandbox/item/set_verification_status */
export const SetVerificationStatusBody = plaidBody({
  access_token: AccessTokenField,
  account_id: NonEmpty(),
  verification_status: Type.Union([
    Type.Literal('automatically_verified'),
    Type.Literal('verification_expired'),
  ]),
});
export type SetVerificationStatusBody = Static<typeof SetVerificationStatusBody>;

/** /weft/sandbox/item/set_consent_expiration (Weft extension): move an Item's consent expiry. */
export const SetConsentExpirationBody = plaidBody({
  access_token: AccessTokenField,
  consent_expiration_time: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});
export type SetConsentExpirationBody = Static<typeof SetConsentExpirationBody>;
