import type { AccountBase, AccountsGetResponse } from 'plaid';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { Reply } from '../../http/reply';
import { presentItem } from '../items/items.presenter';

/** Minor units to Plaid's decimal amounts. */
export function toMajor(minor: number | null): number | null {
  return minor === null ? null : minor / 100;
}

/** One account as Plaid returns it. */
export function presentAccount(a: AccountsTable, withLastUpdated = false): AccountBase {
  return {
    account_id: a.account_id,
    balances: {
      available: toMajor(a.balance_available),
      current: toMajor(a.balance_current),
      limit: toMajor(a.balance_limit),
      iso_currency_code: a.iso_currency_code,
      unofficial_currency_code: null,
      ...(withLastUpdated ? { last_updated_datetime: a.updated_at } : {}),
    },
    mask: a.mask,
    name: a.name,
    official_name: a.official_name,
    type: a.type as AccountBase['type'],
    subtype: a.subtype as AccountBase['subtype'],
    ...(a.verification_status
      ? { verification_status: a.verification_status as AccountBase['verification_status'] }
      : {}),
    ...(a.persistent_account_id ? { persistent_account_id: a.persistent_account_id } : {}),
  } satisfies AccountBase;
}

/** /accounts/get and /accounts/balance/get response. */
export function presentAccounts(item: ItemsTable, accounts: AccountsTable[], withLastUpdated = false) {
  return {
    accounts: accounts.map((a) => presentAccount(a, withLastUpdated)),
    item: presentItem(item),
  } satisfies Reply<AccountsGetResponse>;
}
