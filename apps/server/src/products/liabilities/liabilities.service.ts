import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/institutions';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import type { ItemsService } from '../items/items.service';
import { billProduct } from '../items/product-billing';
import type { StoredLiability } from './liabilities.repository';
import type { LiabilitiesStore } from './liabilities.store';

/** What /liabilities/get answers with: the accounts asked for and their liabilities. */
export interface LiabilitiesView {
  item: ItemsTable;
  accounts: AccountsTable[];
  liabilities: StoredLiability[];
}

/** Liabilities: what an Item's credit cards and loans owe, read from the store. */
export class LiabilitiesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
    private readonly store: LiabilitiesStore,
  ) {}

  /** The Item's accounts (all, or `accountIds`) with the liabilities of those among them that owe. */
  async get(clientId: string, accessToken: string, accountIds?: string[]): Promise<LiabilitiesView> {
    const resolved = await this.items.resolveHealthy(clientId, accessToken);
    const institution = findInstitution(resolved.institution_id);
    if (institution && !institution.products.includes('liabilities'))
      throw new PlaidError('PRODUCTS_NOT_SUPPORTED', `${institution.name} does not support liabilities`);
    const accounts = await listFiltered(new AccountsRepository(this.db), resolved.item_id, accountIds);
    const item = await billProduct(this.db, this.clock, resolved, 'liabilities');
    const shown = new Set(accounts.map((a) => a.account_id));
    const liabilities = (await this.store.read(item)).filter((l) => shown.has(l.accountId));
    return { item, accounts, liabilities };
  }
}
