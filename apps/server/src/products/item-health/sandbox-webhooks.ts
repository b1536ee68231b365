import { randomUUID } from 'node:crypto';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { errors, PlaidError } from '../../http/errors';
import type { FireWebhookCode, FireWebhookType } from './item-health.schemas';

/** A webhook to enqueue: type, code and body fields (the outbox adds type and code to the body). */
export interface SandboxWebhook {
  type: string;
  code: string;
  payload: Record<string, unknown>;
}

/** The type each code is fired with when the request names none. */
const DEFAULT_TYPE: Record<FireWebhookCode, FireWebhookType | null> = {
  DEFAULT_UPDATE: 'TRANSACTIONS',
  NEW_ACCOUNTS_AVAILABLE: 'ITEM',
  SMS_MICRODEPOSITS_VERIFICATION: 'AUTH',
  AUTHORIZATION_GRANTED: null,
  USER_PERMISSION_REVOKED: 'ITEM',
  USER_ACCOUNT_REVOKED: 'ITEM',
  PENDING_DISCONNECT: 'ITEM',
  RECURRING_TRANSACTIONS_UPDATE: 'TRANSACTIONS',
  LOGIN_REPAIRED: 'ITEM',
  SYNC_UPDATES_AVAILABLE: 'TRANSACTIONS',
  PRODUCT_READY: 'ASSETS',
  ERROR: 'ASSETS',
};

/** Types DEFAULT_UPDATE may be fired for, and the product each needs on the Item. */
const DEFAULT_UPDATE_PRODUCT: Partial<Record<FireWebhookType, string>> = {
  AUTH: 'auth',
  IDENTITY: 'identity',
  TRANSACTIONS: 'transactions',
  INVESTMENTS_TRANSACTIONS: 'investments',
  HOLDINGS: 'investments',
  LIABILITIES: 'liabilities',
};

const DAY_MS = 86_400_000;

/**
 * Builds the webhook /sandbox/item/fire_webhook sends, with the body Plaid documents for it, or
 * throws Plaid's error: SANDBOX_PRODUCT_NOT_ENABLED when the Item lacks the product, INVALID_FIELD
 * for a type the code cannot be fired with. Bodies carry no invented data: counts are zero and
 * lists are the Item's own accounts.
 */
export function sandboxWebhook(
  item: ItemsTable,
  accounts: AccountsTable[],
  code: FireWebhookCode,
  requestedType: FireWebhookType | undefined,
  now: Date,
): SandboxWebhook {
  const expected = DEFAULT_TYPE[code];
  if (!expected) throw errors.invalidField(`webhook_code ${code} cannot be fired for this item`);
  const type = requestedType ?? expected;
  if (code === 'DEFAULT_UPDATE' ? !DEFAULT_UPDATE_PRODUCT[type] : type !== expected)
    throw errors.invalidField(`webhook_type ${type} is not valid for webhook_code ${code}`);

  const products = new Set<string>([
    ...(JSON.parse(item.products) as string[]),
    ...(JSON.parse(item.consented_products) as string[]),
  ]);
  const need = (product: string, alternatives: string[] = []) => {
    if (!products.has(product) && !alternatives.some((p) => products.has(p)))
      throw new PlaidError(
        'SANDBOX_PRODUCT_NOT_ENABLED',
        `the ${product} product is not enabled on this item`,
      );
  };
  const base = { item_id: item.item_id };
  const firstAccount = accounts[0]?.account_id ?? null;

  switch (code) {
    case 'DEFAULT_UPDATE': {
      need(DEFAULT_UPDATE_PRODUCT[type]!);
      const body: Record<FireWebhookType, Record<string, unknown>> = {
        TRANSACTIONS: { new_transactions: 0 },
        INVESTMENTS_TRANSACTIONS: { new_investments_transactions: 0, cancelled_investments_transactions: 0 },
        HOLDINGS: { new_holdings: 0, updated_holdings: 0 },
        LIABILITIES: { account_ids_with_new_liabilities: [], account_ids_with_updated_liabilities: {} },
        AUTH: { account_ids_with_new_auth: [], account_ids_with_updated_auth: {} },
        IDENTITY: { account_ids_with_updated_identity: {} },
        ITEM: {},
        ASSETS: {},
      };
      return { type, code, payload: { ...base, error: null, ...body[type] } };
    }
    case 'NEW_ACCOUNTS_AVAILABLE':
      return { type, code, payload: { ...base, error: null } };
    case 'SMS_MICRODEPOSITS_VERIFICATION':
      need('auth');
      if (!firstAccount) throw errors.invalidField('the item has no accounts');
      return { type, code, payload: { ...base, account_id: firstAccount, status: 'MANUALLY_VERIFIED' } };
    case 'USER_PERMISSION_REVOKED':
      return {
        type,
        code,
        payload: { ...base, error: new PlaidError('USER_PERMISSION_REVOKED').toItemError() },
      };
    case 'USER_ACCOUNT_REVOKED':
      if (!firstAccount) throw errors.invalidField('the item has no accounts');
      return { type, code, payload: { ...base, account_id: firstAccount } };
    case 'PENDING_DISCONNECT':
      return {
        type,
        code,
        payload: {
          ...base,
          reason: 'INSTITUTION_MIGRATION',
          disconnect_time: new Date(now.getTime() + 7 * DAY_MS).toISOString(),
        },
      };
    case 'RECURRING_TRANSACTIONS_UPDATE':
      need('transactions', ['recurring_transactions']);
      return {
        type,
        code,
        payload: {
          ...base,
          account_ids: accounts
            .filter((a) => a.type === 'depository' || a.type === 'credit')
            .map((a) => a.account_id),
        },
      };
    case 'LOGIN_REPAIRED':
      return { type, code, payload: base };
    case 'SYNC_UPDATES_AVAILABLE':
      need('transactions');
      return {
        type,
        code,
        payload: { ...base, initial_update_complete: true, historical_update_complete: true },
      };
    case 'PRODUCT_READY':
      need('assets');
      return { type, code, payload: { asset_report_id: randomUUID(), report_type: 'FULL' } };
    case 'ERROR':
      need('assets');
      return {
        type,
        code,
        payload: {
          asset_report_id: randomUUID(),
          error: {
            display_message: null,
            error_code: 'PRODUCT_NOT_READY',
            error_message: 'the asset report could not be generated',
            error_type: 'ASSET_REPORT_ERROR',
            error_code_reason: null,
            suggested_action: null,
            status: 400,
          },
        },
      };
    default:
      throw errors.invalidField(`webhook_code ${code} cannot be fired for this item`);
  }
}
