import type { Db } from '../../db/schema';
import type { WatchlistKind, WatchlistProgramsTable } from '../../db/tables/watchlist-screening';

/** A client's screening programs; every method is scoped by the client. */
export class ProgramsRepository {
  constructor(private readonly db: Db) {}

  /** The client's program with this id and kind, or undefined (another client's is undefined too). */
  async get(
    clientId: string,
    kind: WatchlistKind,
    programId: string,
  ): Promise<WatchlistProgramsTable | undefined> {
    return this.db
      .selectFrom('watchlist_programs')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('kind', '=', kind)
      .where('program_id', '=', programId)
      .executeTakeFirst();
  }

  /** Whether any client holds a program with this id. */
  async exists(programId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('watchlist_programs')
      .select('program_id')
      .where('program_id', '=', programId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The client's default program of a kind, if made. */
  async defaultOf(clientId: string, kind: WatchlistKind): Promise<WatchlistProgramsTable | undefined> {
    return this.db
      .selectFrom('watchlist_programs')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('kind', '=', kind)
      .where('is_default', '=', 1)
      .executeTakeFirst();
  }

  /** The client's programs of a kind, oldest first, from `offset`. */
  async list(
    clientId: string,
    kind: WatchlistKind,
    offset: number,
    limit: number,
  ): Promise<WatchlistProgramsTable[]> {
    return this.db
      .selectFrom('watchlist_programs')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('kind', '=', kind)
      .orderBy('created_at')
      .orderBy('program_id')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  /** Every program with rescanning on, of every client (for ongoing monitoring). */
  async rescanning(): Promise<WatchlistProgramsTable[]> {
    return this.db
      .selectFrom('watchlist_programs')
      .selectAll()
      .where('is_rescanning_enabled', '=', 1)
      .execute();
  }

  async insert(row: WatchlistProgramsTable): Promise<void> {
    await this.db.insertInto('watchlist_programs').values(row).execute();
  }

  /** Changes the client's program; false when it has none with this id. */
  async update(
    clientId: string,
    programId: string,
    patch: Partial<Omit<WatchlistProgramsTable, 'program_id' | 'client_id' | 'kind'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('watchlist_programs')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('program_id', '=', programId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
