import type { Kysely } from 'kysely';
import { Counter, collectDefaultMetrics, Gauge, Registry } from 'prom-client';
import type { Database } from '../db/schema';
import type { DeliveryOutcome } from '../webhooks/delivery.service';
import { MetricsRepository } from './metrics.repository';
import { RequestDurations } from './request-durations';

let processRegistry: Registry | undefined;

/**
 * CPU, memory, event loop and GC metrics describe the process, not one app, so they are collected
 * once per process however many apps it builds (tests build many).
 */
function processMetrics(): Registry {
  if (!processRegistry) {
    processRegistry = new Registry();
    collectDefaultMetrics({ register: processRegistry });
  }
  return processRegistry;
}

/** How a webhook delivery attempt ended, as counted (an event another worker took is not counted). */
export type CountedOutcome = 'delivered' | 'failed' | 'retried' | 'skipped';

const OUTCOMES: Partial<Record<DeliveryOutcome, CountedOutcome>> = {
  delivered: 'delivered',
  failed: 'failed',
  retry: 'retried',
  skipped: 'skipped',
};

/** Where something that can go wrong at scrape time reports it. */
export interface MetricsLog {
  warn(obj: object, msg: string): void;
}

/**
 * Weft's metrics for one built app: request latencies by route, webhook outcomes counted where
 * deliveries run, and the webhook queue depth and Item counts read from the database at scrape time
 * (so every process, whatever its roles, reports the deployment's queue).
 */
export class WeftMetrics {
  private readonly registry = new Registry();
  readonly requests = new RequestDurations(this.registry);
  private readonly webhookOutcomes = new Counter({
    name: 'weft_webhook_deliveries_total',
    help: 'Webhook delivery attempts run by this process, by outcome (delivered, failed, retried, skipped)',
    labelNames: ['outcome'],
    registers: [this.registry],
  });

  constructor(db: Kysely<Database>, log: MetricsLog) {
    const repo = new MetricsRepository(db);
    const failed = new Counter({
      name: 'weft_metrics_collect_errors_total',
      help: 'Scrapes whose database counts could not be read (the gauges then keep their last values)',
      registers: [this.registry],
    });
    const guard = async (what: string, read: () => Promise<void>) => {
      try {
        await read();
      } catch (err) {
        failed.inc();
        log.warn({ err }, `metrics: could not read ${what}`);
      }
    };
    new Gauge({
      name: 'weft_webhook_queue_depth',
      help: 'Webhook events waiting in the outbox, by status (pending: due or awaiting a retry; queued; delivering)',
      labelNames: ['status'],
      registers: [this.registry],
      async collect() {
        await guard('the webhook queue', async () => {
          for (const [status, n] of Object.entries(await repo.webhookQueueDepth())) this.set({ status }, n);
        });
      },
    });
    new Gauge({
      name: 'weft_items',
      help: 'Items, by environment and connector',
      labelNames: ['environment', 'connector'],
      registers: [this.registry],
      async collect() {
        await guard('Item counts', async () => {
          const rows = await repo.itemCounts();
          this.reset();
          for (const r of rows) this.set({ environment: r.env, connector: r.connector }, r.n);
        });
      },
    });
    for (const o of Object.values(OUTCOMES)) this.webhookOutcomes.inc({ outcome: o }, 0);
  }

  /** Counts a finished delivery run. */
  webhookOutcome(outcome: DeliveryOutcome): void {
    const counted = OUTCOMES[outcome];
    if (counted) this.webhookOutcomes.inc({ outcome: counted });
  }

  /** Content type of render(). */
  get contentType(): string {
    return this.registry.contentType;
  }

  /** The Prometheus text exposition: process metrics, then Weft's. */
  async render(): Promise<string> {
    const [proc, own] = await Promise.all([processMetrics().metrics(), this.registry.metrics()]);
    return proc + own;
  }
}
