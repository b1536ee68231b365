import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, plaidBody } from '../../http/schema-kit';

const NullableString = Type.Optional(Type.Union([Type.String(), Type.Null()]));

/** /identity/get */
export const IdentityGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type IdentityGetBody = Static<typeof IdentityGetBody>;

/** Plaid's IdentityMatchUser: every field optional and nullable. */
export const IdentityMatchUser = Type.Object({
  legal_name: NullableString,
  phone_number: NullableString,
  email_address: NullableString,
  address: Type.Optional(
    Type.Union([
      Type.Object({
        street: NullableString,
        city: NullableString,
        region: NullableString,
        postal_code: NullableString,
        country: NullableString,
      }),
      Type.Null(),
    ]),
  ),
});

/** /identity/match */
export const IdentityMatchBody = plaidBody({
  access_token: AccessTokenField,
  user: Type.Optional(IdentityMatchUser),
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type IdentityMatchBody = Static<typeof IdentityMatchBody>;
