import type { Db } from '../../db/schema';
import type { AccountsTable } from '../../db/tables/core';
import { ItemsRepository } from '../items/items.repository';
import { notifySyncUpdates } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { buildRow, transactionId } from '../transactions/transactions.rows';

/**
 * Writes a payment (or refund) onto the payer's transaction history, when the payer's Item has
 * transactions: one posted row at the Item's current sandbox day, the Item's change counter moved
 * on, and SYNC_UPDATES_AVAILABLE in the same transaction. `amountMinor` follows Plaid's sign:
 * positive when money leaves the account. Items without transactions are left as they are.
 */
export async function recordPayerTransaction(
  trx: Db,
  p: {
    clientId: string;
    account: AccountsTable;
    eventKey: string;
    description: string;
    amountMinor: number;
    now: string;
  },
): Promise<string | null> {
  const repo = new TransactionsRepository(trx);
  const state = await repo.state(p.account.item_id);
  const item = await new ItemsRepository(trx).find(p.clientId, p.account.item_id);
  if (!state || !item) return null;
  const version = state.seq + 1;
  const id = transactionId(item.item_id, p.eventKey, 'posted');
  await repo.insertMany([
    buildRow({
      itemId: item.item_id,
      accountId: p.account.account_id,
      accountType: p.account.type,
      currency: p.account.iso_currency_code,
      transactionId: id,
      eventKey: null,
      description: p.description,
      amount: p.amountMinor,
      pending: false,
      pendingTransactionId: null,
      date: state.sim_date,
      authorizedDate: state.sim_date,
      minute: null,
      location: null,
      mcc: null,
      series: null,
      version,
      addedVersion: version,
      now: p.now,
    }),
  ]);
  await repo.updateState(item.item_id, { seq: version, updated_at: p.now });
  await notifySyncUpdates(trx, item, p.now);
  return id;
}
