import type { StatementsAccount, StatementsListResponse, StatementsStatement } from 'plaid';
import type { Reply } from '../../http/reply';
import type { StatementsListView } from './statements.service';

/** /statements/list response: each statement account in institution order, its statements oldest first. */
export function presentStatementsList(view: StatementsListView) {
  return {
    item_id: view.item.item_id,
    institution_id: view.item.institution_id,
    institution_name: view.institutionName,
    accounts: view.accounts.map(
      (a) =>
        ({
          account_id: a.account_id,
          // The spec has no null here: an unknown mask is empty, an unknown official name the account's own.
          account_mask: a.mask ?? '',
          account_name: a.name,
          account_official_name: a.official_name ?? a.name,
          account_subtype: a.subtype ?? '',
          account_type: a.type,
          statements: view.statements
            .filter((s) => s.account_id === a.account_id)
            .map(
              (s) =>
                ({
                  statement_id: s.statement_id,
                  month: s.month,
                  year: s.year,
                  date_posted: s.date_posted,
                }) satisfies StatementsStatement,
            ),
        }) satisfies StatementsAccount,
    ),
  } satisfies Reply<StatementsListResponse>;
}
