import type { Db } from '../db/schema';

/** An event to deliver as a webhook. `payload` is the webhook body without delivery-time fields. */
export interface OutboxEvent {
  clientId: string;
  itemId: string | null;
  webhookType: string;
  webhookCode: string;
  payload: Record<string, unknown>;
  /** Where an event without an Item goes (e.g. a payment's webhook); Item events omit it. */
  url?: string | null;
}

/** Writes webhook events in the caller's transaction, so an event exists iff its change does. */
export class OutboxRepository {
  constructor(private readonly db: Db) {}

  /**
   * Adds an event and returns its id; `status` is `skipped` when the Item has no webhook URL (kept
   * for the inspector).
   */
  async enqueue(event: OutboxEvent, now: string, hasWebhook = true): Promise<number> {
    const row = await this.db
      .insertInto('outbox')
      .values({
        client_id: event.clientId,
        item_id: event.itemId,
        webhook_type: event.webhookType,
        webhook_code: event.webhookCode,
        payload: JSON.stringify({
          webhook_type: event.webhookType,
          webhook_code: event.webhookCode,
          ...event.payload,
        }),
        created_at: now,
        status: hasWebhook ? 'pending' : 'skipped',
        attempts: 0,
        next_attempt_at: now,
        webhook_url: event.url ?? null,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  /**
   * When and what was last delivered for an Item. A delivered event's next_attempt_at holds the
   * time of the attempt that succeeded (see DeliveryRepository), which is when it was sent.
   */
  async lastDelivered(itemId: string): Promise<{ sent_at: string; code_sent: string } | undefined> {
    const row = await this.db
      .selectFrom('outbox')
      .select(['next_attempt_at', 'webhook_code'])
      .where('item_id', '=', itemId)
      .where('status', '=', 'delivered')
      .orderBy('id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { sent_at: row.next_attempt_at, code_sent: row.webhook_code } : undefined;
  }
}
