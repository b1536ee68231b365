import type { AuthGetResponse } from 'plaid';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { Reply } from '../../http/reply';
import { presentAccount } from '../accounts/accounts.presenter';
import { presentItem } from '../items/items.presenter';
import type { AccountWithNumbers } from './auth.service';

/** /auth/get response: every scheme's array is present, empty when no account uses it. */
export function presentAuth(item: ItemsTable, accounts: AccountsTable[], numbers: AccountWithNumbers[]) {
  return {
    accounts: accounts.map((a) => presentAccount(a)),
    numbers: {
      ach: numbers.flatMap(({ account, numbers: n }) =>
        n.ach
          ? [
              {
                account_id: account.account_id,
                account: n.ach.account,
                routing: n.ach.routing,
                wire_routing: n.ach.wire_routing,
              },
            ]
          : [],
      ),
      eft: numbers.flatMap(({ account, numbers: n }) =>
        n.eft
          ? [
              {
                account_id: account.account_id,
                account: n.eft.account,
                institution: n.eft.institution,
                branch: n.eft.branch,
              },
            ]
          : [],
      ),
      international: numbers.flatMap(({ account, numbers: n }) =>
        n.international
          ? [{ account_id: account.account_id, iban: n.international.iban, bic: n.international.bic }]
          : [],
      ),
      bacs: numbers.flatMap(({ account, numbers: n }) =>
        n.bacs
          ? [{ account_id: account.account_id, account: n.bacs.account, sort_code: n.bacs.sort_code }]
          : [],
      ),
    },
    item: presentItem(item),
  } satisfies Reply<AuthGetResponse>;
}
