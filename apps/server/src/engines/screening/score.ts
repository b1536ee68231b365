import { DEFAULT_SCORER, nameScore, type ScorerConstants, wordVariants } from './jaro-winkler';
import { type EntryType, parseGender, type WatchlistEntry } from './model';
import { type NameKind, prepareName } from './normalize';

/**
 * From a name score to an entry score: the name, date of birth, country and differing documents
 * are pieces with weights, averaged over the pieces both sides have, then discounted when the
 * comparison rests on little (few of the entry's fields compared, nothing but the name agreeing).
 * An exact e-mail, phone, website or vessel identifier decides the match by itself (score 1); an
 * exact identity document decides it too, with the name setting how close to 1 the score is.
 */

/** What is screened: a name and whatever else is known. Absent fields are not compared. */
export interface ScreeningQuery {
  kind: NameKind;
  name: string;
  /** When given, an entry of another type scores 0 (the entity-level tests type vessels apart). */
  type?: EntryType;
  dateOfBirth?: string | null;
  /** ISO alpha-2. */
  country?: string | null;
  documentNumber?: string | null;
  email?: string | null;
  phone?: string | null;
  url?: string | null;
  /** Vessel call sign, IMO number and the like. */
  identifiers?: readonly string[];
  /** `male`/`female` (or `M`/`F`). Not one of Plaid's search terms: for callers of the engine. */
  gender?: string | null;
}

/** The weights and discounts of the entry score; `DEFAULT_WEIGHTS` holds the documented defaults. */
export interface EntryWeights {
  name: number;
  /** Factor on the weight of the name, the one piece every comparison needs. */
  requiredFactor: number;
  dateOfBirth: number;
  country: number;
  /** A name at or under this scores less when the query has two words or more. */
  closeNameThreshold: number;
  looseNameFactor: number;
  /** Too few query words found in the entry's name (a share under `minTermShare`). */
  farNameFactor: number;
  minTermShare: number;
  /** Factor for an alias the list marks as weak. */
  weakAliasFactor: number;
  lowCoverage: number;
  lowCoverageFactor: number;
  lowCriticalCoverage: number;
  lowCriticalFactor: number;
  /** Factor when the name agreed and nothing that places the entry did (a document, identifier or country). */
  nameOnlyFactor: number;
  /** Weight of an identity document number (passport, national ID, tax or registration number) compared and different. */
  differentDocument: number;
  /** Weight of a vessel or aircraft identifier (IMO, call sign, MMSI, serial) compared and different. */
  differentIdentifier: number;
  /** The score of an entry whose identity document the query gives exactly, before the name adds its share. */
  documentFloor: number;
  /** Factor for a gender other than the one the list records. */
  differentGenderFactor: number;
}

export const DEFAULT_WEIGHTS: Readonly<EntryWeights> = {
  name: 35,
  requiredFactor: 1.2,
  dateOfBirth: 15,
  country: 5,
  closeNameThreshold: 0.9,
  looseNameFactor: 0.8,
  farNameFactor: 0.85,
  minTermShare: 0.4,
  weakAliasFactor: 0.95,
  lowCoverage: 0.35,
  lowCoverageFactor: 0.95,
  lowCriticalCoverage: 0.7,
  lowCriticalFactor: 0.9,
  nameOnlyFactor: 0.95,
  differentDocument: 110,
  differentIdentifier: 55,
  documentFloor: 0.9,
  differentGenderFactor: 0.95,
};

/** Plaid's per-field verdicts. */
export type MatchSummary = 'match' | 'partial_match' | 'no_match' | 'no_data' | 'no_input';

/** An entry's score against a query, with what agreed and why. */
export interface EntryScore {
  score: number;
  /** The best name score and which of the entry's names gave it. */
  nameScore: number;
  nameIndex: number;
  analysis: {
    names: MatchSummary;
    datesOfBirth: MatchSummary;
    documents: MatchSummary;
    locations: MatchSummary;
    emails: MatchSummary;
    phones: MatchSummary;
    urls: MatchSummary;
  };
  /** Set when an identifier alone decided the match (the score is 1, or near it for a document). */
  decidedBy: 'document' | 'email' | 'phone' | 'url' | 'identifier' | null;
}

/** A query with its name prepared once, for scoring against many entries. */
export interface PreparedQuery extends ScreeningQuery {
  tokens: string[];
}

/** Prepares a query's name for `scoreEntry`. */
export function prepareQuery(q: ScreeningQuery): PreparedQuery {
  return { ...q, tokens: prepareName(q.name, q.kind) };
}

/** Documents and identifiers compare as letters and digits only, upper case. */
export const normalizeId = (s: string) =>
  s
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toUpperCase()
    .replace(/^IMO(?=\d{7}$)/, '');
const digits = (s: string) => s.replace(/\D/g, '');
const host = (s: string) =>
  s
    .toLowerCase()
    .replace(/^[a-z]+:\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/.*$/, '');

function yearScore(a: number, b: number): number {
  const d = Math.abs(a - b);
  return d <= 5 ? 1 - 0.1 * d : 0.2;
}
function partScore(a: number, b: number, wrap: number): number {
  if (a === b) return 1;
  const d = Math.abs(a - b);
  if (d === 1 || d === wrap - 1) return 0.9;
  // One digit off, as in 1 and 11, or 2 and 12: a slip of the keyboard.
  const [x, y] = [String(a), String(b)];
  if (
    (x.length !== y.length && (y.endsWith(x) || x.endsWith(y) || y.startsWith(x) || x.startsWith(y))) ||
    d <= 3
  )
    return 0.7;
  return 0.2;
}

/**
 * How alike two dates are, each YYYY, YYYY-MM or YYYY-MM-DD: 0.4 for the year (less 0.1 a year
 * apart, up to 5), 0.3 for the month and 0.3 for the day, over the parts both give.
 */
export function dateSimilarity(a: string, b: string): number {
  const [ya, ma, da] = a.split('-').map(Number);
  const [yb, mb, db] = b.split('-').map(Number);
  if (!ya || !yb) return 0;
  let weight = 0.4;
  let total = 0.4 * yearScore(ya, yb);
  if (ma && mb) {
    weight += 0.3;
    total += 0.3 * partScore(ma, mb, 12);
    if (da && db) {
      weight += 0.3;
      total += 0.3 * partScore(da, db, 31);
    }
  }
  return total / weight;
}

/** Terms of the query found in, or containing, some term of the name. */
function termShare(query: readonly string[], name: readonly string[]): number {
  if (query.length === 0) return 0;
  let found = 0;
  for (const q of query) if (name.some((n) => n.includes(q) || q.includes(n))) found++;
  return found / query.length;
}

/** The name piece: the best of the entry's names, with the discounts for loose and far names. */
export function bestName(
  query: readonly string[],
  names: readonly { tokens: readonly string[]; variants?: readonly (readonly string[])[]; weak: boolean }[],
  w: EntryWeights = DEFAULT_WEIGHTS,
  c: ScorerConstants = DEFAULT_SCORER,
): { score: number; index: number } {
  let best = 0;
  let index = -1;
  const joined = query.join(' ');
  // The query's glued variants are the same against every name: made once.
  const queryVariants = wordVariants(query);
  for (let i = 0; i < names.length; i++) {
    const n = names[i]!;
    let s = n.tokens.join(' ') === joined ? 1 : nameScore(query, n.tokens, c, n.variants, queryVariants);
    if (s < 1) {
      if (s <= w.closeNameThreshold && query.length >= 2) s *= w.looseNameFactor;
      const ratio = n.tokens.length === 0 ? 0 : query.length / n.tokens.length;
      if (ratio < 0.3 || ratio > 3 || termShare(query, n.tokens) < w.minTermShare) s *= w.farNameFactor;
    }
    if (n.weak) s *= w.weakAliasFactor;
    if (s > best) {
      best = s;
      index = i;
    }
  }
  if (index < 0) return { score: 0, index };
  return { score: best, index };
}

/** Scores one entry, its names already prepared (as the index keeps them). */
export function scoreEntry(
  q: PreparedQuery,
  entry: WatchlistEntry,
  names: readonly { tokens: readonly string[]; variants?: readonly (readonly string[])[]; weak: boolean }[],
  w: EntryWeights = DEFAULT_WEIGHTS,
  c: ScorerConstants = DEFAULT_SCORER,
): EntryScore {
  const analysis: EntryScore['analysis'] = {
    names: 'no_match',
    datesOfBirth: 'no_input',
    documents: 'no_input',
    locations: 'no_input',
    emails: 'no_input',
    phones: 'no_input',
    urls: 'no_input',
  };
  const none = (score = 0): EntryScore => ({ score, nameScore: 0, nameIndex: -1, analysis, decidedBy: null });
  if (q.type && q.type !== entry.type) return none();

  // Exact identifiers first. Contacts and vessel or aircraft identifiers name one person or thing:
  // any of them agreeing decides, with score 1. An identity document agreeing decides too, but its
  // number is only unique within its country and type, which the query does not give: the name
  // sets how close to 1 the score is.
  let decidedBy: EntryScore['decidedBy'] = null;
  let certain = false;
  const exact = (
    field: 'emails' | 'phones' | 'urls',
    given: string | null | undefined,
    have: readonly string[],
    norm: (s: string) => string,
  ) => {
    if (!given) return;
    if (have.length === 0) {
      analysis[field] = 'no_data';
      return;
    }
    const g = norm(given);
    const hit = g !== '' && have.some((h) => norm(h) === g);
    analysis[field] = hit ? 'match' : 'no_match';
    if (hit) {
      decidedBy ??= field === 'emails' ? 'email' : field === 'phones' ? 'phone' : 'url';
      certain = true;
    }
  };
  exact('emails', q.email, entry.emails, (s) => s.trim().toLowerCase());
  exact('phones', q.phone, entry.phones, digits);
  exact('urls', q.url, entry.urls, host);

  // A document number is looked for among the entry's identity documents and its identifiers (an
  // IMO number is both); one that differs weighs as the kind the entry holds.
  // Made only when the query gives a number: most screenings give a name alone.
  const wantsIds = Boolean(q.documentNumber || q.identifiers?.length);
  const identifiers = wantsIds ? new Set(entry.identifiers.map(normalizeId)) : new Set<string>();
  const identityDocs = wantsIds
    ? entry.documents.map((d) => normalizeId(d.number)).filter((n) => !identifiers.has(n))
    : [];
  let differing = 0;
  if (q.documentNumber) {
    const g = normalizeId(q.documentNumber);
    if (identityDocs.length === 0 && identifiers.size === 0) analysis.documents = 'no_data';
    else if (g !== '' && (identifiers.has(g) || identityDocs.includes(g))) {
      analysis.documents = 'match';
      decidedBy ??= 'document';
      if (identifiers.has(g)) certain = true;
    } else {
      analysis.documents = 'no_match';
      differing += identityDocs.length > 0 ? w.differentDocument : w.differentIdentifier;
    }
  }
  let identifierCompared = false;
  if (q.identifiers?.length && identifiers.size > 0) {
    identifierCompared = true;
    if (q.identifiers.some((i) => identifiers.has(normalizeId(i)))) {
      decidedBy ??= 'identifier';
      certain = true;
    } else differing += w.differentIdentifier;
  }

  const name = bestName(q.tokens, names, w, c);
  analysis.names = name.score >= 0.97 ? 'match' : name.score > 0.6 ? 'partial_match' : 'no_match';

  let weighted = w.name * w.requiredFactor * name.score;
  let weights = w.name * w.requiredFactor + differing;
  let compared = 1;
  let critical = 1;
  // Whether something that places the entry agreed besides the name. A date of birth does not count:
  // many people share one, as they share a gender.
  let placed = false;

  if (q.dateOfBirth) {
    if (entry.datesOfBirth.length === 0) analysis.datesOfBirth = 'no_data';
    else {
      const s = Math.max(...entry.datesOfBirth.map((d) => dateSimilarity(q.dateOfBirth!, d)));
      const same = entry.datesOfBirth.some(
        (d) => q.dateOfBirth!.startsWith(d) || d.startsWith(q.dateOfBirth!),
      );
      analysis.datesOfBirth = same ? 'match' : s >= 0.8 ? 'partial_match' : 'no_match';
      weighted += w.dateOfBirth * s;
      weights += w.dateOfBirth;
      compared++;
      critical++;
    }
  }
  if (q.country) {
    if (entry.countries.length === 0) analysis.locations = 'no_data';
    else {
      const hit = entry.countries.includes(q.country.toUpperCase());
      analysis.locations = hit ? 'match' : 'no_match';
      weighted += w.country * (hit ? 1 : 0);
      weights += w.country;
      compared++;
      if (hit) placed = true;
    }
  }
  if (analysis.documents === 'no_match') {
    compared++;
    critical++;
  }
  for (const f of ['emails', 'phones', 'urls'] as const) if (analysis[f] === 'no_match') compared++;
  if (identifierCompared) compared++;

  if (decidedBy) {
    const score = certain ? 1 : w.documentFloor + (1 - w.documentFloor) * name.score;
    return { score, nameScore: name.score, nameIndex: name.index, analysis, decidedBy };
  }
  let score = weights === 0 ? 0 : weighted / weights;
  const available =
    1 +
    (entry.datesOfBirth.length ? 1 : 0) +
    (entry.countries.length ? 1 : 0) +
    (entry.documents.length ? 1 : 0) +
    (entry.emails.length || entry.phones.length || entry.urls.length ? 1 : 0) +
    (entry.identifiers.length ? 1 : 0);
  const criticalAvailable = 1 + (entry.datesOfBirth.length ? 1 : 0) + (entry.documents.length ? 1 : 0);
  if (compared / available < w.lowCoverage) score *= w.lowCoverageFactor;
  if (critical / criticalAvailable < w.lowCriticalCoverage) score *= w.lowCriticalFactor;
  if (name.score > 0.6 && !placed) score *= w.nameOnlyFactor;
  // Gender is no evidence for an entry (half of everyone shares it) and counts for no coverage;
  // one other than the list records is some evidence against.
  const gender = parseGender(q.gender);
  if (gender && entry.gender && gender !== entry.gender) score *= w.differentGenderFactor;
  return { score, nameScore: name.score, nameIndex: name.index, analysis, decidedBy: null };
}
