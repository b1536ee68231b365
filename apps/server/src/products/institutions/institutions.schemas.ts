import { type Static, type TSchema, Type } from '@sinclair/typebox';
import {
  CountryCode,
  NonEmpty,
  Opaque,
  Nullable as OrNull,
  ProductName,
  plaidBody,
} from '../../http/schema-kit';

/** An optional field that may also be null. */
const Nullable = <T extends TSchema>(t: T) => Type.Optional(OrNull(t));
const Countries = Type.Array(CountryCode);
const ProductList = Type.Optional(Type.Union([Type.Array(ProductName), Type.Null()]));

/** /institutions/get */
export const InstitutionsGetBody = plaidBody({
  count: Type.Integer({ minimum: 1, maximum: 500 }),
  offset: Type.Integer({ minimum: 0 }),
  country_codes: Countries,
  options: Type.Optional(
    Type.Object({
      products: ProductList,
      routing_numbers: Type.Optional(Type.Union([Type.Array(Type.String()), Type.Null()])),
      oauth: Nullable(Type.Boolean()),
      include_optional_metadata: Type.Optional(Type.Boolean()),
      include_auth_metadata: Type.Optional(Type.Boolean()),
      include_payment_initiation_metadata: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type InstitutionsGetBody = Static<typeof InstitutionsGetBody>;

/** /institutions/search */
export const InstitutionsSearchBody = plaidBody({
  query: NonEmpty(),
  products: ProductList,
  country_codes: Countries,
  options: Type.Optional(
    Type.Object({
      oauth: Nullable(Type.Boolean()),
      include_optional_metadata: Type.Optional(Type.Boolean()),
      include_auth_metadata: Nullable(Type.Boolean()),
      include_payment_initiation_metadata: Nullable(Type.Boolean()),
      payment_initiation: Nullable(Opaque()),
    }),
  ),
});
export type InstitutionsSearchBody = Static<typeof InstitutionsSearchBody>;

/** /institutions/get_by_id */
export const InstitutionsGetByIdBody = plaidBody({
  institution_id: NonEmpty(),
  country_codes: Countries,
  options: Type.Optional(
    Type.Object({
      include_optional_metadata: Type.Optional(Type.Boolean()),
      include_status: Type.Optional(Type.Boolean()),
      include_auth_metadata: Type.Optional(Type.Boolean()),
      include_payment_initiation_metadata: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type InstitutionsGetByIdBody = Static<typeof InstitutionsGetByIdBody>;
