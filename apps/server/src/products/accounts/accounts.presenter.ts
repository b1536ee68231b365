import type { AccountBase, AccountsGetResponse } from 'plaid';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { Reply } from '../../http/reply';
import { toDecimalOrNull } from '../../lib/money';
import { presentItem } from '../items/items.presenter';

/** One account as Plaid returns it. */
export function presentAccount(a: AccountsTable, withLastUpdated = false): AccountBase {
  return {
    account_id: a.account_id,
    balances: {
      available: toDecimalOrNull(a.balance_available, a.iso_currency_code),
      current: toDecimalOrNull(a.balance_current, a.iso_currency_code),
      limit: toDecimalOrNull(a.balance_limit, a.iso_currency_code),
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
