/**
 * What Weft keeps about accounts beyond Plaid's account object, for connectors that bring their
 * own data (statement files today): how a source names each account, and the account and routing
 * numbers it stated.
 */
export interface AccountKeysTable {
  account_id: string;
  item_id: string;
  /** The source's stable name for the account (e.g. an IBAN or bank and account id). */
  account_key: string;
  /** As-of date of the balance last taken from the source; an older statement never overrides it. */
  balance_date: string | null;
  created_at: string;
}

/**
 * Where stored numbers came from: `stated` by a source's data (a statement's BANKID/ACCTID or
 * IBAN, read as Auth's schemes), or `connector` as its details gave them scheme by scheme.
 */
export type AccountNumbersOrigin = 'stated' | 'connector';

/** Account and routing numbers of an account, as a source gave them; /auth/get reads these. */
export interface AccountNumbersTable {
  account_id: string;
  item_id: string;
  origin: AccountNumbersOrigin;
  /** The account number of every scheme the account has (ACH, EFT, BACS). */
  account: string | null;
  routing: string | null;
  wire_routing: string | null;
  branch: string | null;
  /** Canadian EFT institution and branch (transit) numbers. */
  eft_institution: string | null;
  eft_branch: string | null;
  /** UK sort code (BACS). */
  bacs_sort_code: string | null;
  iban: string | null;
  bic: string | null;
  updated_at: string;
}

/** An account's owners as its source gave them (an empty list when it knows none). */
export interface AccountOwnersTable {
  account_id: string;
  item_id: string;
  /** JSON list of Plaid Owner objects, read through its schema (products/items/account-details). */
  owners: string;
  updated_at: string;
}

export interface AccountDataTables {
  account_keys: AccountKeysTable;
  account_numbers: AccountNumbersTable;
  account_owners: AccountOwnersTable;
}
