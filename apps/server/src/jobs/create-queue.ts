import type { Config } from '../config';
import { InProcessQueue } from './in-process.queue';
import { PgBossQueue } from './pg-boss.queue';
import type { JobQueue } from './queue';

/** Where a queue reports failures of its own (not of the jobs' work, which handlers record). */
export interface QueueLog {
  error(obj: object, msg: string): void;
}

/**
 * The queue for this deployment: pg-boss on PostgreSQL (several worker processes share it), in
 * process on embedded SQLite. Nothing connects until start(), so API-only processes stay light.
 */
export function createJobQueue(config: Config, log: QueueLog): JobQueue {
  if (config.database.dialect === 'postgres')
    return new PgBossQueue({
      connectionString: config.database.url,
      // pg-boss polls no faster than every 0.5 s; dispatchers also wake their own worker directly.
      pollingIntervalSeconds: Math.max(0.5, config.webhookDelivery.pollMs / 1000),
      onError: (err) => log.error({ err }, 'job queue error'),
    });
  // Webhook deliveries mostly wait on other servers; each client holds at most a few of these slots.
  return new InProcessQueue(16, (err, name) => log.error({ err, job: name }, 'job failed'));
}
