import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { PeriodicWorker } from '../../jobs/periodic-worker';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import type { TransactionsService } from '../transactions/transactions.service';
import type { StatementsStore } from './statements.store';

/** How often pending refreshes are looked for. */
const SCAN_EVERY_MS = 1_000;
/** Items handled in one run. */
const BATCH = 20;

/**
 * Completes /statements/refresh requests that were waiting for their Item's ledger, so
 * STATEMENTS_REFRESH_COMPLETE goes out without a read: SUCCESS once the ledger is in, FAILURE for
 * an Item whose login broke first.
 */
export class StatementsRefreshWorker extends PeriodicWorker {
  readonly name = 'statements-refresh';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: StatementsStore,
    private readonly transactions: TransactionsService,
    log: WorkerLog,
  ) {
    super(SCAN_EVERY_MS, log, 'statements refresh failed', true);
  }

  /** One pass over Items with pending refreshes; returns how many Items it completed. */
  async runOnce(): Promise<number> {
    const items = await this.db
      .selectFrom('statement_windows')
      .innerJoin('items', 'items.item_id', 'statement_windows.item_id')
      .selectAll('items')
      .distinct()
      .where('statement_windows.status', '=', 'pending')
      .limit(BATCH)
      .execute();
    if (items.length === 0) return 0;
    // Histories that are due land first (the transactions worker does this too; loads are shared).
    await this.transactions.loadDueHistories();
    let completed = 0;
    for (const item of items) {
      if (item.error) await this.store.failPending(item);
      else if (await this.store.readyLedger(item)) await this.store.update(item);
      else continue;
      completed++;
    }
    return completed;
  }
}
