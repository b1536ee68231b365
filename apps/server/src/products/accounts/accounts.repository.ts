import type { NormalizedAccount } from '../../connectors/connector';
import type { Db } from '../../db/schema';
import type { AccountsTable } from '../../db/tables/core';
import { randomId } from '../../lib/ids';

/** A new account row for an Item, from a connector's account, with a fresh account id. */
export function newAccountRow(
  itemId: string,
  a: NormalizedAccount,
  position: number,
  now: string,
  hidden = false,
): AccountsTable {
  return {
    account_id: randomId(37),
    item_id: itemId,
    position,
    name: a.name,
    official_name: a.officialName,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    balance_current: a.current,
    balance_available: a.available,
    balance_limit: a.limit,
    iso_currency_code: a.currency,
    verification_status: null,
    persistent_account_id: null,
    hidden: hidden ? 1 : 0,
    updated_at: now,
  };
}

/** Accounts of Items. Callers pass the Item they already resolved for their client. */
export class AccountsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts accounts. */
  async insertMany(rows: AccountsTable[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('accounts').values(rows).execute();
  }

  /** Visible accounts of an Item in institution order, optionally only the given ids. */
  list(itemId: string, accountIds?: readonly string[]): Promise<AccountsTable[]> {
    let q = this.db.selectFrom('accounts').selectAll().where('item_id', '=', itemId).where('hidden', '=', 0);
    if (accountIds) q = q.where('account_id', 'in', accountIds.length > 0 ? [...accountIds] : ['']);
    return q.orderBy('position').execute();
  }

  /** Every account of an Item, hidden ones too (update mode, connectors). */
  listAll(itemId: string): Promise<AccountsTable[]> {
    return this.db
      .selectFrom('accounts')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('position')
      .execute();
  }

  /** Sets which accounts of an Item are shared with the app. */
  async setVisible(itemId: string, accountIds: readonly string[], now: string): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ hidden: 1, updated_at: now })
      .where('item_id', '=', itemId)
      .execute();
    if (accountIds.length > 0)
      await this.db
        .updateTable('accounts')
        .set({ hidden: 0, updated_at: now })
        .where('item_id', '=', itemId)
        .where('account_id', 'in', [...accountIds])
        .execute();
  }

  /** Updates one account's balances (minor units). */
  async setBalances(
    itemId: string,
    accountId: string,
    b: { current: number | null; available: number | null },
    now: string,
  ): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({ balance_current: b.current, balance_available: b.available, updated_at: now })
      .where('item_id', '=', itemId)
      .where('account_id', '=', accountId)
      .execute();
  }
}
