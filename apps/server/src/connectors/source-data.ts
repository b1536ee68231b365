import type { NormalizedAccount } from './connector';

/**
 * What a connector read from its source in one go (one statement file, one refresh), in
 * Weft's terms: the store writer (products/items/item-data.writer.ts) turns it into accounts,
 * balances, numbers and transactions of an Item, and products read only the store.
 *
 * Money is integer minor units of its currency (lib/money.ts), as the store keeps it, in Plaid's sign.
 */
export interface SourceData {
  accounts: SourceAccount[];
  transactions: SourceTransaction[];
  /** Pending transactions the source released (they will never post); none for a statement. */
  released?: SourceTransactionRef[];
}

/** An account with its balance's provenance and the numbers the source states for it. */
export interface SourceAccount extends NormalizedAccount {
  /**
   * True when `current` is the source's own ledger balance; false when the source gives none and
   * the writer must carry the balance from the transactions it adds.
   */
  balanceStated: boolean;
  /** As-of date of a stated balance (the latest transaction's date when the source gives none). */
  balanceDate: string | null;
  numbers: SourceNumbers | null;
  /**
   * How the store carries a balance the source does not state. `ledger` (the default, for
   * statements that may leave gaps): both balances move by the money each write adds. `bank`
   * (a source that shows pending transactions as they come and go): current moves by what posts,
   * a depository account's available is current less its pending outflows, and any other
   * available balance stands as the source last stated it.
   */
  carry?: 'ledger' | 'bank';
}

/** Account and routing numbers as the source states them. */
export interface SourceNumbers {
  account: string | null;
  routing: string | null;
  wireRouting: string | null;
  branch: string | null;
  iban: string | null;
  bic: string | null;
}

/** One transaction, identified within its account by an id that is stable across reads. */
export interface SourceTransaction {
  accountKey: string;
  id: string;
  /** Posted date (the authorization date while pending). */
  date: string;
  authorizedDate: string | null;
  /** ISO 8601 instant in UTC, when the source gives a time. */
  datetime: string | null;
  amount: number;
  currency: string;
  description: string;
  pending: boolean;
  checkNumber: string | null;
  /**
   * Unique across the whole login, for a source that names its transactions so (the sandbox's
   * events): the store derives the transaction's ids from it alone and keeps it with the row.
   */
  loginKey?: string;
  /**
   * Posted after being shown pending: the posted row names its pending row even where the store
   * never held that row (history, or a first read).
   */
  hadPending?: boolean;
  /** ISO 8601 instant in UTC of the authorization, when the source gives one. */
  authorizedDatetime?: string | null;
  location?: SourceLocation | null;
  merchantCategoryCode?: string | null;
  /** The recurring series the source drew it from (payroll, a subscription…), if it knows. */
  series?: string | null;
}

/** Names a transaction the way the source does (see SourceTransaction). */
export type SourceTransactionRef = Pick<SourceTransaction, 'accountKey' | 'id' | 'loginKey'>;

/** Where a transaction happened, in Plaid's location shape. */
export interface SourceLocation {
  address: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  store_number: string | null;
}
