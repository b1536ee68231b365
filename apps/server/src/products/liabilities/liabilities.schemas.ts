import type { Static } from '@sinclair/typebox';
import { Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, plaidBody } from '../../http/schema-kit';

/** /liabilities/get */
export const LiabilitiesGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type LiabilitiesGetBody = Static<typeof LiabilitiesGetBody>;
