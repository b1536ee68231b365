import { PeriodicWorker } from '../../jobs/periodic-worker';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import type { ItemHealthService } from './item-health.service';

/**
 * Periodically looks for Items whose consent is about to expire or has expired, and asks each
 * Item's connector whether its login can still be read.
 */
export class ItemHealthWorker extends PeriodicWorker {
  readonly name = 'item-health';

  constructor(
    private readonly service: ItemHealthService,
    intervalMs: number,
    log: WorkerLog,
  ) {
    super(intervalMs, log, 'item health scan failed');
  }

  /** One scan now; returns how many Items were looked at. */
  runOnce(): Promise<number> {
    return this.service.scan();
  }
}
