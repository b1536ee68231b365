import { PeriodicWorker } from '../../jobs/periodic-worker';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import type { LiveRefreshService } from './live-refresh.service';

/** How often the worker looks for live Items whose next read is due. */
export const LIVE_SCAN_MS = 60_000;

/** Reads live sources again on their schedule (products/live-refresh). */
export class LiveRefreshWorker extends PeriodicWorker {
  readonly name = 'live-refresh';

  constructor(
    private readonly service: LiveRefreshService,
    intervalMs: number,
    log: WorkerLog,
  ) {
    super(intervalMs, log, 'live refresh scan failed');
  }

  /** One scan now; returns how many Items were read. */
  runOnce(): Promise<number> {
    return this.service.scan();
  }
}
