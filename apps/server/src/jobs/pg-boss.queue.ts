import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type { Db } from '../db/schema';
import type { JobHandler, JobQueue } from './queue';

/** Options for the pg-boss adapter. */
export interface PgBossQueueOptions {
  connectionString: string;
  /** How often an idle worker looks for jobs (pg-boss's floor is 0.5 s). */
  pollingIntervalSeconds?: number;
  /** Connections pg-boss may open. */
  maxConnections?: number;
  /** Jobs a worker takes per fetch; it fetches again once fewer than this many are running. */
  batchSize?: number;
  onError?: (err: unknown) => void;
}

/**
 * Jobs through pg-boss on PostgreSQL: several processes may run workers on one database and each
 * job is fetched by exactly one of them (pg-boss claims with SKIP LOCKED). Jobs sent with a Kysely
 * transaction are inserted in that transaction.
 */
export class PgBossQueue implements JobQueue {
  readonly kind = 'pg-boss' as const;
  private readonly handlers = new Map<string, JobHandler<object>>();
  private readonly workerIds = new Map<string, string>();
  /** Handler runs in progress, so stop() can wait for every one, not only those pg-boss tracks. */
  private readonly inFlight = new Set<Promise<void>>();
  private boss: PgBoss | null = null;
  private stopping = false;

  constructor(private readonly options: PgBossQueueOptions) {}

  /** Registers a handler. */
  work<T extends object>(name: string, handler: JobHandler<T>): void {
    this.handlers.set(name, handler as JobHandler<object>);
  }

  /** Inserts jobs, in the given transaction when there is one, and wakes this process's worker. */
  async send<T extends object>(name: string, jobs: T[], db?: Db): Promise<void> {
    if (jobs.length === 0) return;
    const boss = this.requireStarted();
    const conn = db ? { db: kyselyAdapter(db) } : {};
    await boss.insert(
      jobs.map((data) => ({ name, data })),
      conn,
    );
    // A job sent inside a transaction is invisible until commit; waking now would find nothing.
    if (!db) this.notify(name);
  }

  /** Wakes this process's worker for `name` now instead of at its next poll. */
  notify(name: string): void {
    const id = this.workerIds.get(name);
    if (id && this.boss) this.boss.notifyWorker(id);
  }

  /** Connects, installs pg-boss's schema if needed, creates the queues and starts the workers. */
  async start(): Promise<void> {
    if (this.boss) return;
    this.stopping = false;
    const boss = new PgBoss({
      connectionString: this.options.connectionString,
      max: this.options.maxConnections ?? 4,
      schedule: false,
      application_name: 'weft-jobs',
    });
    boss.on('error', (err) => this.options.onError?.(err));
    await boss.start();
    this.boss = boss;
    try {
      for (const [name, handler] of this.handlers) {
        await ensureQueue(boss, name);
        this.workerIds.set(name, await this.startWorker(boss, name, handler));
      }
    } catch (err) {
      await this.stop();
      throw err;
    }
  }

  private startWorker(boss: PgBoss, name: string, handler: JobHandler<object>): Promise<string> {
    const batchSize = this.options.batchSize ?? 16;
    return boss.work<object>(
      name,
      { pollingIntervalSeconds: this.options.pollingIntervalSeconds ?? 2, batchSize, includeMetadata: true },
      async (fetched) => {
        // pg-boss returns a batch in no particular order; hand jobs over in the order they were sent.
        const batch = [...fetched].sort((a, b) => a.createdOn.getTime() - b.createdOn.getTime());
        // pg-boss fails a whole batch when its handler throws; settle each job on its own instead
        // (handlers keep their state in Weft's tables, and the outbox re-queues anything lost).
        // A fetch that was under way when stop() began can still hand over jobs; refuse them so
        // pg-boss retries them elsewhere rather than running work on connections being closed.
        if (this.stopping) throw new Error('job queue is stopping');
        // Each job runs on its own: the next fetch waits for a free slot, not for the slowest job of
        // this batch, so one slow job never holds up the jobs sent after it. pg-boss counts a job
        // done once handed over; what it stands for is kept in Weft's tables, which re-queue it
        // should this process die first.
        for (const job of batch)
          this.track(handler(job.data)).catch((err: unknown) => this.options.onError?.(err));
        while (this.inFlight.size >= batchSize) await Promise.race(this.inFlight).catch(() => undefined);
        // A full batch means more may be waiting: fetch again at once instead of after a poll.
        if (batch.length >= batchSize) this.notify(name);
      },
    );
  }

  /** Stops the workers, waits for every running job, and closes pg-boss's connections. */
  async stop(): Promise<void> {
    const boss = this.boss;
    if (!boss) return;
    // Stays set until the next start(): a late fetch must not run jobs after stop() returned.
    this.stopping = true;
    this.boss = null;
    this.workerIds.clear();
    await boss.stop({ graceful: true, wait: true, timeout: 30_000 });
    await Promise.allSettled([...this.inFlight]);
  }

  private track(run: Promise<void>): Promise<void> {
    this.inFlight.add(run);
    return run.finally(() => this.inFlight.delete(run));
  }

  private requireStarted(): PgBoss {
    if (!this.boss) throw new Error('job queue is not started');
    return this.boss;
  }
}

/**
 * Creates a queue unless it exists. Worker processes starting together race to create it, and
 * pg-boss's DDL can then deadlock or collide; the loser waits a moment and finds it made.
 */
async function ensureQueue(boss: PgBoss, name: string): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    if (await boss.getQueue(name)) return;
    try {
      await boss.createQueue(name);
      return;
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 25 * attempt + Math.floor(Math.random() * 50)));
    }
  }
}

/** Lets pg-boss run its SQL on a Kysely connection or transaction. */
function kyselyAdapter(db: Db): PgBoss.Db {
  return {
    async executeSql(text: string, values: unknown[]) {
      const result = await db.executeQuery(CompiledQuery.raw(text, values));
      return { rows: result.rows as unknown[] };
    },
  };
}
