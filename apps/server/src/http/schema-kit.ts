import { type TSchema, Type } from '@sinclair/typebox';

/**
 * Building blocks for request schemas. Every Plaid request may carry `client_id`/`secret` in the
 * body (or in headers), so each body schema starts from `plaidBody`.
 */
export const ClientAuthFields = {
  client_id: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String()),
};

/**
 * A Plaid request body: the auth fields plus the endpoint's own. As at Plaid, a field the endpoint
 * does not define, at any depth, is refused with UNKNOWN_FIELDS; so a body schema declares every
 * field Plaid's spec defines for the endpoint, even those Weft accepts and ignores (a test checks).
 */
export function plaidBody<P extends Record<string, TSchema>>(props: P) {
  return closed(Type.Object({ ...ClientAuthFields, ...props }));
}

/** Marks every object schema with declared properties, at any depth, as admitting no others. */
function closed<T extends TSchema>(schema: T): T {
  const node = schema as Record<string, unknown>;
  if (node.type === 'object' && node.properties && node.additionalProperties === undefined)
    node.additionalProperties = false;
  for (const key of ['properties', 'patternProperties'] as const)
    for (const child of Object.values((node[key] as Record<string, TSchema> | undefined) ?? {}))
      closed(child);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const child of (node[key] as TSchema[] | undefined) ?? []) closed(child);
  if (node.items && typeof node.items === 'object') closed(node.items as TSchema);
  return schema;
}

/** An object whose members Weft accepts without reading them (options of products it does not offer). */
export const Opaque = () => Type.Record(Type.String(), Type.Unknown());

/** A schema that also admits null, as the spec's `nullable: true`. */
export const Nullable = <T extends TSchema>(schema: T) => Type.Union([schema, Type.Null()]);

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
