import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, NonEmpty, plaidBody } from '../../http/schema-kit';

/** POST /weft/webhooks/list: an Item's webhook deliveries, newest first. */
export const WebhookListBody = plaidBody({
  access_token: AccessTokenField,
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
  /** Return deliveries older than this delivery id (paging). */
  before: Type.Optional(NonEmpty()),
});
export type WebhookListBody = Static<typeof WebhookListBody>;

/** POST /weft/webhooks/replay: send one delivery's body again, as a new delivery. */
export const WebhookReplayBody = plaidBody({
  access_token: AccessTokenField,
  delivery_id: NonEmpty(),
});
export type WebhookReplayBody = Static<typeof WebhookReplayBody>;
