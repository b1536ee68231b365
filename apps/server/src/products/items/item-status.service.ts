import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { Clock } from '../../lib/clock';
import { ItemStatusRepository, type TransactionsUpdates } from './item-status.repository';

/** /item/get's `status`: Plaid's ItemStatus, with null for what Weft has nothing to say about. */
export interface ItemStatusView {
  transactions: { last_successful_update: string | null; last_failed_update: string | null } | null;
  investments: { last_successful_update: string | null; last_failed_update: string | null } | null;
  last_webhook: { sent_at: string; code_sent: string } | null;
}

/**
 * The time of the Item's last successful transactions update as of `now`: the initial pull, the
 * historical pull and each later refresh count once they have completed, so an Item whose first
 * pull is still running reports none.
 */
export function lastSuccessfulUpdate(u: TransactionsUpdates, now: string): string | null {
  // The historical pull counts from its ready time, as /transactions/sync reports it complete
  // then, even if its rows are only stored on the next read.
  const done = [u.initial_ready_at, u.historical_ready_at, u.last_successful_update];
  const past = done.filter((t): t is string => t !== null && t <= now).sort();
  return past.at(-1) ?? null;
}

/** Item status for /item/get. */
export class ItemStatusService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * The Item's status. `last_webhook` is the last webhook Weft fired at the Item's URL: an event
   * counts once its first HTTP attempt went out, whatever the app answered, because Plaid reports
   * when it fired a webhook, not whether the app accepted it; events still waiting in the outbox,
   * or never sent because the Item had no webhook URL, do not count.
   */
  async of(item: ItemsTable): Promise<ItemStatusView> {
    const repo = new ItemStatusRepository(this.db);
    const updates = await repo.transactionsUpdates(item);
    const investments = await repo.investmentsUpdates(item);
    const now = this.clock.now().toISOString();
    return {
      transactions: updates
        ? {
            last_successful_update: lastSuccessfulUpdate(updates, now),
            last_failed_update: updates.last_failed_update,
          }
        : null,
      // The first pull's success time is when it becomes readable, so it is not reported before.
      investments: investments
        ? {
            last_successful_update:
              investments.last_successful_update !== null && investments.last_successful_update <= now
                ? investments.last_successful_update
                : null,
            last_failed_update: investments.last_failed_update,
          }
        : null,
      last_webhook: (await repo.lastFiredWebhook(item)) ?? null,
    };
  }
}
