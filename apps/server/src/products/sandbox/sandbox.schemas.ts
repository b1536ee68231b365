import { type Static, Type } from '@sinclair/typebox';
import { NonEmpty, Nullable, Opaque, ProductName, plaidBody } from '../../http/schema-kit';
import { StatementsOptions } from '../statements/statements.schemas';

/** /sandbox/public_token/create */
export const SandboxPublicTokenCreateBody = plaidBody({
  institution_id: NonEmpty(),
  initial_products: Type.Array(ProductName),
  options: Type.Optional(
    Type.Object({
      webhook: Type.Optional(Type.String()),
      override_username: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      override_password: Type.Optional(Type.Union([Type.String(), Type.Null()])),
      transactions: Type.Optional(
        Nullable(
          Type.Object({
            start_date: Type.Optional(Type.String({ format: 'date' })),
            end_date: Type.Optional(Type.String({ format: 'date' })),
            days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
          }),
        ),
      ),
      statements: Type.Optional(Nullable(StatementsOptions)),
      income_verification: Type.Optional(Opaque()),
    }),
  ),
  user_token: Type.Optional(Type.String()),
  user_id: Type.Optional(Type.String()),
});
export type SandboxPublicTokenCreateBody = Static<typeof SandboxPublicTokenCreateBody>;
