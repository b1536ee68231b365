import type { Db } from '../../db/schema';
import type { AccountNumbersTable } from '../../db/tables/account-data';

/** Account and routing numbers per account, stated by a source or given by its connector. Every method is scoped by Item. */
export class AccountNumbersRepository {
  constructor(private readonly db: Db) {}

  /** The Item's stored numbers by account id. */
  async forItem(itemId: string): Promise<Map<string, AccountNumbersTable>> {
    const rows = await this.db
      .selectFrom('account_numbers')
      .selectAll()
      .where('item_id', '=', itemId)
      .execute();
    return new Map(rows.map((r) => [r.account_id, r]));
  }

  /** Stores an account's numbers unless it has some already (a source's stated ones stay). */
  async insertIfAbsent(row: AccountNumbersTable): Promise<void> {
    await this.db
      .insertInto('account_numbers')
      .values(row)
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
  }

  /** Stores an account's numbers, replacing what was stored for it. */
  async upsert(row: AccountNumbersTable): Promise<void> {
    const { account_id: _id, item_id: _item, ...fields } = row;
    await this.db
      .insertInto('account_numbers')
      .values(row)
      .onConflict((oc) =>
        oc.column('account_id').doUpdateSet(fields).where('account_numbers.item_id', '=', row.item_id),
      )
      .execute();
  }
}
