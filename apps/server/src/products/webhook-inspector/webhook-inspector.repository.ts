import type { Db } from '../../db/schema';
import type { AttemptRow, OutboxRow } from '../../webhooks/delivery.repository';

/** Reads an Item's webhook deliveries and their attempts, always scoped by client and Item. */
export class WebhookInspectorRepository {
  constructor(private readonly db: Db) {}

  /** Deliveries of an Item, newest first, optionally only those older than `beforeId`. */
  list(clientId: string, itemId: string, count: number, beforeId?: number): Promise<OutboxRow[]> {
    let q = this.db
      .selectFrom('outbox')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('item_id', '=', itemId);
    if (beforeId !== undefined) q = q.where('id', '<', beforeId);
    return q.orderBy('id', 'desc').limit(count).execute();
  }

  /** One delivery of an Item. */
  find(clientId: string, itemId: string, id: number): Promise<OutboxRow | undefined> {
    return this.db
      .selectFrom('outbox')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('item_id', '=', itemId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** Attempts of these deliveries (of this client), in order. */
  attempts(clientId: string, outboxIds: number[]): Promise<AttemptRow[]> {
    if (outboxIds.length === 0) return Promise.resolve([]);
    return this.db
      .selectFrom('webhook_attempts')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('outbox_id', 'in', outboxIds)
      .orderBy('outbox_id')
      .orderBy('attempt')
      .execute();
  }
}
