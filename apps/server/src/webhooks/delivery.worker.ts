import type { Kysely } from 'kysely';
import type { BackgroundWorker } from '../app-context';
import type { WebhookDeliveryConfig } from '../config';
import type { Database } from '../db/schema';
import type { JobQueue } from '../jobs/queue';
import type { Clock } from '../lib/clock';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryService } from './delivery.service';

/** The job that delivers one outbox event. */
export const DELIVER_JOB = 'webhook_deliver';

const BATCH = 50;

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
    queue.work<{ outboxId: number }>(DELIVER_JOB, async ({ outboxId }) => {
      await this.delivery.deliver(outboxId);
    });
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
      await this.queue.send(
        DELIVER_JOB,
        claimed.map((outboxId) => ({ outboxId })),
        trx,
      );
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

  private async tick(): Promise<void> {
    let queued = 0;
    try {
      queued = await this.dispatchOnce();
    } catch (err) {
      this.log.error({ err }, 'webhook dispatch failed');
    }
    // A full batch means more are due: go again at once rather than after a poll interval.
    this.schedule(queued >= BATCH ? 0 : this.config.pollMs);
  }
}
