import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';

/**
 * Item-health bookkeeping: notices already sent, the Items whose consent or login needs watching,
 * and an Item's error when its connector reports one.
 */
export class ItemHealthRepository {
  constructor(private readonly db: Db) {}

  /**
   * Records that a notice about `subject` was sent for an Item. Returns false when it already was,
   * atomically, so concurrent scanners announce a condition once.
   */
  async claimNotice(itemId: string, code: string, subject: string, now: string): Promise<boolean> {
    const r = await this.db
      .insertInto('item_health_notices')
      .values({ item_id: itemId, code, subject, created_at: now })
      .onConflict((oc) => oc.columns(['item_id', 'code', 'subject']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /** Items (of every client; this runs as a system job) whose consent ends before `cutoff`. */
  consentEndingBefore(cutoff: string, limit: number): Promise<ItemsTable[]> {
    return this.db
      .selectFrom('items')
      .selectAll()
      .where('consent_expiration_time', 'is not', null)
      .where('consent_expiration_time', '<=', cutoff)
      .orderBy('consent_expiration_time')
      .limit(limit)
      .execute();
  }

  /**
   * Items (of every client) without an error, by id after `after` (null: from the first): the
   * Items whose connectors a scan asks about their login.
   */
  healthyItemsAfter(after: string | null, limit: number): Promise<ItemsTable[]> {
    let q = this.db.selectFrom('items').selectAll().where('error', 'is', null);
    if (after !== null) q = q.where('item_id', '>', after);
    return q.orderBy('item_id').limit(limit).execute();
  }

  /**
   * Puts an Item into an error (Plaid's error object, JSON) unless it already has one. Returns
   * whether it did, atomically, so the error is announced once.
   */
  async failIfHealthy(itemId: string, error: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('items')
      .set({ error, updated_at: now })
      .where('item_id', '=', itemId)
      .where('error', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Sets the Auth verification status of one account of this Item. */
  async setVerificationStatus(itemId: string, accountId: string, status: string, now: string): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ verification_status: status, updated_at: now })
      .where('item_id', '=', itemId)
      .where('account_id', '=', accountId)
      .execute();
  }
}
