import fs from 'node:fs';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { type ListFile, loadLists, ScreeningIndex } from '../../engines/screening';
import type { Clock } from '../../lib/clock';
import { ListsRepository, listsKey, type StoredListInfo } from './lists.repository';

/** The screening index of the stored lists, and the key of the lists it was built from. */
export interface ListsIndex {
  key: string;
  index: ScreeningIndex;
  infos: StoredListInfo[];
}

/** What one imported list reports (one JSON line each on the command line). */
export interface ImportedList {
  source: string;
  version: string;
  published_on: string | null;
  entries: number;
  changed: boolean;
}

/**
 * The loaded watchlists: imports list files into the store, and keeps the screening index of the
 * stored lists, rebuilt when their key (sources and versions) changes, whichever process imported.
 */
export class ListsService {
  private cached: ListsIndex | undefined;
  private building: Promise<ListsIndex> | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The index of the lists as stored now. */
  async current(): Promise<ListsIndex> {
    const infos = await new ListsRepository(this.db).infos();
    const key = listsKey(infos);
    if (this.cached?.key === key) return this.cached;
    if (!this.building)
      this.building = (async () => {
        const entries = await new ListsRepository(this.db).entries();
        return { key, index: new ScreeningIndex(entries), infos };
      })().finally(() => {
        this.building = undefined;
      });
    const built = await this.building;
    this.cached = built;
    return built;
  }

  /** Reads list files from disk (their format told from name and content) and stores them. */
  async importPaths(paths: readonly string[]): Promise<ImportedList[]> {
    const files: ListFile[] = paths.map((p) => ({
      name: p,
      bytes: fs.readFileSync(p),
      modifiedOn: fs.statSync(p).mtime.toISOString().slice(0, 10),
    }));
    return this.importFiles(files);
  }

  /** Stores the lists in these files, replacing earlier versions of the same sources. */
  async importFiles(files: readonly ListFile[]): Promise<ImportedList[]> {
    const lists = loadLists(files);
    const repo = new ListsRepository(this.db);
    const before = new Map((await repo.infos()).map((i) => [i.source, i.version]));
    const now = this.clock.now().toISOString();
    const out: ImportedList[] = [];
    await this.db.transaction().execute(async (trx) => {
      for (const list of lists) {
        await new ListsRepository(trx).put(list, now);
        out.push({
          source: list.source,
          version: list.version,
          published_on: list.publishedOn,
          entries: list.entries.length,
          changed: before.get(list.source) !== list.version,
        });
      }
    });
    return out;
  }
}
