import type { Kysely } from 'kysely';
import type { BackgroundWorker } from '../app-context';
import type { WebhookDeliveryConfig } from '../config';
import type { Database } from '../db/schema';
import type { JobQueue } from '../jobs/queue';
import type { Clock } from '../lib/clock';
import { DeliveryRepository } from './delivery.repository';
import type { DeliveryOutcome, DeliveryService } from './delivery.service';

/** The job that delivers outbox events, in order. */
export const DELIVER_JOB = 'webhook_deliver';

/** Events of one stream, oldest first (one, as dispatched now: the stream's head). */
interface DeliverJob {
  key: string;
  outboxIds: number[];
}

/** Outcomes after which the stream's next event may go. */
const SETTLED = new Set<DeliveryOutcome>(['delivered', 'failed', 'skipped']);

const BATCH = 50;
/**
 * Deliveries one client may have under way at once, across every worker: a client whose endpoint is
 * slow or down holds at most this many of the delivery slots, and other clients' webhooks take the
 * rest (a worker process runs 16 or more at once).
 */
export const CLIENT_IN_FLIGHT = 4;
/** Events of one stream a job sends back to back before leaving the rest to the next dispatch. */
const RUN_LENGTH = 20;
/** How often a worker purges deliveries past their retention (the first tick purges too). */
const PURGE_EVERY_MS = 3_600_000;

/** Something to report background work to (Fastify's logger fits). */
export interface WorkerLog {
  error(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

/** Told of every delivery run's outcome (the metrics count them). */
export type OutcomeObserver = (outcome: DeliveryOutcome) => void;

/**
 * The webhook worker: every `pollMs` it moves due outbox events to the job queue (in the same
 * transaction that marks them queued) and runs delivery jobs. Only the head of each stream (an
 * Item's oldest unsettled event) is dispatched, clients taking turns within a per-client cap; a job
 * delivers it and then the stream's next events while each settles, so an Item's webhooks go out
 * in the order they happened, one slow endpoint holds up only its own client's share, and different
 * Items go out in parallel. Safe to run in several processes on PostgreSQL: dispatchers skip rows
 * another holds, pg-boss hands each job to one worker, and a delivery only starts for an event that
 * is still queued and heads its stream.
 */
export class WebhookDeliveryWorker implements BackgroundWorker {
  readonly name = 'webhook-delivery';
  private timer: NodeJS.Timeout | null = null;
  private lastPurge = 0;
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
    private readonly onOutcome: OutcomeObserver = () => undefined,
  ) {
    queue.work<DeliverJob>(DELIVER_JOB, (job) => this.deliverInOrder(job));
  }

  /**
   * Delivers a job's events, then the stream's next ones for as long as each is settled (delivered
   * or given up on) and the next is due: a retry waiting for its time stops the run, and the events
   * behind it wait with it.
   */
  private async deliverInOrder({ key, outboxIds }: DeliverJob): Promise<void> {
    let outcome: DeliveryOutcome | undefined;
    for (const id of [...outboxIds].sort((a, b) => a - b))
      outcome = await this.run(key, id, () => this.delivery.deliver(id));
    for (let n = 0; n < RUN_LENGTH && this.active && outcome && SETTLED.has(outcome); n++)
      outcome = await this.run(key, undefined, () => this.delivery.deliverNext(key));
    // The run's slot (and its client's share) is free: fill it now rather than at the next poll.
    this.wake();
  }

  /** Runs one delivery and reports it; a failure of Weft's own (the database) is logged and ends the run. */
  private async run(
    key: string,
    id: number | undefined,
    deliver: () => Promise<DeliveryOutcome>,
  ): Promise<DeliveryOutcome | undefined> {
    try {
      const outcome = await deliver();
      if (outcome === 'not-taken' && id === undefined) return outcome;
      this.onOutcome(outcome);
      this.log.info({ job: DELIVER_JOB, job_key: key, outbox_id: id, outcome }, 'webhook delivery');
      return outcome;
    } catch (err) {
      // The event's lease runs out and it is dispatched again, still first in its stream.
      this.log.error({ err, job: DELIVER_JOB, job_key: key, outbox_id: id }, 'webhook delivery failed');
      return undefined;
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
    // Long enough for a job to wait its turn in the queue; the lease while sending is shorter.
    const lease = new Date(now.getTime() + Math.max(60_000, this.config.timeoutMs * 3)).toISOString();
    const claimed = await this.db.transaction().execute(async (trx) => {
      const events = await new DeliveryRepository(trx, this.dialect).claimDue(
        now.toISOString(),
        lease,
        BATCH,
        CLIENT_IN_FLIGHT,
      );
      const jobs = events.map((e) => ({ key: e.stream ?? `id:${e.id}`, outboxIds: [e.id] }));
      await this.queue.send(DELIVER_JOB, jobs, trx);
      return events.length;
    });
    if (claimed > 0) this.queue.notify(DELIVER_JOB);
    return claimed;
  }

  /** Dispatches now instead of at the next poll, unless a dispatch is under way or the worker stopped. */
  private wake(): void {
    if (!this.timer) return;
    clearTimeout(this.timer);
    this.timer = null;
    this.schedule(0);
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
