import type { Db } from '../../db/schema';
import type { IncomeSource, UserItemsTable, UsersTable } from '../../db/tables/income';

/** A client's users and the Items linked for them; every method is scoped by the client. */
export class UsersRepository {
  constructor(private readonly db: Db) {}

  /** Adds a user. */
  async insert(row: UsersTable): Promise<void> {
    await this.db.insertInto('users').values(row).execute();
  }

  /** The client's user with this client_user_id, if any. */
  byClientUserId(clientId: string, clientUserId: string): Promise<UsersTable | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('client_user_id', '=', clientUserId)
      .executeTakeFirst();
  }

  /** The client's user by id. */
  byId(clientId: string, userId: string): Promise<UsersTable | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
  }

  /** The client's user whose token has this digest. */
  byTokenHash(clientId: string, tokenHash: string): Promise<UsersTable | undefined> {
    return this.db
      .selectFrom('users')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Deletes the client's user (its Item links and reports go with it); false when none. */
  async delete(clientId: string, userId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('users')
      .where('client_id', '=', clientId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Links an Item to the client's user. */
  async linkItem(
    user: UsersTable,
    itemId: string,
    source: IncomeSource,
    daysRequested: number,
    now: string,
  ): Promise<void> {
    await this.db
      .insertInto('user_items')
      .values({
        item_id: itemId,
        user_id: user.user_id,
        source,
        days_requested: daysRequested,
        created_at: now,
      })
      .execute();
  }

  /** How one of the client's Items was linked for a user, if it was. */
  itemLink(clientId: string, itemId: string): Promise<UserItemsTable | undefined> {
    return this.db
      .selectFrom('user_items')
      .innerJoin('users', 'users.user_id', 'user_items.user_id')
      .selectAll('user_items')
      .where('users.client_id', '=', clientId)
      .where('user_items.item_id', '=', itemId)
      .executeTakeFirst();
  }

  /** The Items linked for a user of the client, oldest first. */
  items(user: UsersTable, source?: IncomeSource): Promise<UserItemsTable[]> {
    let q = this.db
      .selectFrom('user_items')
      .innerJoin('users', 'users.user_id', 'user_items.user_id')
      .selectAll('user_items')
      .where('users.client_id', '=', user.client_id)
      .where('user_items.user_id', '=', user.user_id);
    if (source) q = q.where('user_items.source', '=', source);
    return q.orderBy('user_items.created_at').orderBy('user_items.item_id').execute();
  }
}
