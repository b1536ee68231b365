import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/institutions';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { AccountNumbers } from '../../engines/bank-numbers/bank-numbers';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import type { AccountDetailsStore } from '../items/account-details.store';
import type { ItemsService } from '../items/items.service';
import { billProduct } from '../items/product-billing';

/** Numbers of one account, tagged with its id. */
export interface AccountWithNumbers {
  account: AccountsTable;
  numbers: AccountNumbers;
}

/** Auth: account and routing numbers of an Item's debitable accounts. */
export class AuthService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
    private readonly details: AccountDetailsStore,
  ) {}

  /**
   * The Item's accounts (all, or `accountIds`) and numbers for the depository ones. Throws
   * PRODUCTS_NOT_SUPPORTED when the institution has no Auth and NO_AUTH_ACCOUNTS when the Item
   * holds no account that can move money.
   */
  async get(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<{ item: ItemsTable; accounts: AccountsTable[]; numbers: AccountWithNumbers[] }> {
    const resolved = await this.items.resolveHealthy(clientId, accessToken);
    const institution = findInstitution(resolved.institution_id);
    if (institution && !institution.products.includes('auth'))
      throw new PlaidError('PRODUCTS_NOT_SUPPORTED', `${institution.name} does not support auth`);
    const repo = new AccountsRepository(this.db);
    const accounts = await listFiltered(repo, resolved.item_id, accountIds);
    // Numbers are in the store, whether a source stated them or its connector derived them.
    const numbersFor = await this.details.numbers(resolved, accounts);
    if (!accountIds && numbersFor.every((n) => n === null)) throw new PlaidError('NO_AUTH_ACCOUNTS');
    const item = await billProduct(this.db, this.clock, resolved, 'auth');
    const numbers = accounts.flatMap((account, i) => {
      const n = numbersFor[i];
      return n ? [{ account, numbers: n }] : [];
    });
    return { item, accounts, numbers };
  }
}
