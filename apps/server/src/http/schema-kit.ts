import { type TSchema, Type } from '@sinclair/typebox';
import { COUNTRY_CODES } from '../lib/countries';

/**
 * Building blocks for request schemas. Every Plaid request may carry `client_id`/`secret` in the
 * body (or in headers), so each body schema starts from `plaidBody`.
 */
export const ClientAuthFields = {
  client_id: Type.Optional(Type.String()),
  secret: Type.Optional(Type.String()),
};

/**
 * Bounds every request input has unless its schema declares its own (Plaid's documented maxima
 * where the spec gives them, such as `count` ≤ 500). They keep each value inside what both
 * databases can store and bind (PostgreSQL: int4 ids, int8 minor units, 65,535 bind parameters;
 * SQLite: 32,766 variables), so an oversized value is refused with INVALID_FIELD rather than
 * failing in a query.
 */
export const MAX_STRING_LENGTH = 4096;
export const MAX_ARRAY_ITEMS = 1000;
/** Members of a free-form object (a record). */
export const MAX_OBJECT_KEYS = 200;
/** Integers fit a 32-bit id column, the narrowest integer Weft stores a request value in. */
export const MAX_INTEGER = 2 ** 31 - 1;
/** Decimal amounts: a trillion, so minor units stay exact in a double and an int8. */
export const MAX_NUMBER = 1e12;
/** Nesting of a whole body, free-form fields included (checked as the body is parsed). */
export const MAX_JSON_DEPTH = 32;

/**
 * Gives, in place and at every depth, each string, array, number and free-form object of a request
 * schema the default bound it does not declare itself. Idempotent, so shared sub-schemas may be
 * visited more than once.
 */
export function bounded<T>(schema: T): T {
  if (typeof schema !== 'object' || schema === null) return schema;
  const node = schema as Record<string, unknown>;
  const setDefault = (key: string, value: number) => {
    if (node[key] === undefined) node[key] = value;
  };
  switch (node.type) {
    case 'string':
      setDefault('maxLength', MAX_STRING_LENGTH);
      break;
    case 'array':
      setDefault('maxItems', MAX_ARRAY_ITEMS);
      break;
    case 'integer':
      setDefault('minimum', -MAX_INTEGER - 1);
      setDefault('maximum', MAX_INTEGER);
      break;
    case 'number':
      setDefault('minimum', -MAX_NUMBER);
      setDefault('maximum', MAX_NUMBER);
      break;
    case 'object':
      if (node.patternProperties || typeof node.additionalProperties === 'object')
        setDefault('maxProperties', MAX_OBJECT_KEYS);
      break;
  }
  for (const key of ['properties', 'patternProperties'] as const)
    for (const child of Object.values((node[key] as Record<string, unknown> | undefined) ?? {}))
      bounded(child);
  for (const key of ['anyOf', 'oneOf', 'allOf'] as const)
    for (const child of (node[key] as unknown[] | undefined) ?? []) bounded(child);
  if (node.items && typeof node.items === 'object') bounded(node.items);
  if (typeof node.additionalProperties === 'object') bounded(node.additionalProperties);
  return schema;
}

/**
 * A Plaid request body: the auth fields plus the endpoint's own. As at Plaid, a field the endpoint
 * does not define, at any depth, is refused with UNKNOWN_FIELDS; so a body schema declares every
 * field Plaid's spec defines for the endpoint, even those Weft accepts and ignores (a test checks).
 * Every input in it is bounded (see `bounded`).
 */
export function plaidBody<P extends Record<string, TSchema>>(props: P) {
  return bounded(closed(Type.Object({ ...ClientAuthFields, ...props })));
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

/** Plaid's country codes (one list, shared with the connectors). */
export { COUNTRY_CODES };

/** One country code. */
export const CountryCode = Type.Union(COUNTRY_CODES.map((c) => Type.Literal(c)));

/** A list of account ids to filter by. */
export const AccountIdsOption = Type.Optional(Type.Array(Type.String()));
