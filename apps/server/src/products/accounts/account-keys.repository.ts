import type { Db } from '../../db/schema';
import type { AccountKeysTable } from '../../db/tables/account-data';

/** How a source names each account of an Item (statement files). Every method is scoped by Item. */
export class AccountKeysRepository {
  constructor(private readonly db: Db) {}

  /** The Item's accounts by their source key. */
  async forItem(itemId: string): Promise<Map<string, AccountKeysTable>> {
    const rows = await this.db.selectFrom('account_keys').selectAll().where('item_id', '=', itemId).execute();
    return new Map(rows.map((r) => [r.account_key, r]));
  }

  /** Records the keys of new accounts. */
  async insertMany(rows: readonly AccountKeysTable[]): Promise<void> {
    if (rows.length > 0)
      await this.db
        .insertInto('account_keys')
        .values([...rows])
        .execute();
  }

  /** Records the as-of date of the balance last taken from the source. */
  async setBalanceDate(itemId: string, accountId: string, date: string | null): Promise<void> {
    await this.db
      .updateTable('account_keys')
      .set({ balance_date: date })
      .where('item_id', '=', itemId)
      .where('account_id', '=', accountId)
      .execute();
  }
}
