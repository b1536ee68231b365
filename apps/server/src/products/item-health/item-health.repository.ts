import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';

/** Item-health bookkeeping: notices already sent and the Items whose consent needs watching. */
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
