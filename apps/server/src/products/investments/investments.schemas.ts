import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, plaidBody } from '../../http/schema-kit';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });

/** /investments/holdings/get */
export const HoldingsGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type HoldingsGetBody = Static<typeof HoldingsGetBody>;

/** /investments/transactions/get */
export const InvestmentTransactionsGetBody = plaidBody({
  access_token: AccessTokenField,
  start_date: DateString,
  end_date: DateString,
  options: Type.Optional(
    Type.Object({
      account_ids: AccountIdsOption,
      count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      async_update: Type.Optional(Type.Boolean()),
    }),
  ),
});
export type InvestmentTransactionsGetBody = Static<typeof InvestmentTransactionsGetBody>;

/** /investments/auth/get */
export const InvestmentsAuthGetBody = plaidBody({
  access_token: AccessTokenField,
  options: Type.Optional(Type.Object({ account_ids: AccountIdsOption })),
});
export type InvestmentsAuthGetBody = Static<typeof InvestmentsAuthGetBody>;

/** /investments/refresh */
export const InvestmentsRefreshBody = plaidBody({ access_token: AccessTokenField });
