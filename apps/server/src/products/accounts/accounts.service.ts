import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { errors } from '../../http/errors';
import { EpochCache } from '../../lib/epoch-cache';
import type { ItemsService } from '../items/items.service';
import { AccountsRepository } from './accounts.repository';

/** Accounts of an Item, as products read them. */
export class AccountsService {
  private readonly cache: EpochCache<AccountsTable[]>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    changeEpoch: () => number | null = () => null,
  ) {
    this.cache = new EpochCache(changeEpoch);
  }

  /** Resolves the access token and lists the Item's accounts, filtered by `accountIds` if given. */
  async list(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<{ item: ItemsTable; accounts: AccountsTable[] }> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const accounts = accountIds
      ? await listFiltered(new AccountsRepository(this.db), item.item_id, accountIds)
      : await this.ofItem(item.item_id);
    return { item, accounts };
  }

  /** The visible accounts of an Item the caller has already resolved. */
  ofItem(itemId: string): Promise<AccountsTable[]> {
    return this.cache.get(itemId, () => new AccountsRepository(this.db).list(itemId));
  }
}

/**
 * An Item's accounts restricted to `accountIds`; INVALID_ACCOUNT_ID when any id is not one of the
 * Item's visible accounts (including other clients' accounts, which are never revealed).
 */
export async function listFiltered(
  repo: AccountsRepository,
  itemId: string,
  accountIds?: string[],
): Promise<AccountsTable[]> {
  if (!accountIds) return repo.list(itemId);
  const unique = [...new Set(accountIds)];
  const rows = await repo.list(itemId, unique);
  if (rows.length !== unique.length) throw errors.invalidAccountId();
  return rows;
}
