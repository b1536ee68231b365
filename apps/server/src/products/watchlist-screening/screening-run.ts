import type { Db } from '../../db/schema';
import type {
  WatchlistHitsTable,
  WatchlistKind,
  WatchlistProgramsTable,
  WatchlistStatus,
} from '../../db/tables/watchlist-screening';
import {
  type ListCode,
  type NameSensitivity,
  type ScreeningIndex,
  screenEntity,
  screenIndividual,
} from '../../engines/screening';
import { randomId } from '../../lib/ids';
import { hitData } from './hit-data';
import { ScreeningsRepository } from './screenings.repository';

/** A screening's search terms, as the API takes them (both kinds; absent fields null). */
export interface SearchTerms {
  legal_name: string;
  date_of_birth: string | null;
  document_number: string | null;
  country: string | null;
  email_address: string | null;
  phone_number: string | null;
  url: string | null;
}

/** What a run changed. */
export interface RunResult {
  added: number;
  deactivated: number;
}

/** The program's lists, as the engine's codes. */
export function programLists(p: WatchlistProgramsTable): ListCode[] {
  const parsed: unknown = JSON.parse(p.lists_enabled);
  if (!Array.isArray(parsed) || !parsed.every((c) => typeof c === 'string'))
    throw new Error(`watchlist_programs ${p.program_id} holds malformed lists_enabled`);
  return parsed as ListCode[];
}

/**
 * Screens a screening's terms against the index under its program, and brings its hits up to
 * date: new matches are added pending review, matches that no longer hold are marked inactive
 * (their review kept), matches that hold again are active again.
 */
export async function runScreening(
  db: Db,
  index: ScreeningIndex,
  screeningId: string,
  kind: WatchlistKind,
  terms: SearchTerms,
  program: WatchlistProgramsTable,
  version: number,
  now: string,
): Promise<RunResult> {
  const query = {
    name: terms.legal_name,
    dateOfBirth: terms.date_of_birth,
    country: terms.country,
    documentNumber: terms.document_number,
    email: terms.email_address,
    phone: terms.phone_number,
    url: terms.url,
  };
  const options = {
    lists: programLists(program),
    sensitivity: program.name_sensitivity as NameSensitivity,
  };
  const found =
    kind === 'individual' ? screenIndividual(index, query, options) : screenEntity(index, query, options);
  const repo = new ScreeningsRepository(db);
  const existing = new Map((await repo.hits(screeningId)).map((h) => [`${h.list_code}|${h.source_uid}`, h]));
  const seen = new Set<string>();
  let added = 0;
  for (const hit of found) {
    const key = `${hit.entry.list}|${hit.entry.sourceUid}`;
    seen.add(key);
    const data = JSON.stringify(
      hitData(kind, hit, {
        dateOfBirth: terms.date_of_birth,
        documentNumber: terms.document_number,
        country: terms.country,
        email: terms.email_address,
        phone: terms.phone_number,
        url: terms.url,
      }),
    );
    const old = existing.get(key);
    if (old) {
      await repo.updateHit(screeningId, old.hit_id, {
        inactive_since: null,
        score: hit.score.score,
        data,
        search_terms_version: version,
      });
      continue;
    }
    const row: WatchlistHitsTable = {
      hit_id: `${kind === 'individual' ? 'scrhit' : 'enthit'}_${randomId(14)}`,
      screening_id: screeningId,
      list_code: hit.entry.list,
      source_uid: hit.entry.sourceUid,
      review_status: 'pending_review',
      score: hit.score.score,
      first_active: now,
      inactive_since: null,
      data,
      search_terms_version: version,
    };
    await repo.insertHit(row);
    added++;
  }
  let deactivated = 0;
  for (const [key, h] of existing)
    if (!seen.has(key) && h.inactive_since === null) {
      await repo.updateHit(screeningId, h.hit_id, { inactive_since: now });
      deactivated++;
    }
  return { added, deactivated };
}

/**
 * A screening's status from its active hits: rejected once any is confirmed, pending review
 * while any awaits review, cleared otherwise.
 */
export function statusFromHits(hits: readonly WatchlistHitsTable[]): WatchlistStatus {
  const active = hits.filter((h) => h.inactive_since === null);
  if (active.some((h) => h.review_status === 'confirmed')) return 'rejected';
  if (active.some((h) => h.review_status === 'pending_review')) return 'pending_review';
  return 'cleared';
}
