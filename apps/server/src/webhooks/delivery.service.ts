import type { Kysely } from 'kysely';
import type { WebhookDeliveryConfig } from '../config';
import type { Database } from '../db/schema';
import type { Clock } from '../lib/clock';
import type { OutboundGuard } from '../lib/outbound-guard';
import { ItemsRepository } from '../products/items/items.repository';
import { DeliveryRepository, type OutboxRow } from './delivery.repository';
import { type PostResult, postJson } from './http-post';
import type { WebhookSigner } from './signer';

/** What a single delivery run did with an event. */
export type DeliveryOutcome = 'delivered' | 'retry' | 'failed' | 'skipped' | 'not-taken';

const USER_AGENT = 'Weft-Webhooks/1.0';

/**
 * Headers naming the event and the attempt. Plaid's bodies carry no id and Weft adds no field to
 * them, so a receiver recognises a redelivery by the event id, the same on every attempt (and the
 * inspector's `delivery_id`); the attempt number counts from 1.
 */
export const WEBHOOK_ID_HEADER = 'Weft-Webhook-Id';
export const WEBHOOK_ATTEMPT_HEADER = 'Weft-Webhook-Attempt';

/**
 * How long a worker holds an event it is sending: the request's time limit and a margin for signing
 * and recording. When a worker dies mid-delivery, the event is sent again this long after it was
 * taken (and first in its stream), so it is kept to a small multiple of the timeout.
 */
export function deliveryLeaseMs(config: Pick<WebhookDeliveryConfig, 'timeoutMs'>): number {
  return config.timeoutMs + LEASE_MARGIN_MS;
}

const LEASE_MARGIN_MS = 5_000;

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
    private readonly guard: OutboundGuard,
  ) {}

  /** Runs one delivery attempt for an event, if it is still queued and heads its stream. */
  async deliver(outboxId: number): Promise<DeliveryOutcome> {
    const repo = new DeliveryRepository(this.db, this.dialect);
    const event = await repo.take(outboxId, this.at(deliveryLeaseMs(this.config)));
    return event ? this.attempt(repo, event) : 'not-taken';
  }

  /** Runs one delivery attempt for the head of a stream, if it is due; 'not-taken' if none is. */
  async deliverNext(stream: string): Promise<DeliveryOutcome> {
    const repo = new DeliveryRepository(this.db, this.dialect);
    const event = await repo.takeNext(stream, this.at(0), this.at(deliveryLeaseMs(this.config)));
    return event ? this.attempt(repo, event) : 'not-taken';
  }

  /** Sends an event this worker has taken, records the attempt and settles it. */
  private async attempt(repo: DeliveryRepository, event: OutboxRow): Promise<DeliveryOutcome> {
    const target = await this.target(event);
    if (!target) {
      await repo.settle(event, 'skipped', this.at(0));
      return 'skipped';
    }
    const body = JSON.stringify(target.payload, null, 2);
    const startedAt = this.clock.now().toISOString();
    const headers: Record<string, string> = {
      'Content-Type': 'application/json',
      'User-Agent': USER_AGENT,
      [WEBHOOK_ID_HEADER]: String(event.id),
      [WEBHOOK_ATTEMPT_HEADER]: String(event.attempts),
    };
    let result: PostResult | undefined;
    try {
      headers['Plaid-Verification'] = await this.signer.sign(body);
    } catch (e) {
      // Nothing is sent unsigned. The signing key cannot be used (sealed under another key, or
      // unreadable): retrying will not change that, so the event fails now, with its reason in the
      // attempt, rather than bounce between leases for ever. Replay it once the key is fixed.
      result = {
        status: null,
        body: null,
        error: `webhook could not be signed: ${e instanceof Error ? e.message : String(e)}`,
        latencyMs: 0,
        permanent: true,
      };
    }
    result ??= await postJson(target.url, body, headers, {
      timeoutMs: this.config.timeoutMs,
      guard: this.guard,
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
      await repo.settle(event, 'delivered', startedAt);
      return 'delivered';
    }
    if (result.permanent || event.attempts >= this.config.maxAttempts) {
      await repo.settle(event, 'failed', startedAt);
      return 'failed';
    }
    await repo.settle(event, 'pending', this.at(retryDelayMs(event.attempts, this.config)));
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
