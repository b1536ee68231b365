import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { PeriodicWorker } from '../../jobs/periodic-worker';
import { type Clock, isoDate } from '../../lib/clock';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import type { LiabilitiesStore } from './liabilities.store';

/** How often Items whose data moved are looked for. */
const SCAN_EVERY_MS = 5_000;
/** Items brought up to date in one run. */
const BATCH = 20;

/**
 * Brings liabilities up to the day their Item's data stands at without waiting for a read: after
 * the sandbox clock or a refresh moved an Item, and once a day for Items whose data follows the
 * calendar, so LIABILITIES DEFAULT_UPDATE tells the app there is something new to read.
 */
export class LiabilitiesRefreshWorker extends PeriodicWorker {
  readonly name = 'liabilities-refresh';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly store: LiabilitiesStore,
    private readonly clock: Clock,
    log: WorkerLog,
  ) {
    super(SCAN_EVERY_MS, log, 'liabilities refresh failed', true);
  }

  /** One pass over Items whose liabilities stand at an older day; returns how many it rewrote. */
  async runOnce(): Promise<number> {
    const today = isoDate(this.clock.now());
    const stale = await this.db
      .selectFrom('liabilities')
      .innerJoin('items', 'items.item_id', 'liabilities.item_id')
      .leftJoin('transactions_state', 'transactions_state.item_id', 'liabilities.item_id')
      .selectAll('items')
      .distinct()
      .where('items.error', 'is', null)
      .where((eb) =>
        eb.or([
          eb.and([
            eb('transactions_state.sim_date', 'is not', null),
            eb('liabilities.as_of', '<>', eb.ref('transactions_state.sim_date')),
          ]),
          eb.and([eb('transactions_state.sim_date', 'is', null), eb('liabilities.as_of', '<', today)]),
        ]),
      )
      .limit(BATCH)
      .execute();
    for (const item of stale) await this.store.read(item);
    return stale.length;
  }
}
