import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../../db/schema';
import {
  ENTITY_LIST_CODES,
  INDIVIDUAL_LIST_CODES,
  type LoadedList,
  type WatchlistEntry,
} from '../../engines/screening';

const Name = Type.Object({ full: Type.String(), primary: Type.Boolean(), weak: Type.Boolean() });
const Doc = Type.Object({ type: Type.String(), number: Type.String() });
const Loc = Type.Object({ full: Type.String(), country: Type.String() });
/** The stored shape of a list entry; a row that does not match is a broken store. */
const EntrySchema = Type.Object({
  sourceUid: Type.String(),
  list: Type.Union(
    [...new Set([...INDIVIDUAL_LIST_CODES, ...ENTITY_LIST_CODES])].map((c) => Type.Literal(c)),
  ),
  type: Type.Union([
    Type.Literal('individual'),
    Type.Literal('entity'),
    Type.Literal('vessel'),
    Type.Literal('aircraft'),
  ]),
  names: Type.Array(Name),
  datesOfBirth: Type.Array(Type.String()),
  countries: Type.Array(Type.String()),
  documents: Type.Array(Doc),
  locations: Type.Array(Loc),
  emails: Type.Array(Type.String()),
  phones: Type.Array(Type.String()),
  urls: Type.Array(Type.String()),
  identifiers: Type.Array(Type.String()),
  programs: Type.Array(Type.String()),
  listedOn: Type.Union([Type.String(), Type.Null()]),
});
const EntriesSchema = Type.Array(EntrySchema);

/** A list as stored: what it is, without its entries. */
export interface StoredListInfo {
  source: string;
  version: string;
  publishedOn: string | null;
  importedAt: string;
  entryCount: number;
}

/** The loaded watchlists (one row per source; shared by every client, as the lists are public). */
export class ListsRepository {
  constructor(private readonly db: Db) {}

  /** Every stored list, without entries, by source. */
  async infos(): Promise<StoredListInfo[]> {
    const rows = await this.db
      .selectFrom('watchlist_lists')
      .select(['source', 'version', 'published_on', 'imported_at', 'entry_count'])
      .orderBy('source')
      .execute();
    return rows.map((r) => ({
      source: r.source,
      version: r.version,
      publishedOn: r.published_on,
      importedAt: r.imported_at,
      entryCount: r.entry_count,
    }));
  }

  /** Every stored entry of every list, parsed through the entry schema. */
  async entries(): Promise<WatchlistEntry[]> {
    const rows = await this.db
      .selectFrom('watchlist_lists')
      .select(['source', 'entries'])
      .orderBy('source')
      .execute();
    const out: WatchlistEntry[] = [];
    for (const r of rows) {
      const parsed: unknown = JSON.parse(r.entries);
      if (!Value.Check(EntriesSchema, parsed))
        throw new Error(`watchlist_lists holds malformed ${r.source} entries`);
      out.push(...parsed);
    }
    return out;
  }

  /** Stores a list, replacing the one of its source. */
  async put(list: LoadedList, now: string): Promise<void> {
    const row = {
      version: list.version,
      published_on: list.publishedOn,
      imported_at: now,
      entry_count: list.entries.length,
      entries: JSON.stringify(list.entries),
    };
    await this.db
      .insertInto('watchlist_lists')
      .values({ source: list.source, ...row })
      .onConflict((oc) => oc.column('source').doUpdateSet(row))
      .execute();
  }
}

/** The key of a set of lists: their sources and versions, which change when any list does. */
export function listsKey(infos: readonly { source: string; version: string }[]): string {
  return infos
    .map((i) => `${i.source}:${i.version}`)
    .sort()
    .join(',');
}
