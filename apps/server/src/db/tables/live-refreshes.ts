/** One Item of a live source: its read schedule and how its reads went (products/live-refresh). */
export interface LiveRefreshesTable {
  item_id: string;
  /** When the worker reads it next (ISO instant). */
  next_at: string;
  /** When a read last started: no two reads closer than the source's minimum gap. */
  last_read_at: string | null;
  last_success_at: string | null;
  /** Failed reads in a row (backoff doubles with each). */
  failures: number;
  /** The last failure's Plaid error code, null after a success. */
  last_error: string | null;
  created_at: string;
  updated_at: string;
}

export interface LiveRefreshesTables {
  live_refreshes: LiveRefreshesTable;
}
