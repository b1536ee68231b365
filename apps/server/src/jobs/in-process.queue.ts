import type { Db } from '../db/schema';
import type { JobHandler, JobQueue } from './queue';

interface Pending {
  name: string;
  data: object;
}

/**
 * Runs jobs in this process, at most `concurrency` at a time. Used with embedded SQLite, where a
 * single process owns the database; jobs held in memory are lost on exit, which is safe because
 * their durable state (the outbox) is re-read by whoever enqueued them.
 */
export class InProcessQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  private readonly handlers = new Map<string, JobHandler<object>>();
  private readonly pending: Pending[] = [];
  private readonly running = new Set<Promise<void>>();
  private started = false;

  constructor(
    private readonly concurrency = 4,
    private readonly onError: (err: unknown, name: string) => void = () => undefined,
  ) {}

  /** Registers a handler. */
  work<T extends object>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<object>);
  }

  /** Queues jobs; with a transaction they wait for notify(), called once it has committed. */
  async send<T extends object>(name: string, jobs: T[], db?: Db): Promise<void> {
    for (const data of jobs) this.pending.push({ name, data });
    if (!db) this.notify(name);
  }

  /** Runs queued jobs on the next tick. */
  notify(_name: string): void {
    if (this.started) setImmediate(() => this.pump());
  }

  /** Starts running queued jobs. */
  async start(): Promise<void> {
    this.started = true;
    this.pump();
  }

  /** Drops jobs not yet started and waits for running ones. */
  async stop(): Promise<void> {
    this.started = false;
    this.pending.length = 0;
    await Promise.allSettled([...this.running]);
  }

  private pump(): void {
    while (this.started && this.running.size < this.concurrency && this.pending.length > 0) {
      const job = this.pending.shift()!;
      const handler = this.handlers.get(job.name);
      if (!handler) {
        this.onError(new Error(`no handler for job ${job.name}`), job.name);
        continue;
      }
      const run: Promise<void> = handler(job.data)
        .catch((err: unknown) => this.onError(err, job.name))
        .finally(() => {
          this.running.delete(run);
          this.pump();
        });
      this.running.add(run);
    }
  }
}
