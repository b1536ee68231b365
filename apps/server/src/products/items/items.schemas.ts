import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, NonEmpty, plaidBody } from '../../http/schema-kit';

/** /item/public_token/exchange */
export const ExchangeBody = plaidBody({ public_token: NonEmpty() });
export type ExchangeBody = Static<typeof ExchangeBody>;

/** /item/get, /item/access_token/invalidate */
export const AccessTokenBody = plaidBody({ access_token: AccessTokenField });
export type AccessTokenBody = Static<typeof AccessTokenBody>;

/** /item/remove */
export const ItemRemoveBody = plaidBody({
  access_token: AccessTokenField,
  reason_code: Type.Optional(Type.Union([Type.String(), Type.Null()])),
  reason_note: Type.Optional(Type.Union([Type.String({ maxLength: 512 }), Type.Null()])),
});

/** /item/webhook/update */
export const WebhookUpdateBody = plaidBody({
  access_token: AccessTokenField,
  webhook: Type.Optional(Type.Union([Type.String(), Type.Null()])),
});
export type WebhookUpdateBody = Static<typeof WebhookUpdateBody>;
