import { balanceSign } from '../../lib/balance-sign';
import type { StatementMonth } from './statements.window';

/** A posted transaction of the ledger as a statement prints it. */
export interface StatementLine {
  transaction_id: string;
  date: string;
  name: string;
  /** Minor units, Plaid's sign: positive when money leaves the account. */
  amount: number;
}

/** An account as its statements need it. */
export interface LedgerAccount {
  accountId: string;
  type: string;
  currency: string;
  /** Balance before the ledger's first transaction (minor units, the account's own sense). */
  opening: number;
}

/** One month's statement of one account, before it has an id. */
export interface MonthlyStatement {
  accountId: string;
  month: StatementMonth;
  currency: string;
  /** Balances in minor units, in the account's own sense (held, or owed for credit). */
  opening: number;
  closing: number;
  /** The month's posted transactions, oldest first. */
  lines: StatementLine[];
}

/** How a line moves the account's balance: spending lowers cash and raises what a card owes. */
export function balanceEffect(type: string, amount: number): number {
  return balanceSign(type) * amount;
}

/**
 * The statements of one account for `months` (oldest first), from its posted transactions: each
 * opens at the balance before its first day and closes at that balance moved by every transaction
 * dated inside it, so a month's closing is the next one's opening and the last ledger day's
 * balance is the account's current one.
 */
export function monthlyStatements(
  account: LedgerAccount,
  posted: readonly StatementLine[],
  months: readonly StatementMonth[],
): MonthlyStatement[] {
  const sorted = [...posted].sort(
    (a, b) => a.date.localeCompare(b.date) || a.transaction_id.localeCompare(b.transaction_id),
  );
  const out: MonthlyStatement[] = [];
  let balance = account.opening;
  let i = 0;
  for (const month of months) {
    for (; i < sorted.length && sorted[i]!.date < month.start; i++)
      balance += balanceEffect(account.type, sorted[i]!.amount);
    const opening = balance;
    const lines: StatementLine[] = [];
    for (; i < sorted.length && sorted[i]!.date <= month.end; i++) {
      lines.push(sorted[i]!);
      balance += balanceEffect(account.type, sorted[i]!.amount);
    }
    out.push({
      accountId: account.accountId,
      month,
      currency: account.currency,
      opening,
      closing: balance,
      lines,
    });
  }
  return out;
}
