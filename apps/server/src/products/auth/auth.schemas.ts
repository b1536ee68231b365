import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, plaidBody } from '../../http/schema-kit';

/** /auth/get */
export const AuthGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type AuthGetBody = Static<typeof AuthGetBody>;
