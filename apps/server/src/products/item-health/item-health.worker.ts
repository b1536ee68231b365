import type { BackgroundWorker } from '../../app-context';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import type { ItemHealthService } from './item-health.service';

/** Periodically looks for Items whose consent is about to expire or has expired. */
export class ItemHealthWorker implements BackgroundWorker {
  readonly name = 'item-health';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private active = false;

  constructor(
    private readonly service: ItemHealthService,
    private readonly intervalMs: number,
    private readonly log: WorkerLog,
  ) {}

  /** Starts scanning (first scan right away). */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops scanning and waits for a scan in progress. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One scan now; returns how many Items were looked at. */
  runOnce(): Promise<number> {
    return this.service.scanConsent();
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.service
        .scanConsent()
        .then(() => undefined)
        .catch((err: unknown) => this.log.error({ err }, 'item health scan failed'))
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
  }
}
