import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, plaidBody } from '../../http/schema-kit';

/** /accounts/get */
export const AccountsGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type AccountsGetBody = Static<typeof AccountsGetBody>;

/** /accounts/balance/get */
export const BalanceGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(
    Type.Object({ account_ids: AccountIdsOption, min_last_updated_datetime: Type.Optional(Type.String()) }),
  ),
});
export type BalanceGetBody = Static<typeof BalanceGetBody>;
