import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { NonEmpty, Opaque, plaidBody } from '../../http/schema-kit';

/** /user/create */
export const UserCreateBody = plaidBody({
  client_user_id: NonEmpty({ maxLength: 128 }),
  identity: Type.Optional(Opaque()),
  end_customer: Type.Optional(Type.String({ maxLength: 128 })),
  consumer_report_user_identity: Type.Optional(Opaque()),
  with_upgraded_user: Type.Optional(Type.Boolean()),
});
export type UserCreateBody = Static<typeof UserCreateBody>;

/** /user/get */
export const UserGetBody = plaidBody({ user_id: NonEmpty() });
export type UserGetBody = Static<typeof UserGetBody>;

/** /user/remove */
export const UserRemoveBody = plaidBody({
  user_id: Type.Optional(NonEmpty()),
  user_token: Type.Optional(NonEmpty()),
});
export type UserRemoveBody = Static<typeof UserRemoveBody>;
