/**
 * Turns what a format parser read (in the file's own sign convention) into the normalized model.
 * This is the ONE place where signs change:
 *
 * - Statement files say "positive = money into the account" (OFX TRNAMT, camt CRDT, MT940 C, QIF
 *   T, most CSVs once their debit/credit columns are read). Plaid says the opposite: positive =
 *   money out of the account. Every transaction amount is negated here, and nowhere else.
 * - Balances: a depository balance means the same in both; a credit or loan balance in a file is
 *   negative when money is owed, while Plaid reports the amount owed as positive, so those are
 *   negated here too.
 *
 * It is also where transactions without a file id get their content-hash id.
 */
import { createHash } from 'node:crypto';
import type { StatementInvestments } from './parse-ofx-investments';
import type { PlaidAccountType, StatementAccount, StatementTransaction } from './statement';

/** A transaction as a parser read it; `inflow` is minor units, positive = money INTO the account. */
export interface RawTransaction {
  fileId: string | null;
  date: string;
  datetime?: string | null;
  authorizedDate?: string | null;
  valueDate?: string | null;
  inflow: number;
  currency: string;
  name: string;
  memo?: string | null;
  payee?: string | null;
  checkNumber?: string | null;
  pending?: boolean;
  fileType?: string | null;
}

/**
 * An account as a parser read it; `fileBalance` is in the file's convention (negative = owed),
 * `fileAvailable` is spendable money or unused credit, positive in files and in Plaid alike.
 */
export interface RawAccount {
  key: string;
  name: string;
  accountNumber: string | null;
  type: PlaidAccountType;
  subtype: string | null;
  currency: string;
  routingNumber?: string | null;
  branch?: string | null;
  iban?: string | null;
  bic?: string | null;
  fileBalance: { amount: number; date: string | null } | null;
  fileAvailable?: number | null;
  transactions: RawTransaction[];
  /** An investment statement's securities, positions and trades (OFX INVSTMTRS). */
  investments?: StatementInvestments;
}

/** Last four alphanumerics of an account number (Plaid's mask). */
export function maskOf(accountNumber: string | null): string | null {
  if (!accountNumber) return null;
  const alnum = accountNumber.replace(/[^0-9A-Za-z]/g, '');
  return alnum.length >= 2 ? alnum.slice(-4) : null;
}

function toPlaidSign(fileMinor: number): number {
  return fileMinor === 0 ? 0 : -fileMinor;
}

function balanceToPlaid(type: PlaidAccountType, fileMinor: number): number {
  return type === 'credit' || type === 'loan' ? toPlaidSign(fileMinor) : fileMinor;
}

/** Description as compared for ids: case and spacing vary between exports of the same bank. */
function sameText(s: string): string {
  return s.replace(/\s+/g, ' ').trim().toLowerCase();
}

/**
 * Content id for a transaction the file gives no id: account key, date, amount, description and
 * the occurrence index among identical ones, so two identical coffees on one day stay two, and the
 * same transaction in two overlapping downloads gets the same id.
 */
export function contentId(accountKey: string, t: RawTransaction, occurrence: number): string {
  const h = createHash('sha256')
    .update(JSON.stringify([accountKey, t.date, t.inflow, t.currency, sameText(t.name), occurrence]))
    .digest('base64url');
  return `h_${h.slice(0, 24)}`;
}

/** Builds the normalized account: ids, Plaid signs, mask. */
export function assembleAccount(raw: RawAccount): StatementAccount {
  const seenContent = new Map<string, number>();
  const seenIds = new Map<string, number>();
  const transactions: StatementTransaction[] = raw.transactions.map((t) => {
    let id: string;
    let idSource: 'file' | 'hash';
    if (t.fileId) {
      const n = (seenIds.get(t.fileId) ?? 0) + 1;
      seenIds.set(t.fileId, n);
      // Some banks repeat an id inside one file; both entries are real, so both are kept.
      id = n === 1 ? t.fileId : `${t.fileId}~${n}`;
      idSource = 'file';
    } else {
      const sig = JSON.stringify([t.date, t.inflow, t.currency, sameText(t.name)]);
      const n = seenContent.get(sig) ?? 0;
      seenContent.set(sig, n + 1);
      id = contentId(raw.key, t, n);
      idSource = 'hash';
    }
    return {
      id,
      idSource,
      date: t.date,
      datetime: t.datetime ?? null,
      authorizedDate: t.authorizedDate ?? null,
      valueDate: t.valueDate ?? null,
      amount: toPlaidSign(t.inflow),
      currency: t.currency,
      // Fixed-width exports pad names ("PRUNE               NEW YORK"); Plaid names are single-spaced.
      name: t.name.replace(/\s+/g, ' ').trim(),
      memo: t.memo?.trim() || null,
      payee: t.payee ?? null,
      checkNumber: t.checkNumber ?? null,
      pending: t.pending ?? false,
      fileType: t.fileType ?? null,
    };
  });
  return {
    key: raw.key,
    name: raw.name,
    mask: maskOf(raw.iban ?? raw.accountNumber),
    type: raw.type,
    subtype: raw.subtype,
    currency: raw.currency,
    accountNumber: raw.accountNumber,
    routingNumber: raw.routingNumber ?? null,
    branch: raw.branch ?? null,
    iban: raw.iban ?? null,
    bic: raw.bic ?? null,
    balance: raw.fileBalance
      ? { current: balanceToPlaid(raw.type, raw.fileBalance.amount), date: raw.fileBalance.date }
      : null,
    // Available is money you can spend (or credit you can still use): positive in files and in Plaid.
    available: raw.fileAvailable ?? null,
    transactions,
    ...(raw.investments ? { investments: raw.investments } : {}),
  };
}
