import type { Kysely } from 'kysely';
import type { BackgroundWorker } from '../app-context';
import type { WebhookDeliveryConfig } from '../config';
import type { Database } from '../db/schema';
import type { JobQueue } from '../jobs/queue';
import type { Clock } from '../lib/clock';
import { type ClaimedEvent, DeliveryRepository } from './delivery.repository';
import type { DeliveryService } from './delivery.service';

/** The job that delivers outbox events, in order. */
export const DELIVER_JOB = 'webhook_deliver';

/** Events of one Item (or one URL), oldest first. */
interface DeliverJob {
  key: string;
  outboxIds: number[];
}

/** Splits claimed events into one job per destination, keeping event order within each. */
export function groupByDestination(events: ClaimedEvent[]): DeliverJob[] {
  const groups = new Map<string, number[]>();
  for (const e of events) {
    const key = e.item_id ? `item:${e.item_id}` : e.webhook_url ? `url:${e.webhook_url}` : `id:${e.id}`;
    const ids = groups.get(key) ?? [];
    ids.push(e.id);
    groups.set(key, ids);
  }
  return [...groups].map(([key, outboxIds]) => ({ key, outboxIds }));
}

const BATCH = 50;
/** How often a worker purges deliveries past their retention (the first tick purges too). */
const PURGE_EVERY_MS = 3_600_000;

/** Something to report background failures to (Fastify's logger fits). */
export interface WorkerLog {
  error(obj: object, msg: string): void;
}

/**
 * The webhook worker: every `pollMs` it moves due outbox events to the job queue (in the same
 * transaction that marks them queued) and runs delivery jobs. Safe to run in several processes on
 * PostgreSQL: dispatchers skip rows another holds, pg-boss hands each job to one worker, and a
 * delivery only starts for an event still `queued`.
 */
export class WebhookDeliveryWorker implements BackgroundWorker {
  readonly name = 'webhook-delivery';
  private timer: NodeJS.Timeout | null = null;
  private lastPurge = 0;
  /** Events waiting in this process, per Item, behind the delivery in progress for it. */
  private readonly runs = new Map<string, number[]>();
  private running: Promise<void> | null = null;
  private active = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    private readonly delivery: DeliveryService,
    private readonly config: WebhookDeliveryConfig,
    private readonly log: WorkerLog,
  ) {
    // One job per Item (or URL) in event order, and jobs of one Item run one after another in this
    // process, so an app sees an Item's webhooks in the order they happened (across several worker
    // processes, order is best effort, as with Plaid); different Items go out in parallel.
    queue.work<DeliverJob>(DELIVER_JOB, (job) => this.deliverInOrder(job));
  }

  /**
   * Delivers a job's events one after another. When this process is already delivering for the
   * same Item, the events join that run's list instead of waiting in a slot of their own, so one
   * slow endpoint never holds up other Items' webhooks.
   */
  private async deliverInOrder({ key, outboxIds }: DeliverJob): Promise<void> {
    const running = this.runs.get(key);
    if (running) {
      // Outbox ids grow with time, so keeping the list sorted keeps the Item's events in order
      // even when a queue hands jobs over in another order.
      running.push(...outboxIds);
      running.sort((a, b) => a - b);
      return;
    }
    const list = [...outboxIds].sort((a, b) => a - b);
    this.runs.set(key, list);
    // Let the other jobs of the same batch join the list before the first delivery starts.
    await Promise.resolve();
    try {
      for (let id = list.shift(); id !== undefined; id = list.shift()) {
        // A failure here is Weft's (the database), not the endpoint's; the event's lease runs out
        // and it is dispatched again, so carry on with the rest.
        await this.delivery.deliver(id).catch((err: unknown) => {
          this.log.error({ err, outbox_id: id }, 'webhook delivery failed');
        });
      }
    } finally {
      this.runs.delete(key);
    }
  }

  /** Starts the queue and the polling loop. */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    try {
      await this.queue.start();
    } catch (err) {
      this.active = false;
      throw err;
    }
    this.schedule(0);
  }

  /** Stops polling, waits for the dispatch in progress, then drains and closes the queue. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.queue.stop();
  }

  /** Dispatches due events now; returns how many were queued (tests and `weft` tools use it). */
  async dispatchOnce(): Promise<number> {
    const now = this.clock.now();
    const lease = new Date(now.getTime() + Math.max(60_000, this.config.timeoutMs * 3)).toISOString();
    const ids = await this.db.transaction().execute(async (trx) => {
      const claimed = await new DeliveryRepository(trx, this.dialect).claimDue(
        now.toISOString(),
        lease,
        BATCH,
      );
      await this.queue.send(DELIVER_JOB, groupByDestination(claimed), trx);
      return claimed;
    });
    if (ids.length > 0) this.queue.notify(DELIVER_JOB);
    return ids.length;
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.tick().finally(() => {
        this.running = null;
      });
    }, delayMs);
  }

  /** Purges settled deliveries older than the retention period; returns how many went. */
  async purgeOnce(): Promise<number> {
    const cutoff = new Date(
      this.clock.now().getTime() - this.config.retentionDays * 86_400_000,
    ).toISOString();
    let total = 0;
    for (;;) {
      const n = await this.db
        .transaction()
        .execute((trx) => new DeliveryRepository(trx, this.dialect).purgeSettled(cutoff, 500));
      total += n;
      if (n < 500) return total;
    }
  }

  private async tick(): Promise<void> {
    let queued = 0;
    try {
      queued = await this.dispatchOnce();
      if (Date.now() - this.lastPurge >= PURGE_EVERY_MS) {
        this.lastPurge = Date.now();
        await this.purgeOnce();
      }
    } catch (err) {
      this.log.error({ err }, 'webhook dispatch failed');
    }
    // A full batch means more are due: go again at once rather than after a poll interval.
    this.schedule(queued >= BATCH ? 0 : this.config.pollMs);
  }
}
