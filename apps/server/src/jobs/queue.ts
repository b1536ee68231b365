import type { Db } from '../db/schema';

/** Handles one job's data. Throwing marks the job failed; handlers should record their own outcome. */
export type JobHandler<T> = (data: T) => Promise<void>;

/**
 * The queue port: named jobs with JSON data, run by workers registered with `work`. Adapters:
 * in-process (embedded SQLite, one process) and pg-boss (PostgreSQL, any number of processes, each
 * job handed to one worker). Durable state lives in Weft's own tables (the outbox); the queue only
 * decides who runs what, so handlers must be idempotent.
 */
export interface JobQueue {
  readonly kind: 'in-process' | 'pg-boss';
  /** Registers a handler for a job name; takes effect from start(). */
  work<T extends object>(name: string, handler: JobHandler<T>): void;
  /**
   * Enqueues jobs. With `db` a transaction, the jobs exist only if it commits (pg-boss writes them
   * in that transaction; the in-process queue runs them after it, and handlers re-check state).
   */
  send<T extends object>(name: string, jobs: T[], db?: Db): Promise<void>;
  /** Wakes this process's worker for `name` now; call after committing a transaction that sent jobs. */
  notify(name: string): void;
  /** Starts running handlers. */
  start(): Promise<void>;
  /** Stops taking jobs and waits for running handlers to finish; leaves no timers or sockets. */
  stop(): Promise<void>;
}
