import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, CountryCode, NonEmpty, ProductName, plaidBody } from '../../http/schema-kit';

const AccountSubtypes = Type.Object({ account_subtypes: Type.Array(Type.String()) });

/** /link/token/create */
export const LinkTokenCreateBody = plaidBody({
  client_name: NonEmpty({ maxLength: 30 }),
  language: NonEmpty(),
  country_codes: Type.Array(CountryCode, { minItems: 1 }),
  user: Type.Object({
    client_user_id: NonEmpty(),
    legal_name: Type.Optional(Type.String()),
    phone_number: Type.Optional(Type.String()),
    email_address: Type.Optional(Type.String()),
  }),
  products: Type.Optional(Type.Array(ProductName)),
  required_if_supported_products: Type.Optional(Type.Array(ProductName)),
  optional_products: Type.Optional(Type.Array(ProductName)),
  additional_consented_products: Type.Optional(Type.Array(ProductName)),
  webhook: Type.Optional(Type.String()),
  access_token: Type.Optional(AccessTokenField),
  link_customization_name: Type.Optional(Type.String()),
  redirect_uri: Type.Optional(Type.String()),
  android_package_name: Type.Optional(Type.String()),
  institution_id: Type.Optional(Type.String()),
  account_filters: Type.Optional(
    Type.Object({
      depository: Type.Optional(AccountSubtypes),
      credit: Type.Optional(AccountSubtypes),
      loan: Type.Optional(AccountSubtypes),
      investment: Type.Optional(AccountSubtypes),
    }),
  ),
  update: Type.Optional(Type.Object({ account_selection_enabled: Type.Optional(Type.Boolean()) })),
  payment_initiation: Type.Optional(
    Type.Object({ payment_id: Type.Optional(Type.String()), consent_id: Type.Optional(Type.String()) }),
  ),
  transactions: Type.Optional(
    Type.Object({ days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })) }),
  ),
});
export type LinkTokenCreateBody = Static<typeof LinkTokenCreateBody>;

/** /link/token/get */
export const LinkTokenGetBody = plaidBody({ link_token: NonEmpty() });
export type LinkTokenGetBody = Static<typeof LinkTokenGetBody>;
