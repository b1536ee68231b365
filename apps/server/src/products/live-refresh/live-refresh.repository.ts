import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { LiveRefreshesTable } from '../../db/tables/live-refreshes';

/** Each live-source Item's read schedule, shared by every process through the database. */
export class LiveRefreshRepository {
  constructor(private readonly db: Db) {}

  get(itemId: string): Promise<LiveRefreshesTable | undefined> {
    return this.db.selectFrom('live_refreshes').selectAll().where('item_id', '=', itemId).executeTakeFirst();
  }

  /** Adds an Item's schedule; an Item that has one keeps it. */
  async insert(row: LiveRefreshesTable): Promise<void> {
    await this.db
      .insertInto('live_refreshes')
      .values(row)
      .onConflict((oc) => oc.column('item_id').doNothing())
      .execute();
  }

  /**
   * Items (of every client; this runs as a system job) without an error whose next read is due,
   * soonest first. An Item waiting for its user (ITEM_LOGIN_REQUIRED) is left until repaired.
   */
  due(now: string, limit: number): Promise<ItemsTable[]> {
    return this.db
      .selectFrom('live_refreshes')
      .innerJoin('items', 'items.item_id', 'live_refreshes.item_id')
      .selectAll('items')
      .where('live_refreshes.next_at', '<=', now)
      .where('items.error', 'is', null)
      .orderBy('live_refreshes.next_at')
      .limit(limit)
      .execute();
  }

  /**
   * Takes the Item's next read, atomically, so two processes never read one Item together: only
   * when its last read started before `gapStart` (and, for a scheduled read, when it is due). The
   * next read moves to `next` meanwhile, in case this one never reports back.
   */
  async claim(
    itemId: string,
    now: string,
    gapStart: string,
    next: string,
    scheduled: boolean,
  ): Promise<boolean> {
    let q = this.db
      .updateTable('live_refreshes')
      .set({ last_read_at: now, next_at: next, updated_at: now })
      .where('item_id', '=', itemId)
      .where((eb) => eb.or([eb('last_read_at', 'is', null), eb('last_read_at', '<=', gapStart)]));
    if (scheduled) q = q.where('next_at', '<=', now);
    const r = await q.executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Records how a read went: when to read next, and the failure streak. */
  async settle(
    itemId: string,
    patch: Pick<LiveRefreshesTable, 'next_at' | 'failures' | 'last_error' | 'updated_at'> &
      Partial<Pick<LiveRefreshesTable, 'last_success_at'>>,
  ): Promise<void> {
    await this.db.updateTable('live_refreshes').set(patch).where('item_id', '=', itemId).execute();
  }
}
