import type { Db } from '../../db/schema';
import type {
  WatchlistHitsTable,
  WatchlistKind,
  WatchlistReviewsTable,
  WatchlistScreeningsTable,
  WatchlistStatus,
} from '../../db/tables/watchlist-screening';

/** Filters of a screening list call. */
export interface ScreeningFilter {
  programId: string;
  clientUserId?: string;
  status?: WatchlistStatus;
  assignee?: string;
}

/**
 * Screenings with their history, hits and reviews. Every read is scoped by the client; hits,
 * history and reviews are reached only through a screening the client owns.
 */
export class ScreeningsRepository {
  constructor(private readonly db: Db) {}

  async get(
    clientId: string,
    kind: WatchlistKind,
    screeningId: string,
  ): Promise<WatchlistScreeningsTable | undefined> {
    return this.db
      .selectFrom('watchlist_screenings')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('kind', '=', kind)
      .where('screening_id', '=', screeningId)
      .executeTakeFirst();
  }

  async list(
    clientId: string,
    kind: WatchlistKind,
    f: ScreeningFilter,
    offset: number,
    limit: number,
  ): Promise<WatchlistScreeningsTable[]> {
    let q = this.db
      .selectFrom('watchlist_screenings')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('kind', '=', kind)
      .where('program_id', '=', f.programId);
    if (f.clientUserId !== undefined) q = q.where('client_user_id', '=', f.clientUserId);
    if (f.status !== undefined) q = q.where('status', '=', f.status);
    if (f.assignee !== undefined) q = q.where('assignee', '=', f.assignee);
    return q.orderBy('created_at').orderBy('screening_id').offset(offset).limit(limit).execute();
  }

  /** Screenings of these programs (ongoing monitoring), oldest first. */
  async ofPrograms(programIds: readonly string[]): Promise<WatchlistScreeningsTable[]> {
    if (programIds.length === 0) return [];
    return this.db
      .selectFrom('watchlist_screenings')
      .selectAll()
      .where('program_id', 'in', programIds)
      .orderBy('created_at')
      .execute();
  }

  async insert(row: WatchlistScreeningsTable): Promise<void> {
    await this.db.insertInto('watchlist_screenings').values(row).execute();
  }

  async update(
    clientId: string,
    screeningId: string,
    patch: Partial<Omit<WatchlistScreeningsTable, 'screening_id' | 'client_id' | 'kind'>>,
  ): Promise<void> {
    await this.db
      .updateTable('watchlist_screenings')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('screening_id', '=', screeningId)
      .execute();
  }

  /** Appends a state to the screening's history. */
  async addHistory(screeningId: string, snapshotSealed: string, now: string): Promise<void> {
    const last = await this.db
      .selectFrom('watchlist_screening_history')
      .select((eb) => eb.fn.max('seq').as('seq'))
      .where('screening_id', '=', screeningId)
      .executeTakeFirst();
    await this.db
      .insertInto('watchlist_screening_history')
      .values({
        screening_id: screeningId,
        seq: Number(last?.seq ?? 0) + 1,
        snapshot_sealed: snapshotSealed,
        created_at: now,
      })
      .execute();
  }

  /** The screening's states, oldest first, from `offset` (the screening must be the client's). */
  async history(screeningId: string, offset: number, limit: number): Promise<string[]> {
    const rows = await this.db
      .selectFrom('watchlist_screening_history')
      .select('snapshot_sealed')
      .where('screening_id', '=', screeningId)
      .orderBy('seq')
      .offset(offset)
      .limit(limit)
      .execute();
    return rows.map((r) => r.snapshot_sealed);
  }

  /** The screening's hits, oldest first (the screening must be the client's). */
  async hits(screeningId: string, offset = 0, limit = 10_000): Promise<WatchlistHitsTable[]> {
    return this.db
      .selectFrom('watchlist_hits')
      .selectAll()
      .where('screening_id', '=', screeningId)
      .orderBy('first_active')
      .orderBy('hit_id')
      .offset(offset)
      .limit(limit)
      .execute();
  }

  async insertHit(row: WatchlistHitsTable): Promise<void> {
    await this.db.insertInto('watchlist_hits').values(row).execute();
  }

  async updateHit(
    screeningId: string,
    hitId: string,
    patch: Partial<Omit<WatchlistHitsTable, 'hit_id' | 'screening_id'>>,
  ): Promise<void> {
    await this.db
      .updateTable('watchlist_hits')
      .set(patch)
      .where('screening_id', '=', screeningId)
      .where('hit_id', '=', hitId)
      .execute();
  }

  async insertReview(row: WatchlistReviewsTable): Promise<void> {
    await this.db.insertInto('watchlist_reviews').values(row).execute();
  }

  async reviews(screeningId: string, offset: number, limit: number): Promise<WatchlistReviewsTable[]> {
    return this.db
      .selectFrom('watchlist_reviews')
      .selectAll()
      .where('screening_id', '=', screeningId)
      .orderBy('created_at')
      .orderBy('review_id')
      .offset(offset)
      .limit(limit)
      .execute();
  }
}
