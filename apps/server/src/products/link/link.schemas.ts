import { type Static, Type } from '@sinclair/typebox';
import {
  AccessTokenField,
  CountryCode,
  NonEmpty,
  Nullable,
  Opaque,
  ProductName,
  plaidBody,
} from '../../http/schema-kit';
import { StatementsOptions } from '../statements/statements.schemas';

const AccountSubtypes = Type.Object({ account_subtypes: Type.Array(Type.String()) });

/** Options of products Weft's Link does not offer: accepted as objects, not read. */
const IGNORED_PRODUCT_OPTIONS = [
  'institution_data',
  'card_switch',
  'eu_config',
  'payment_configuration',
  'employment',
  'income_verification',
  'base_report',
  'credit_partner_insights',
  'cra_options',
  'auth',
  'transfer',
  'identity_verification',
  'investments',
  'investments_auth',
  'hosted_link',
  'cashflow_report',
  'identity',
] as const;

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
    name: Type.Optional(Opaque()),
    phone_number_verified_time: Type.Optional(Nullable(Type.String())),
    email_address_verified_time: Type.Optional(Nullable(Type.String())),
    ssn: Type.Optional(Type.String()),
    date_of_birth: Type.Optional(Nullable(Type.String())),
    address: Type.Optional(Nullable(Opaque())),
    id_number: Type.Optional(Nullable(Opaque())),
  }),
  user_id: Type.Optional(Type.String()),
  user_token: Type.Optional(Type.String()),
  third_party_user_token: Type.Optional(Type.String()),
  access_tokens: Type.Optional(Type.Array(Type.String())),
  appearance_mode: Type.Optional(
    Nullable(Type.Union([Type.Literal('LIGHT'), Type.Literal('DARK'), Type.Literal('SYSTEM')])),
  ),
  consumer_report_permissible_purpose: Type.Optional(Type.String()),
  cra_enabled: Type.Optional(Type.Boolean()),
  financekit_supported: Type.Optional(Type.Boolean()),
  enable_multi_item_link: Type.Optional(Type.Boolean()),
  ...Object.fromEntries(IGNORED_PRODUCT_OPTIONS.map((k) => [k, Type.Optional(Opaque())])),
  products: Type.Optional(Nullable(Type.Array(ProductName))),
  required_if_supported_products: Type.Optional(Nullable(Type.Array(ProductName))),
  optional_products: Type.Optional(Nullable(Type.Array(ProductName))),
  additional_consented_products: Type.Optional(Nullable(Type.Array(ProductName))),
  webhook: Type.Optional(Type.String()),
  access_token: Type.Optional(Nullable(AccessTokenField)),
  link_customization_name: Type.Optional(Type.String()),
  redirect_uri: Type.Optional(Type.String()),
  android_package_name: Type.Optional(Type.String()),
  institution_id: Type.Optional(Type.String()),
  account_filters: Type.Optional(
    Type.Object({
      depository: Type.Optional(
        Type.Object({
          account_subtypes: Type.Array(Type.String()),
          limited_purpose_types: Type.Optional(Type.Array(Type.String())),
        }),
      ),
      credit: Type.Optional(AccountSubtypes),
      loan: Type.Optional(AccountSubtypes),
      investment: Type.Optional(AccountSubtypes),
      other: Type.Optional(AccountSubtypes),
    }),
  ),
  update: Type.Optional(
    Type.Object({
      account_selection_enabled: Type.Optional(Type.Boolean()),
      reauthorization_enabled: Type.Optional(Type.Boolean()),
      user: Type.Optional(Type.Boolean()),
      item_ids: Type.Optional(Nullable(Type.Array(Type.String()))),
    }),
  ),
  payment_initiation: Type.Optional(
    Type.Object({ payment_id: Type.Optional(Type.String()), consent_id: Type.Optional(Type.String()) }),
  ),
  transactions: Type.Optional(
    Type.Object({ days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })) }),
  ),
  statements: Type.Optional(Nullable(StatementsOptions)),
});
export type LinkTokenCreateBody = Static<typeof LinkTokenCreateBody>;

/** /link/token/get */
export const LinkTokenGetBody = plaidBody({ link_token: NonEmpty() });
export type LinkTokenGetBody = Static<typeof LinkTokenGetBody>;
