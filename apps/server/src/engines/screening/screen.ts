import type { ListCode, WatchlistEntry } from './model';
import { prepareName } from './normalize';
import {
  DEFAULT_WEIGHTS,
  type EntryScore,
  type EntryWeights,
  prepareQuery,
  type ScreeningQuery,
  scoreEntry,
} from './score';
import type { ScreeningIndex } from './search-index';

/** Plaid's name sensitivities, loosest first. */
export type NameSensitivity = 'coarse' | 'balanced' | 'strict' | 'exact';

/**
 * What each sensitivity asks of a hit: a minimum entry score, and a minimum name score. `exact`
 * takes only names equal after preparation, whatever else agrees.
 */
export const SENSITIVITY: Readonly<Record<NameSensitivity, { minScore: number; minName: number }>> = {
  coarse: { minScore: 0.66, minName: 0.75 },
  balanced: { minScore: 0.72, minName: 0.8 },
  strict: { minScore: 0.78, minName: 0.88 },
  exact: { minScore: 0.6, minName: 0.999 },
};

export interface ScreenOptions {
  /** The lists to screen against; entries of other lists are not hits. */
  lists: readonly ListCode[];
  sensitivity: NameSensitivity;
  /** At most this many hits, best first (default 50). */
  limit?: number;
  weights?: EntryWeights;
}

/** A list entry that matched, with its score and analysis. */
export interface ScreeningHit {
  entry: WatchlistEntry;
  score: EntryScore;
  /** The entry's name that matched best, as the list writes it. */
  matchedName: string;
}

/** Whether a scored entry is a hit at a sensitivity. */
export function isHit(s: EntryScore, sensitivity: NameSensitivity): boolean {
  if (s.decidedBy) return true;
  const rule = SENSITIVITY[sensitivity];
  return s.score >= rule.minScore && s.nameScore >= rule.minName;
}

function screen(index: ScreeningIndex, q: ScreeningQuery, options: ScreenOptions): ScreeningHit[] {
  const prepared = prepareQuery(q);
  const lists = new Set(options.lists);
  const wanted = (e: WatchlistEntry) =>
    lists.has(e.list) && (q.kind === 'individual' ? e.type === 'individual' : e.type !== 'individual');
  // Each candidate entry is scored on the names that led to it; an entry found by an identifier on all.
  const entries = new Map<number, number[]>();
  for (const n of index.candidates(q.kind, prepared.tokens)) {
    const e = index.names[n]!.entry;
    entries.set(e, [...(entries.get(e) ?? []), n]);
  }
  for (const id of [q.documentNumber, q.email, q.phone, q.url, ...(q.identifiers ?? [])])
    if (id) for (const e of index.byIdentifier(id)) entries.set(e, index.namesOf[e]!);
  const hits: ScreeningHit[] = [];
  for (const [e, nameIds] of entries) {
    const entry = index.entries[e]!;
    if (!wanted(entry)) continue;
    const names = nameIds.map((n) => index.names[n]!);
    const score = scoreEntry(prepared, entry, names, options.weights ?? DEFAULT_WEIGHTS);
    if (!isHit(score, options.sensitivity)) continue;
    const best = names[score.nameIndex];
    const matchedName =
      entry.names.find((n) => best && n.full && sameTokens(n.full, best.tokens, q.kind))?.full ??
      entry.names[0]!.full;
    hits.push({ entry, score, matchedName });
  }
  hits.sort(
    (a, b) =>
      b.score.score - a.score.score ||
      a.entry.list.localeCompare(b.entry.list) ||
      a.entry.sourceUid.localeCompare(b.entry.sourceUid),
  );
  return hits.slice(0, options.limit ?? 50);
}

function sameTokens(full: string, tokens: readonly string[], kind: ScreeningQuery['kind']): boolean {
  return prepareName(full, kind).join(' ') === tokens.join(' ');
}

/** The entry point for screening a person: the hits among the people of the chosen lists. */
export function screenIndividual(
  index: ScreeningIndex,
  query: Omit<ScreeningQuery, 'kind'>,
  options: ScreenOptions,
): ScreeningHit[] {
  return screen(index, { ...query, kind: 'individual' }, options);
}

/** The entry point for screening an organisation (or vessel, aircraft): hits among the non-people. */
export function screenEntity(
  index: ScreeningIndex,
  query: Omit<ScreeningQuery, 'kind'>,
  options: ScreenOptions,
): ScreeningHit[] {
  return screen(index, { ...query, kind: 'entity' }, options);
}
