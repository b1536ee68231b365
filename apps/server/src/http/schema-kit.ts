import { type TSchema, Type } from '@sinclair/typebox';

/**
 * Building blocks for request schemas. Every Plaid request may carry `client_id`/`secret` in the
 * body (or in headers), so each body schema starts from `plaidBody`.
 */
export const ClientAuthFields = {
  client_id: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String()),
};

/** A Plaid request body: the auth fields plus the endpoint's own. Unknown fields are tolerated. */
export function plaidBody<P extends Record<string, TSchema>>(props: P) {
  return Type.Object({ ...ClientAuthFields, ...props });
}

/** A required, non-empty string. */
export const NonEmpty = (opts: { maxLength?: number } = {}) => Type.String({ minLength: 1, ...opts });

/** An access token field. */
export const AccessTokenField = NonEmpty();

/** Plaid's product names, as the spec enumerates them. */
export const PRODUCT_NAMES = [
  'assets',
  'auth',
  'balance',
  'balance_plus',
  'beacon',
  'identity',
  'identity_match',
  'investments',
  'investments_auth',
  'liabilities',
  'payment_initiation',
  'identity_verification',
  'transactions',
  'credit_details',
  'income',
  'income_verification',
  'standing_orders',
  'transfer',
  'employment',
  'recurring_transactions',
  'transactions_refresh',
  'signal',
  'statements',
  'processor_payments',
  'processor_identity',
  'profile',
  'cra_base_report',
  'cra_income_insights',
  'cra_partner_insights',
  'cra_network_insights',
  'cra_cashflow_insights',
  'cra_monitoring',
  'cra_lend_score',
  'cra_plaid_credit_score',
  'layer',
  'pay_by_bank',
  'protect_linked_bank',
  'protect_transactions',
] as const;

/** One product name. */
export const ProductName = Type.Union(PRODUCT_NAMES.map((p) => Type.Literal(p)));

/** Plaid's country codes. */
export const COUNTRY_CODES = [
  'US',
  'GB',
  'ES',
  'NL',
  'FR',
  'IE',
  'CA',
  'DE',
  'IT',
  'PL',
  'DK',
  'NO',
  'SE',
  'EE',
  'LT',
  'LV',
  'PT',
  'BE',
  'AT',
  'FI',
] as const;

/** One country code. */
export const CountryCode = Type.Union(COUNTRY_CODES.map((c) => Type.Literal(c)));

/** A list of account ids to filter by. */
export const AccountIdsOption = Type.Optional(Type.Array(Type.String()));
