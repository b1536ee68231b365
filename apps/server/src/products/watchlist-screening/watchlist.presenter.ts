import type {
  EntityWatchlistProgram,
  EntityWatchlistScreening,
  EntityWatchlistScreeningHit,
  EntityWatchlistScreeningReview,
  IndividualWatchlistProgram,
  Source,
  WatchlistScreeningHit,
  WatchlistScreeningIndividual,
  WatchlistScreeningReview,
} from 'plaid';
import type {
  WatchlistHitsTable,
  WatchlistProgramsTable,
  WatchlistReviewsTable,
  WatchlistScreeningsTable,
} from '../../db/tables/watchlist-screening';
import type { ListCode } from '../../engines/screening';
import { seededId } from '../../lib/ids';
import { readHitData } from './hit-data';
import { programLists, type SearchTerms } from './screening-run';

/**
 * Plaid's audit trail: Weft has no dashboard users, so the user id is always null. The column
 * holds one of Source's values; the SDK types them as an enum, which a string literal is not.
 */
const audit = (source: WatchlistProgramsTable['audit_source'], timestamp: string) => ({
  source: source as Source,
  dashboard_user_id: null,
  timestamp,
});

/**
 * A program as JSON carries its lists as an array (the SDK types the unique list as a Set, which
 * JSON has not).
 */
export type ProgramJson = Omit<IndividualWatchlistProgram | EntityWatchlistProgram, 'lists_enabled'> & {
  lists_enabled: ListCode[];
};

/** An individual screening as Plaid shows it. */
export function presentIndividual(
  row: WatchlistScreeningsTable,
  terms: SearchTerms,
): WatchlistScreeningIndividual {
  return {
    id: row.screening_id,
    search_terms: {
      watchlist_program_id: row.program_id,
      legal_name: terms.legal_name,
      date_of_birth: terms.date_of_birth,
      document_number: terms.document_number,
      country: terms.country,
      version: row.version,
    },
    assignee: row.assignee,
    // The column holds one of WatchlistScreeningStatus's values, which the SDK types as an enum.
    status: row.status as WatchlistScreeningIndividual['status'],
    client_user_id: row.client_user_id,
    audit_trail: audit(row.audit_source, row.audit_at),
  };
}

/** An entity screening as Plaid shows it. */
export function presentEntity(row: WatchlistScreeningsTable, terms: SearchTerms): EntityWatchlistScreening {
  return {
    id: row.screening_id,
    search_terms: {
      entity_watchlist_program_id: row.program_id,
      legal_name: terms.legal_name,
      document_number: terms.document_number,
      email_address: terms.email_address,
      country: terms.country,
      phone_number: terms.phone_number,
      url: terms.url,
      version: row.version,
    },
    assignee: row.assignee,
    status: row.status as EntityWatchlistScreening['status'],
    client_user_id: row.client_user_id,
    audit_trail: audit(row.audit_source, row.audit_at),
  };
}

/** A screening of either kind as Plaid shows it (the history keeps these). */
export function presentScreening(
  row: WatchlistScreeningsTable,
  terms: SearchTerms,
): WatchlistScreeningIndividual | EntityWatchlistScreening {
  return row.kind === 'individual' ? presentIndividual(row, terms) : presentEntity(row, terms);
}

/** A program as Plaid shows it. */
export function presentProgram(p: WatchlistProgramsTable): ProgramJson {
  return {
    id: p.program_id,
    created_at: p.created_at,
    is_rescanning_enabled: p.is_rescanning_enabled === 1,
    lists_enabled: programLists(p),
    name: p.name,
    name_sensitivity: p.name_sensitivity,
    audit_trail: audit(p.audit_source, p.updated_at),
    is_archived: p.is_archived === 1,
  } as ProgramJson;
}

/**
 * A hit as Plaid shows it: the list entry's matched fields and their analysis. A hit whose stored
 * data cannot be read is still shown, by its columns alone (its review status, list and entry),
 * with no matched data: Plaid's hit has neither `analysis` beyond the version nor `data` required.
 */
export function presentHit(h: WatchlistHitsTable): WatchlistScreeningHit | EntityWatchlistScreeningHit {
  const stored = readHitData(h.data);
  return {
    id: h.hit_id,
    review_status: h.review_status,
    first_active: h.first_active,
    inactive_since: h.inactive_since,
    historical_since: null,
    list_code: h.list_code,
    plaid_uid: `uid_${seededId(`${h.list_code}|${h.source_uid}`, 14)}`,
    source_uid: h.source_uid,
    sub_programs: stored?.subPrograms ?? [],
    analysis: { ...stored?.analysis, search_terms_version: h.search_terms_version },
    ...(stored ? { data: stored.data } : {}),
  } as WatchlistScreeningHit;
}

/** A review as Plaid shows it. */
export function presentReview(
  r: WatchlistReviewsTable,
): WatchlistScreeningReview | EntityWatchlistScreeningReview {
  return {
    id: r.review_id,
    confirmed_hits: JSON.parse(r.confirmed_hits) as string[],
    dismissed_hits: JSON.parse(r.dismissed_hits) as string[],
    comment: r.comment,
    audit_trail: audit('api', r.created_at),
  };
}
