/** The account fields the tables use; every product's account type has them. */
export interface AccountLike {
  account_id: string;
  name: string;
  mask: string | null;
  balances: { iso_currency_code: string | null };
}

/** One column of a demo table; `numeric` columns are right-aligned. */
export interface DemoColumn {
  key: string;
  label: string;
  numeric?: boolean;
}

/** A table the demo page renders as is: every cell is already display text. */
export interface DemoTable {
  columns: DemoColumn[];
  rows: Record<string, string>[];
  /** Shown under the table, e.g. "Showing the 10 most recent of 48". */
  note?: string;
}

/** One block of the success page, headed by the API call that produced it. */
export interface DemoSection {
  id: string;
  product: string;
  /** e.g. `POST /auth/get`. */
  endpoint: string;
  title: string;
  description: string;
  table?: DemoTable;
  /** When the call failed for a reason worth showing (not a missing product). */
  error?: { error_code: string; error_message: string };
  /** A link under the table (e.g. a report's PDF), to a path of the demo's own. */
  link?: { href: string; label: string };
}

const EMPTY = '—';

/** Formats a decimal amount in its currency; an em dash for null. */
export function money(value: number | null | undefined, currency: string | null | undefined): string {
  if (value === null || value === undefined) return EMPTY;
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency: currency || 'USD' }).format(value);
  } catch {
    return `${value.toFixed(2)} ${currency ?? ''}`.trim();
  }
}

/** Display text for an optional value. */
export function text(value: string | number | null | undefined): string {
  return value === null || value === undefined || value === '' ? EMPTY : String(value);
}

/** `Plaid Checking ••0000`, how the page names an account in other products' tables. */
export function accountLabel(account: AccountLike | undefined, fallbackId: string | null): string {
  if (!account) return fallbackId ? `${fallbackId.slice(0, 8)}…` : EMPTY;
  return account.mask ? `${account.name} ••${account.mask}` : account.name;
}

/** Looks accounts up by id. */
export function accountIndex<A extends AccountLike>(accounts: A[]): Map<string, A> {
  return new Map(accounts.map((a) => [a.account_id, a]));
}
