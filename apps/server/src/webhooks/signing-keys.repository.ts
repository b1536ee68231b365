import type { Db } from '../db/schema';
import type { WebhookKeysTable } from '../db/tables/webhooks';

/** Webhook signing keys. Keys are Weft-wide, not per client, as Plaid's are. */
export class SigningKeysRepository {
  constructor(private readonly db: Db) {}

  /** The key in use: the oldest unexpired one, so every process converges on the same key. */
  current(): Promise<WebhookKeysTable | undefined> {
    return this.db
      .selectFrom('webhook_keys')
      .selectAll()
      .where('expired_at', 'is', null)
      .orderBy('created_at')
      .orderBy('kid')
      .limit(1)
      .executeTakeFirst();
  }

  /** A key by id, expired or not (webhooks signed before a rotation stay verifiable). */
  find(kid: string): Promise<WebhookKeysTable | undefined> {
    return this.db.selectFrom('webhook_keys').selectAll().where('kid', '=', kid).executeTakeFirst();
  }

  /** Stores a new key. */
  async insert(row: WebhookKeysTable): Promise<void> {
    await this.db.insertInto('webhook_keys').values(row).execute();
  }

  /** Marks every key in use as expired (they stay readable for webhooks already signed). */
  async expireAll(now: string): Promise<void> {
    await this.db
      .updateTable('webhook_keys')
      .set({ expired_at: now })
      .where('expired_at', 'is', null)
      .execute();
  }
}
