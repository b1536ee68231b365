import type { Kysely } from 'kysely';
import type { WebhookDeliveryConfig } from '../config';
import type { Database } from '../db/schema';
import type { Clock } from '../lib/clock';
import { ItemsRepository } from '../products/items/items.repository';
import { DeliveryRepository, type OutboxRow } from './delivery.repository';
import { postJson } from './http-post';
import type { WebhookSigner } from './signer';

/** What a single delivery run did with an event. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'skipped' | 'not-taken';

const USER_AGENT = 'Weft-Webhooks/1.0';

/** Delay before attempt `n + 1` after `n` failed ones: ×4 each time from the base, capped (Plaid's schedule). */
export function retryDelayMs(
  failedAttempts: number,
  config: Pick<WebhookDeliveryConfig, 'retryBaseMs' | 'retryMaxMs'>,
): number {
  const exp = Math.min(Math.max(failedAttempts - 1, 0), 30);
  return Math.min(config.retryBaseMs * 4 ** exp, config.retryMaxMs);
}

/**
 * Delivers one outbox event: takes it (once, whatever the number of jobs naming it), signs the body,
 * POSTs it to the Item's current webhook URL, records the attempt and schedules a retry or gives up.
 */
export class DeliveryService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly clock: Clock,
    private readonly signer: WebhookSigner,
    private readonly config: WebhookDeliveryConfig,
    private readonly blockPrivate: boolean,
  ) {}

  /** Runs one delivery attempt for an event, if it is still queued. */
  async deliver(outboxId: number): Promise<DeliveryOutcome> {
    const repo = new DeliveryRepository(this.db, this.dialect);
    const lease = this.at(this.config.timeoutMs * 2 + 30_000);
    const event = await repo.take(outboxId, lease);
    if (!event) return 'not-taken';

    const target = await this.target(event);
    if (!target) {
      await repo.settle(event.id, 'skipped', this.at(0));
      return 'skipped';
    }
    const body = JSON.stringify(target.payload, null, 2);
    const headers = {
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      'Plaid-Verification': await this.signer.sign(body),
    };
    const startedAt = this.clock.now().toISOString();
    const result = await postJson(target.url, body, headers, {
      timeoutMs: this.config.timeoutMs,
      blockPrivate: this.blockPrivate,
    });
    await repo.addAttempt({
      outbox_id: event.id,
      client_id: event.client_id,
      item_id: event.item_id,
      attempt: event.attempts,
      url: target.url,
      request_headers: JSON.stringify(headers),
      request_body: body,
      status_code: result.status,
      response_body: result.body,
      error: result.error,
      latency_ms: result.latencyMs,
      started_at: startedAt,
    });

    if (result.status !== null && result.status >= 200 && result.status < 300) {
      await repo.settle(event.id, 'delivered', startedAt);
      return 'delivered';
    }
    if (result.permanent || event.attempts >= this.config.maxAttempts) {
      await repo.settle(event.id, 'failed', startedAt);
      return 'failed';
    }
    await repo.settle(event.id, 'pending', this.at(retryDelayMs(event.attempts, this.config)));
    return 'retry';
  }

  /**
   * Where and what to send: the Item's webhook URL now (so /item/webhook/update redirects pending
   * events) and the body, with `environment` filled in where the producer left it out; events of no
   * Item go to the URL their producer set. Nothing when the Item is gone or has no URL.
   */
  private async target(
    event: OutboxRow,
  ): Promise<{ url: string; payload: Record<string, unknown> } | undefined> {
    if (!event.item_id)
      return event.webhook_url
        ? { url: event.webhook_url, payload: JSON.parse(event.payload) as Record<string, unknown> }
        : undefined;
    const item = await new ItemsRepository(this.db).find(event.client_id, event.item_id);
    if (!item?.webhook) return undefined;
    const payload = JSON.parse(event.payload) as Record<string, unknown>;
    if (payload.environment === undefined) payload.environment = item.env;
    return { url: item.webhook, payload };
  }

  private at(offsetMs: number): string {
    return new Date(this.clock.now().getTime() + offsetMs).toISOString();
  }
}
