import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';

/** Outbox statuses still waiting to go out: due or retrying, handed to the queue, being sent. */
const WAITING = ['pending', 'queued', 'delivering'] as const;

/** Status of an outbox event not yet settled. */
export type WaitingStatus = (typeof WAITING)[number];

/**
 * Counts read at scrape time, across every tenant: they describe the deployment, never one client's
 * data, so they are the one place where reads are not scoped by client.
 */
export class MetricsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Outbox events not yet delivered or given up on, by status (served by outbox_due_idx). */
  async webhookQueueDepth(): Promise<Record<WaitingStatus, number>> {
    const rows = await this.db
      .selectFrom('outbox')
      .select(['status', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('status', 'in', [...WAITING])
      .groupBy('status')
      .execute();
    const depth: Record<WaitingStatus, number> = { pending: 0, queued: 0, delivering: 0 };
    for (const r of rows) depth[r.status as WaitingStatus] = Number(r.n);
    return depth;
  }

  /** Items by environment and connector. */
  async itemCounts(): Promise<{ env: string; connector: string; n: number }[]> {
    const rows = await this.db
      .selectFrom('items')
      .select(['env', 'connector', (eb) => eb.fn.countAll<string | number>().as('n')])
      .groupBy(['env', 'connector'])
      .execute();
    return rows.map((r) => ({ env: r.env, connector: r.connector, n: Number(r.n) }));
  }
}
