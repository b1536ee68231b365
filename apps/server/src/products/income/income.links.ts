import type { ConnectorRegistry } from '../../connectors/registry';
import type { Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { PlaidError } from '../../http/errors';
import { type Clock, isoDate } from '../../lib/clock';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { linkedSourceOf } from '../items/item-login';
import type { ItemCreateOptions } from '../items/items.service';
import { initializeTransactions } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { UsersRepository } from '../users/users.repository';
import { invalidUser } from '../users/users.service';
import { DEFAULT_BANK_INCOME_DAYS } from './bank-income.service';
import { PayrollIncomeRepository } from './payroll-income.repository';

/**
 * Attaches an Item made in an Income Link session (or by /sandbox/public_token/create with a
 * user) to its user, in the Item's creation transaction. A bank Item starts pulling its
 * transactions, which its income is found in; a payroll Item's paystubs are read from its source
 * at once, so INCOME_VERIFICATION tells the app they are ready.
 */
export async function attachIncomeItem(
  trx: Db,
  deps: { clock: Clock; connectors: ConnectorRegistry },
  item: ItemsTable,
  accounts: AccountsTable[],
  options: ItemCreateOptions,
): Promise<void> {
  const income = options.income;
  if (!income) return;
  const user = await new UsersRepository(trx).byId(item.client_id, income.userId);
  if (!user) throw invalidUser('user_id');
  const now = deps.clock.now();
  const source = income.sourceTypes.includes('payroll') ? 'payroll' : 'bank';
  const days = income.daysRequested ?? DEFAULT_BANK_INCOME_DAYS;
  await new UsersRepository(trx).linkItem(user, item.item_id, source, days, now.toISOString());
  if (source === 'bank') {
    if (!(await new TransactionsRepository(trx).state(item.item_id)))
      await initializeTransactions(
        trx,
        deps.connectors.get(item.connector),
        item,
        accounts,
        now,
        Math.max(days, 90),
      );
    return;
  }
  const payroll = deps.connectors.get(item.connector).payroll?.payroll(linkedSourceOf(item), isoDate(now));
  if (!payroll)
    throw new PlaidError('PRODUCTS_NOT_SUPPORTED', 'this institution holds no payroll for Payroll Income');
  await new PayrollIncomeRepository(trx).write(item.item_id, payroll, isoDate(now), now.toISOString());
  await new OutboxRepository(trx).enqueue(
    {
      clientId: item.client_id,
      itemId: item.item_id,
      webhookType: 'INCOME',
      webhookCode: 'INCOME_VERIFICATION',
      payload: {
        item_id: item.item_id,
        user_id: user.user_id,
        verification_status: 'VERIFICATION_STATUS_PROCESSING_COMPLETE',
        environment: item.env,
      },
    },
    now.toISOString(),
    Boolean(item.webhook),
  );
}
