import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, plaidBody } from '../../http/schema-kit';

/**
 * A nullable string with a length cap: matching compares strings pairwise, so unbounded input
 * would let one request burn seconds of CPU.
 */
const NullableString = (maxLength: number) =>
  Type.Optional(Type.Union([Type.String({ maxLength }), Type.Null()]));

/** /identity/get */
export const IdentityGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type IdentityGetBody = Static<typeof IdentityGetBody>;

/** Plaid's IdentityMatchUser: every field optional and nullable. */
export const IdentityMatchUser = Type.Object({
  legal_name: NullableString(300),
  phone_number: NullableString(64),
  email_address: NullableString(320),
  address: Type.Optional(
    Type.Union([
      Type.Object({
        street: NullableString(300),
        city: NullableString(120),
        region: NullableString(120),
        postal_code: NullableString(32),
        country: NullableString(8),
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
