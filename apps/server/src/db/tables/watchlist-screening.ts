/** Which side of Monitor a program or screening belongs to. */
export type WatchlistKind = 'individual' | 'entity';

/** A loaded list: one row per source, replaced by each import. */
export interface WatchlistListsTable {
  /** The source format: ofac_sdn, ofac_consolidated, un_consolidated, bis_dpl, us_csl. */
  source: string;
  version: string;
  /** The date the list states (YYYY-MM-DD), or null. */
  published_on: string | null;
  imported_at: string;
  entry_count: number;
  /** JSON array of the engine's WatchlistEntry, read back through its schema. */
  entries: string;
}

/** A client's screening program: the lists it screens against and how strictly. */
export interface WatchlistProgramsTable {
  program_id: string;
  client_id: string;
  kind: WatchlistKind;
  name: string;
  /** JSON array of Plaid list codes. */
  lists_enabled: string;
  name_sensitivity: 'coarse' | 'balanced' | 'strict' | 'exact';
  /** 0/1: screenings of the program are screened again when a list changes. */
  is_rescanning_enabled: number;
  is_archived: number;
  /** 0/1: the client's program of this kind made for it; one per client and kind. */
  is_default: number;
  /** Where the program's status webhooks go (Weft's stand-in for Plaid's Dashboard setting). */
  webhook: string | null;
  audit_source: 'dashboard' | 'link' | 'api' | 'system';
  created_at: string;
  updated_at: string;
}

export type WatchlistStatus = 'cleared' | 'pending_review' | 'rejected';

export interface WatchlistScreeningsTable {
  screening_id: string;
  client_id: string;
  kind: WatchlistKind;
  program_id: string;
  client_user_id: string | null;
  status: WatchlistStatus;
  assignee: string | null;
  /** The search terms as JSON, sealed (they hold dates of birth and document numbers). */
  search_terms_sealed: string;
  version: number;
  /** The lists (source:version, sorted) the screening last ran against. */
  lists_key: string;
  audit_source: 'dashboard' | 'link' | 'api' | 'system';
  audit_at: string;
  created_at: string;
}

/** Each state a screening has been in, newest last (history/list). */
export interface WatchlistScreeningHistoryTable {
  screening_id: string;
  seq: number;
  /** The screening as Plaid shows it, JSON, sealed. */
  snapshot_sealed: string;
  created_at: string;
}

export type WatchlistHitStatus = 'confirmed' | 'pending_review' | 'dismissed';

export interface WatchlistHitsTable {
  hit_id: string;
  screening_id: string;
  list_code: string;
  source_uid: string;
  review_status: WatchlistHitStatus;
  score: number;
  first_active: string;
  /** Set when the entry no longer matches (removed from its list, or terms changed). */
  inactive_since: string | null;
  /** JSON of the hit's analysis and matched data (list data, not the screened person's). */
  data: string;
  search_terms_version: number;
}

export interface WatchlistReviewsTable {
  review_id: string;
  screening_id: string;
  confirmed_hits: string;
  dismissed_hits: string;
  comment: string | null;
  created_at: string;
}

export interface WatchlistScreeningTables {
  watchlist_lists: WatchlistListsTable;
  watchlist_programs: WatchlistProgramsTable;
  watchlist_screenings: WatchlistScreeningsTable;
  watchlist_screening_history: WatchlistScreeningHistoryTable;
  watchlist_hits: WatchlistHitsTable;
  watchlist_reviews: WatchlistReviewsTable;
}
