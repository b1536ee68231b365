import { type Static, type TSchema, Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { EntityScreeningHitData, ScreeningHitData } from 'plaid';
import type { WatchlistKind } from '../../db/tables/watchlist-screening';
import type { MatchSummary, ScreeningHit, WatchlistEntry } from '../../engines/screening';

/** What a stored hit keeps besides its columns: Plaid's analysis and matched data, ready to show. */
export interface StoredHitData {
  analysis: Record<string, MatchSummary>;
  data: ScreeningHitData | EntityScreeningHitData;
  /** The sanctions programs the entry is listed under. */
  subPrograms: string[];
}

const Summary = Type.Union(
  (['match', 'partial_match', 'no_match', 'no_data', 'no_input'] as const).map((v) => Type.Literal(v)),
);
/** One matched value: its verdict and the list entry's data. */
const Item = <T extends TSchema>(data: T) =>
  Type.Object({ analysis: Type.Object({ summary: Summary }), data });
const Text = Type.String();

/**
 * The stored shape of a hit's data (the `data` column, written by `hitData`), for either kind:
 * an individual's hit has dates of birth, an entity's its emails, phones and urls. Read back
 * through it, so a row that is not of this shape is known as such rather than shown as it is.
 */
const StoredHitDataSchema = Type.Object({
  analysis: Type.Record(Type.String(), Summary),
  subPrograms: Type.Array(Text),
  data: Type.Object({
    names: Type.Array(
      Item(
        Type.Object({
          full: Text,
          is_primary: Type.Boolean(),
          weak_alias_determination: Type.Union([Type.Literal('source'), Type.Literal('none')]),
        }),
      ),
    ),
    documents: Type.Array(Item(Type.Object({ type: Text, number: Text }))),
    locations: Type.Array(Item(Type.Object({ full: Text, country: Text }))),
    dates_of_birth: Type.Optional(Type.Array(Item(Type.Object({ beginning: Text, ending: Text })))),
    email_addresses: Type.Optional(Type.Array(Item(Type.Object({ email_address: Text })))),
    phone_numbers: Type.Optional(Type.Array(Item(Type.Object({ type: Text, phone_number: Text })))),
    urls: Type.Optional(Type.Array(Item(Type.Object({ url: Text })))),
  }),
});

/**
 * A stored hit's data, checked against its schema; null when the column is not JSON or not of
 * that shape (a row damaged or written by something else), which callers show without it.
 */
export function readHitData(raw: string): StoredHitData | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  if (!Value.Check(StoredHitDataSchema, parsed)) return null;
  const checked: Static<typeof StoredHitDataSchema> = parsed;
  // The schema holds the SDK's shapes; the SDK types their enums as TypeScript enums.
  return checked as StoredHitData;
}

const INDIVIDUAL_DOCS = new Set([
  'birth_certificate',
  'drivers_license',
  'immigration_number',
  'military_id',
  'other',
  'passport',
  'personal_identification',
  'ration_card',
  'ssn',
  'student_id',
  'tax_id',
  'travel_document',
  'voter_id',
]);
const ENTITY_DOCS = new Set(['bik', 'business_number', 'imo', 'other', 'swift', 'tax_id']);

/** A list date at any precision as the range of days it covers. */
export function dateRange(d: string): { beginning: string; ending: string } {
  if (d.length === 10) return { beginning: d, ending: d };
  if (d.length === 7) {
    const [y, m] = d.split('-').map(Number);
    const last = new Date(Date.UTC(y!, m!, 0)).getUTCDate();
    return { beginning: `${d}-01`, ending: `${d}-${String(last).padStart(2, '0')}` };
  }
  return { beginning: `${d}-01-01`, ending: `${d}-12-31` };
}

const norm = (s: string) => s.replace(/[^\p{L}\p{N}]/gu, '').toUpperCase();
const withScheme = (u: string) => (/^https?:\/\//i.test(u) ? u : `https://${u}`);

interface Given {
  dateOfBirth?: string | null;
  documentNumber?: string | null;
  country?: string | null;
  email?: string | null;
  phone?: string | null;
  url?: string | null;
}

/** Per-value verdict: the value given matches this one, or not, or nothing was given. */
const verdict = (given: string | null | undefined, same: boolean): { summary: MatchSummary } => ({
  summary: !given ? 'no_input' : same ? 'match' : 'no_match',
});

/** Plaid's analysis and data of a hit, from the engine's score and the entry's fields. */
export function hitData(kind: WatchlistKind, hit: ScreeningHit, given: Given): StoredHitData {
  const { entry, score } = hit;
  const a = score.analysis;
  const names = entry.names.map((n) => ({
    analysis: { summary: n.full === hit.matchedName ? a.names : ('no_match' as MatchSummary) },
    data: { full: n.full, is_primary: n.primary, weak_alias_determination: n.weak ? 'source' : 'none' },
  }));
  const documents = (allowed: Set<string>) =>
    entry.documents.map((d) => ({
      analysis: verdict(
        given.documentNumber,
        !!given.documentNumber && norm(given.documentNumber) === norm(d.number),
      ),
      data: { type: allowed.has(d.type) ? d.type : 'other', number: d.number },
    }));
  const locations = locationsOf(entry).map((l) => ({
    analysis: verdict(given.country, !!given.country && given.country.toUpperCase() === l.country),
    data: l,
  }));
  if (kind === 'individual') {
    const data = {
      dates_of_birth: entry.datesOfBirth.map((d) => ({
        analysis: verdict(given.dateOfBirth, !!given.dateOfBirth && given.dateOfBirth.startsWith(d)),
        data: dateRange(d),
      })),
      documents: documents(INDIVIDUAL_DOCS),
      locations,
      names,
    } as ScreeningHitData;
    return {
      analysis: {
        dates_of_birth: a.datesOfBirth,
        documents: a.documents,
        locations: a.locations,
        names: a.names,
      },
      data,
      subPrograms: entry.programs,
    };
  }
  const data = {
    documents: documents(ENTITY_DOCS),
    email_addresses: entry.emails.map((e) => ({
      analysis: verdict(given.email, !!given.email && given.email.toLowerCase() === e),
      data: { email_address: e },
    })),
    locations,
    names,
    phone_numbers: entry.phones.map((p) => ({
      analysis: verdict(given.phone, !!given.phone && given.phone.replace(/\D/g, '').endsWith(p)),
      data: { type: 'phone', phone_number: `+${p}` },
    })),
    urls: entry.urls.map((u) => ({
      analysis: verdict(given.url, !!given.url && given.url.toLowerCase().includes(u.replace(/^www\./, ''))),
      data: { url: withScheme(u) },
    })),
  } as EntityScreeningHitData;
  return {
    analysis: {
      documents: a.documents,
      email_addresses: a.emails,
      locations: a.locations,
      names: a.names,
      phone_numbers: a.phones,
      urls: a.urls,
    },
    data,
    subPrograms: entry.programs,
  };
}

/** The entry's locations; a country known only as a nationality is a location of its own. */
function locationsOf(entry: WatchlistEntry): { full: string; country: string }[] {
  const out = entry.locations.map((l) => ({ full: l.full, country: l.country }));
  for (const c of entry.countries) if (!out.some((l) => l.country === c)) out.push({ full: c, country: c });
  return out;
}
