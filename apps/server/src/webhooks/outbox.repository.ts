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

/**
 * The stream an event is ordered in: an Item's events go out one after another, and so do the
 * events of no Item sent to one URL (a payment's, say). Null for an event with neither, which is
 * ordered after nothing.
 */
export function streamOf(itemId: string | null, url: string | null | undefined): string | null {
  if (itemId) return `item:${itemId}`;
  return url ? `url:${url}` : null;
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
        stream: streamOf(event.itemId, event.url),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }
}
