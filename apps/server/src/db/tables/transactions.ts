/** Transactions of Items (see the migration for how versions drive /transactions/sync). */
export interface TransactionsTable {
  transaction_id: string;
  item_id: string;
  account_id: string;
  /** The generator's event this row shows (pending and posted rows of one event share it). */
  event_key: string | null;
  version: number;
  added_version: number;
  /** 1 once removed (a tombstone kept for /transactions/sync). */
  removed: number;
  /** Minor units, Plaid's sign: positive when money leaves the account. */
  amount: number;
  iso_currency_code: string;
  date: string;
  authorized_date: string | null;
  datetime: string | null;
  authorized_datetime: string | null;
  /** The descriptor as the bank printed it (Plaid's `name` and `original_description`). */
  name: string;
  merchant_name: string | null;
  merchant_entity_id: string | null;
  website: string | null;
  payment_channel: string;
  pending: number;
  pending_transaction_id: string | null;
  /** Personal finance category, v2 codes. */
  pfc_primary: string;
  pfc_detailed: string;
  pfc_confidence: string;
  /** JSON: counterparties, location and payment_meta as Plaid shapes them. */
  counterparties: string;
  location: string;
  payment_meta: string;
  merchant_category_code: string | null;
  check_number: string | null;
  /** Recurring series the generator drew this from, if any. */
  series: string | null;
  created_at: string;
  updated_at: string;
}

/** Per-Item transactions state: change counter, pull readiness and the sandbox clock. */
export interface TransactionsStateTable {
  item_id: string;
  /** Latest change counter (version) of the Item's transactions. */
  seq: number;
  /** When the initial (last 30 days) and historical pulls complete. */
  initial_ready_at: string;
  historical_ready_at: string;
  /** Highest version that belongs to the initial pull; older history carries initial_seq + 1. */
  initial_seq: number;
  /** 1 once the historical pull's rows (older than the initial window) are stored. */
  historical_loaded: number;
  /** First day of history kept (days_requested before creation). */
  history_start: string;
  /** The simulated day the Item's data is generated up to. */
  sim_date: string;
  /** Days the sandbox clock has been advanced for this Item. */
  clock_offset_days: number;
  /** JSON map account_id → opening balance (minor units) before the first generated day. */
  opening_balances: string;
  /**
   * When a refresh or the sandbox clock last updated the Item's transactions; null before any.
   * The initial and historical pulls' completions are their ready times above.
   */
  last_successful_update: string | null;
  /** When an update last failed (the Item went into an error state); null if none ever did. */
  last_failed_update: string | null;
  created_at: string;
  updated_at: string;
}

export interface TransactionsTables {
  transactions: TransactionsTable;
  transactions_state: TransactionsStateTable;
}
