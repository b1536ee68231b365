import { type Static, Type } from '@sinclair/typebox';
import { AccessTokenField, AccountIdsOption, NonEmpty, plaidBody } from '../../http/schema-kit';

const DateString = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' });
const PfcVersion = Type.Optional(Type.Union([Type.Literal('v1'), Type.Literal('v2')]));

/** /transactions/sync */
export const TransactionsSyncBody = plaidBody({
  access_token: AccessTokenField,
  cursor: Type.Optional(Type.String({ maxLength: 256 })),
  count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
  options: Type.Optional(
    Type.Object({
      include_original_description: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
      include_personal_finance_category: Type.Optional(Type.Boolean()),
      include_logo_and_counterparty_beta: Type.Optional(Type.Boolean()),
      personal_finance_category_version: PfcVersion,
      days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
      account_id: Type.Optional(Type.String()),
    }),
  ),
});
export type TransactionsSyncBody = Static<typeof TransactionsSyncBody>;

/** /transactions/get */
export const TransactionsGetBody = plaidBody({
  access_token: AccessTokenField,
  start_date: DateString,
  end_date: DateString,
  options: Type.Optional(
    Type.Object({
      account_ids: AccountIdsOption,
      count: Type.Optional(Type.Integer({ minimum: 1, maximum: 500, default: 100 })),
      offset: Type.Optional(Type.Integer({ minimum: 0, default: 0 })),
      include_original_description: Type.Optional(Type.Union([Type.Boolean(), Type.Null()])),
      include_personal_finance_category_beta: Type.Optional(Type.Boolean()),
      include_personal_finance_category: Type.Optional(Type.Boolean()),
      include_logo_and_counterparty_beta: Type.Optional(Type.Boolean()),
      personal_finance_category_version: PfcVersion,
      days_requested: Type.Optional(Type.Integer({ minimum: 1, maximum: 730 })),
    }),
  ),
});
export type TransactionsGetBody = Static<typeof TransactionsGetBody>;

/** /transactions/refresh */
export const TransactionsRefreshBody = plaidBody({ access_token: AccessTokenField });

/** /transactions/recurring/get */
export const RecurringGetBody = plaidBody({
  access_token: AccessTokenField,
  account_ids: AccountIdsOption,
  options: Type.Optional(
    Type.Object({
      include_personal_finance_category: Type.Optional(Type.Boolean()),
      personal_finance_category_version: PfcVersion,
    }),
  ),
});

const ClientTransaction = Type.Object({
  id: NonEmpty(),
  user_id: Type.Optional(Type.String()),
  client_user_id: Type.Optional(Type.String()),
  client_account_id: Type.Optional(Type.String()),
  account_type: Type.Optional(Type.String()),
  account_subtype: Type.Optional(Type.String()),
  description: NonEmpty(),
  amount: Type.Number({ minimum: 0 }),
  direction: Type.Union([Type.Literal('INFLOW'), Type.Literal('OUTFLOW')]),
  iso_currency_code: NonEmpty(),
  location: Type.Optional(
    Type.Object({
      country: Type.Optional(Type.String()),
      region: Type.Optional(Type.String()),
      city: Type.Optional(Type.String()),
      address: Type.Optional(Type.String()),
      postal_code: Type.Optional(Type.String()),
    }),
  ),
  mcc: Type.Optional(Type.String()),
  date_posted: Type.Optional(DateString),
});
export type ClientTransaction = Static<typeof ClientTransaction>;

/** /transactions/enrich */
export const TransactionsEnrichBody = plaidBody({
  account_type: Type.Union([Type.Literal('depository'), Type.Literal('credit')]),
  transactions: Type.Array(ClientTransaction, { minItems: 1, maxItems: 100 }),
  options: Type.Optional(
    Type.Object({
      include_legacy_category: Type.Optional(Type.Boolean()),
      personal_finance_category_version: PfcVersion,
    }),
  ),
});
export type TransactionsEnrichBody = Static<typeof TransactionsEnrichBody>;

/** /sandbox/transactions/create */
export const SandboxTransactionsCreateBody = plaidBody({
  access_token: AccessTokenField,
  transactions: Type.Array(
    Type.Object({
      date_transacted: DateString,
      date_posted: DateString,
      amount: Type.Number(),
      description: NonEmpty(),
      iso_currency_code: Type.Optional(Type.String()),
    }),
    { minItems: 1, maxItems: 10 },
  ),
});

/** /weft/transactions/explain (Weft extension): one descriptor; amount in Plaid's sign and decimals. */
export const ExplainBody = plaidBody({
  description: NonEmpty(),
  amount: Type.Number(),
  account_type: Type.Optional(Type.String()),
  mcc: Type.Optional(Type.String()),
});
