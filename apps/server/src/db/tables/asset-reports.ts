/** Where an asset report stands: being built, built, or failed (see the migration). */
export type AssetReportStatus = 'pending' | 'ready' | 'error';

/** What made a report: /asset_report/create, /asset_report/refresh or /asset_report/filter. */
export type AssetReportOrigin = 'create' | 'refresh' | 'filter';

/** One asset report (products/assets reads and writes these through its repository). */
export interface AssetReportsTable {
  asset_report_id: string;
  client_id: string;
  /** SHA-256 of the asset_report_token. */
  token_hash: string;
  env: string;
  status: AssetReportStatus;
  days_requested: number;
  client_report_id: string | null;
  /** Where ASSETS webhooks go; null to use the first Item's webhook. */
  webhook: string | null;
  /** JSON: the request's options.user. */
  user: string;
  /** JSON array of add-ons (`investments`, `fast_assets`). */
  add_ons: string;
  require_all_items: number;
  /** JSON array of the Items the report covers, in request order. */
  item_ids: string;
  /** JSON array of accounts left out (set by /asset_report/filter). */
  account_ids_to_exclude: string;
  /** How the report came to be: created from Items, refreshed, or filtered from another report. */
  origin: AssetReportOrigin;
  /** The report this one was refreshed or filtered from. */
  parent_report_id: string | null;
  /** JSON snapshots (money in minor units), read through assets.snapshot.ts. */
  fast_report: string | null;
  report: string | null;
  /** JSON: the Plaid error the build ended with. */
  error: string | null;
  /** When the worker last handed the build to the queue. */
  dispatched_at: string | null;
  date_generated: string | null;
  created_at: string;
  updated_at: string;
}

/** An audit copy of a report, readable by one auditor's client id. */
export interface AssetReportAuditCopiesTable {
  /** SHA-256 of the audit_copy_token. */
  token_hash: string;
  asset_report_id: string;
  /** The client that owns the report and made the copy. */
  client_id: string;
  auditor_id: string;
  created_at: string;
}

export interface AssetReportTables {
  asset_reports: AssetReportsTable;
  asset_report_audit_copies: AssetReportAuditCopiesTable;
}
