import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { InvestmentsStateTable } from '../../db/tables/investments';
import type { TransactionsStateTable } from '../../db/tables/transactions';

/** What an Item's transactions updates have done so far, as /item/get's status needs it. */
export type TransactionsUpdates = Pick<
  TransactionsStateTable,
  'initial_ready_at' | 'historical_ready_at' | 'last_successful_update' | 'last_failed_update'
>;

/** Reads behind /item/get's `status`; every read is for an Item already resolved for its client. */
export class ItemStatusRepository {
  constructor(private readonly db: Db) {}

  /** The Item's transactions update times, or undefined when Weft pulls no transactions for it. */
  transactionsUpdates(item: ItemsTable): Promise<TransactionsUpdates | undefined> {
    return this.db
      .selectFrom('transactions_state')
      .select(['initial_ready_at', 'historical_ready_at', 'last_successful_update', 'last_failed_update'])
      .where('item_id', '=', item.item_id)
      .executeTakeFirst();
  }

  /** The Item's investments update times, or undefined when Weft pulls no investments for it. */
  investmentsUpdates(
    item: ItemsTable,
  ): Promise<Pick<InvestmentsStateTable, 'last_successful_update' | 'last_failed_update'> | undefined> {
    return this.db
      .selectFrom('investments_state')
      .select(['last_successful_update', 'last_failed_update'])
      .where('item_id', '=', item.item_id)
      .executeTakeFirst();
  }

  /**
   * The Item's webhook most recently fired: the event whose first HTTP attempt is the latest, with
   * the time of that attempt. Attempts go when their event is purged (WEFT_WEBHOOK_RETENTION_DAYS).
   */
  async lastFiredWebhook(item: ItemsTable): Promise<{ sent_at: string; code_sent: string } | undefined> {
    const row = await this.db
      .selectFrom('webhook_attempts as a')
      .innerJoin('outbox as o', 'o.id', 'a.outbox_id')
      .select(['a.started_at', 'o.webhook_code'])
      .where('a.item_id', '=', item.item_id)
      .where('o.client_id', '=', item.client_id)
      .where('a.attempt', '=', 1)
      .orderBy('a.id', 'desc')
      .limit(1)
      .executeTakeFirst();
    return row ? { sent_at: row.started_at, code_sent: row.webhook_code } : undefined;
  }
}
