import type { BackgroundWorker } from '../app-context';
import type { WorkerLog } from '../webhooks/delivery.worker';

/**
 * A background job that runs at once on start and then every `intervalMs` after the previous run
 * ended, never two runs at a time; `stop()` waits for a run in progress. A failed run is logged
 * and the next one is scheduled as usual.
 */
export abstract class PeriodicWorker implements BackgroundWorker {
  abstract readonly name: string;
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private active = false;

  /** `unref`: the timer alone does not keep the process alive. */
  constructor(
    private readonly intervalMs: number,
    private readonly log: WorkerLog,
    private readonly failure: string,
    private readonly unref = false,
  ) {}

  /** One run now; resolves to how many things it handled. */
  abstract runOnce(): Promise<number>;

  /** Starts the schedule (first run right away). */
  async start(): Promise<void> {
    if (this.active) return;
    this.active = true;
    this.schedule(0);
  }

  /** Stops the schedule and waits for a run in progress. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.runOnce()
        .then(() => undefined)
        .catch((err: unknown) => this.log.error({ err, job: this.name }, this.failure))
        .finally(() => {
          this.running = null;
          this.schedule(this.intervalMs);
        });
    }, delayMs);
    if (this.unref) this.timer.unref();
  }
}
