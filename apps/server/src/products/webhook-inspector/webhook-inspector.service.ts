import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import { errors, PlaidError } from '../../http/errors';
import { MAX_INTEGER } from '../../http/schema-kit';
import type { Clock } from '../../lib/clock';
import type { AttemptRow, OutboxRow } from '../../webhooks/delivery.repository';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import type { ItemsService } from '../items/items.service';
import { WebhookInspectorRepository } from './webhook-inspector.repository';

/** A delivery with its attempts. */
export interface DeliveryView {
  event: OutboxRow;
  attempts: AttemptRow[];
}

const DELIVERY_ID_RE = /^[1-9][0-9]{0,15}$/;

function deliveryNotFound(): PlaidError {
  return new PlaidError('NOT_FOUND', 'no webhook delivery with that id for this item');
}

/** A delivery id as the database keys it: not an id at all is not found; past int4 is refused. */
function deliveryId(raw: string, field: string): number {
  if (!DELIVERY_ID_RE.test(raw)) throw deliveryNotFound();
  const id = Number(raw);
  if (id > MAX_INTEGER) throw errors.invalidField(`${field} must be at most ${MAX_INTEGER}`);
  return id;
}

/** The webhook inspector: what was sent for an Item, what came back, and replay. */
export class WebhookInspectorService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly items: ItemsService,
  ) {}

  /** An Item's deliveries, newest first, each with every attempt. */
  async list(
    clientId: string,
    accessToken: string,
    count: number,
    before?: string,
  ): Promise<{ item: ItemsTable; deliveries: DeliveryView[] }> {
    const item = await this.items.resolve(clientId, accessToken);
    const beforeId = before === undefined ? undefined : deliveryId(before, 'before');
    const repo = new WebhookInspectorRepository(this.db);
    const events = await repo.list(clientId, item.item_id, count, beforeId);
    const attempts = await repo.attempts(
      clientId,
      events.map((e) => e.id),
    );
    return {
      item,
      deliveries: events.map((event) => ({
        event,
        attempts: attempts.filter((a) => a.outbox_id === event.id),
      })),
    };
  }

  /** Queues a delivery's body again as a new delivery (freshly signed when sent); returns it. */
  async replay(clientId: string, accessToken: string, rawId: string): Promise<DeliveryView> {
    const item = await this.items.resolve(clientId, accessToken);
    const originalId = deliveryId(rawId, 'delivery_id');
    const repo = new WebhookInspectorRepository(this.db);
    const original = await repo.find(clientId, item.item_id, originalId);
    if (!original) throw deliveryNotFound();
    if (!item.webhook) throw new PlaidError('SANDBOX_WEBHOOK_INVALID');
    const {
      webhook_type: _t,
      webhook_code: _c,
      ...payload
    } = JSON.parse(original.payload) as Record<string, unknown>;
    const id = await new OutboxRepository(this.db).enqueue(
      {
        clientId,
        itemId: item.item_id,
        webhookType: original.webhook_type,
        webhookCode: original.webhook_code,
        payload,
      },
      this.clock.now().toISOString(),
    );
    const created = await repo.find(clientId, item.item_id, id);
    if (!created) throw deliveryNotFound();
    return { event: created, attempts: [] };
  }
}
