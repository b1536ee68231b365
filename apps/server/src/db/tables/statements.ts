/**
 * Monthly statements of an Item's depository and credit accounts, made from its ledger (the stored
 * transactions), and the date windows the app asked statements for.
 */
export interface StatementsTable {
  statement_id: string;
  item_id: string;
  account_id: string;
  year: number;
  /** 1 through 12. */
  month: number;
  /** First and last day of the period (YYYY-MM-DD). */
  period_start: string;
  period_end: string;
  /** The day the statement is dated (the period's last day). */
  date_posted: string;
  iso_currency_code: string;
  /** Balances in minor units, in the account's own sense (what is held, or what is owed). */
  opening_balance: number;
  closing_balance: number;
  /**
   * JSON array of the period's posted transactions, oldest first: transaction_id, date, name and
   * amount (minor units, Plaid's sign). Kept as issued, so a statement never changes under its id
   * until a refresh extracts it again.
   */
  lines: string;
  created_at: string;
  updated_at: string;
}

/** A date window of statements an Item asked for: at link (`link`) or by /statements/refresh. */
export interface StatementWindowsTable {
  id: string;
  item_id: string;
  source: 'link' | 'refresh';
  start_date: string;
  end_date: string;
  /** `pending` until a refresh's statements are extracted and its webhook written; then `done`. */
  status: 'pending' | 'done';
  created_at: string;
  completed_at: string | null;
}

export interface StatementsTables {
  statements: StatementsTable;
  statement_windows: StatementWindowsTable;
}
