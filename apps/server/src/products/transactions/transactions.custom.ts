import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsTable } from '../../db/tables/transactions';
import { buildRow, transactionId } from './transactions.rows';

/** Custom sandbox users list their transactions themselves (`override_accounts[].transactions`). */
export function customTransactions(item: ItemsTable): Map<
  number,
  {
    date_transacted?: string;
    date_posted?: string;
    amount?: number;
    description?: string;
    currency?: string;
  }[]
> | null {
  let accounts: { transactions?: unknown[] }[] | undefined;
  try {
    const login = JSON.parse(item.login) as {
      extra?: { custom?: { override_accounts?: { transactions?: unknown[] }[] } };
    };
    accounts = login.extra?.custom?.override_accounts;
  } catch {
    return null;
  }
  if (!accounts) return null;
  return new Map(
    accounts.map((a, i) => [i, (Array.isArray(a.transactions) ? a.transactions : []) as never[]]),
  );
}

/** Rows for a custom user's listed transactions (posted unless dated after today). */
export function customRows(
  item: ItemsTable,
  accounts: readonly AccountsTable[],
  custom: NonNullable<ReturnType<typeof customTransactions>>,
  today: string,
  nowIso: string,
): TransactionsTable[] {
  const rows: TransactionsTable[] = [];
  for (const a of accounts)
    (custom.get(a.position) ?? []).forEach((t, i) => {
      const postedDate = t.date_posted ?? t.date_transacted ?? today;
      const pending = postedDate > today;
      rows.push(
        buildRow({
          itemId: item.item_id,
          accountId: a.account_id,
          accountType: a.type,
          currency: t.currency ?? a.iso_currency_code,
          transactionId: transactionId(
            item.item_id,
            `custom:${a.position}:${i}`,
            pending ? 'pending' : 'posted',
          ),
          eventKey: null,
          description: t.description ?? 'TRANSACTION',
          amount: Math.round((t.amount ?? 0) * 100),
          pending,
          pendingTransactionId: null,
          date: pending ? (t.date_transacted ?? today) : postedDate,
          authorizedDate: t.date_transacted ?? null,
          minute: null,
          location: null,
          mcc: null,
          series: null,
          version: 1,
          addedVersion: 1,
          now: nowIso,
        }),
      );
    });
  return rows;
}
