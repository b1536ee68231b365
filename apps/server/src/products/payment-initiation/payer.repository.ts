import type { Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';

/**
 * Reads the payer side of a payment: the client's Items at the bank the user authorised at, and
 * the account a debit lands on. Writes to accounts go through AccountsRepository.
 */
export class PayerRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /** This client's newest healthy Item at an institution, if any. */
  latestItemAt(clientId: string, institutionId: string, env: string): Promise<ItemsTable | undefined> {
    return this.db
      .selectFrom('items')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('institution_id', '=', institutionId)
      .where('env', '=', env)
      .where('error', 'is', null)
      .orderBy('created_at', 'desc')
      .orderBy('item_id', 'desc')
      .limit(1)
      .executeTakeFirst();
  }

  /**
   * An account of an Item, locked for the rest of the transaction on PostgreSQL so two debits of one
   * account cannot interleave their read and write. Dialect branch: SQLite has no FOR UPDATE; its
   * transactions already hold the database-wide write lock.
   */
  lockAccount(itemId: string, accountId: string): Promise<AccountsTable | undefined> {
    const q = this.db
      .selectFrom('accounts')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('account_id', '=', accountId);
    return (this.dialect === 'postgres' ? q.forUpdate() : q).executeTakeFirst();
  }
}
