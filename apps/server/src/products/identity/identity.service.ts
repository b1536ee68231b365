import type { Kysely } from 'kysely';
import { accountCountry } from '../../connectors/institution';
import { findInstitution } from '../../connectors/institutions';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { type MatchScores, type MatchUser, matchOwners } from '../../engines/identity/match';
import type { OwnerData } from '../../engines/identity/personas.data';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import type { AccountDetailsStore } from '../items/account-details.store';
import type { ItemsService } from '../items/items.service';
import { billProduct } from '../items/product-billing';

/** An account with its owners. */
export interface OwnedAccount {
  account: AccountsTable;
  owners: OwnerData[];
}

/** An account with its match scores. */
export interface ScoredAccount {
  account: AccountsTable;
  scores: MatchScores;
}

/**
 * Identity: who holds an Item's accounts, and how well an app's view of its user matches them.
 * Owners are read from the store, where the Item's source put them (the sandbox: one persona per
 * Item from its seed, Plaid's documented identity for familiar users, custom users' overrides).
 */
export class IdentityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
    private readonly details: AccountDetailsStore,
  ) {}

  /** Accounts (all, or `accountIds`) with their owners. */
  async get(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<{ item: ItemsTable; accounts: OwnedAccount[] }> {
    const { item, accounts } = await this.load(clientId, accessToken, accountIds, 'identity');
    return { item, accounts: await this.owned(item, accounts) };
  }

  /** Accounts (all, or `accountIds`) with the user's match scores against their owners. */
  async match(
    clientId: string,
    accessToken: string,
    user: MatchUser | undefined,
    accountIds?: string[],
  ): Promise<{ item: ItemsTable; accounts: ScoredAccount[] }> {
    const { item, accounts } = await this.load(clientId, accessToken, accountIds, 'identity_match');
    const country = countryOf(item, accounts);
    return {
      item,
      accounts: (await this.owned(item, accounts)).map(({ account, owners }) => ({
        account,
        scores: matchOwners(user ?? {}, owners, country),
      })),
    };
  }

  /** Owners as the store holds them (written from the Item's source). */
  private async owned(item: ItemsTable, accounts: AccountsTable[]): Promise<OwnedAccount[]> {
    const owners = await this.details.owners(item, accounts);
    return accounts.map((account, i) => ({ account, owners: owners[i] ?? [] }));
  }

  private async load(
    clientId: string,
    accessToken: string,
    accountIds: string[] | undefined,
    product: 'identity' | 'identity_match',
  ): Promise<{ item: ItemsTable; accounts: AccountsTable[] }> {
    const resolved = await this.items.resolveHealthy(clientId, accessToken);
    const institution = findInstitution(resolved.institution_id);
    // Identity Match runs on Identity data, so an institution with Identity serves both.
    if (institution && !institution.products.includes(product) && !institution.products.includes('identity'))
      throw new PlaidError('PRODUCTS_NOT_SUPPORTED', `${institution.name} does not support ${product}`);
    const accounts = await listFiltered(new AccountsRepository(this.db), resolved.item_id, accountIds);
    const billable = institution?.products.includes(product) ? product : 'identity';
    return { item: await billProduct(this.db, this.clock, resolved, billable), accounts };
  }
}

function countryOf(item: ItemsTable, accounts: AccountsTable[]): string {
  const institution = findInstitution(item.institution_id);
  return accountCountry(institution?.country_codes ?? [], accounts[0]?.iso_currency_code ?? null);
}
