import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/sandbox/institutions';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { type MatchScores, type MatchUser, matchOwners } from '../../engines/identity/match';
import { applyOverride, ownersFor, parseOwnerOverride, personaFor } from '../../engines/identity/persona';
import { type OwnerData, PLAID_SANDBOX_OWNER } from '../../engines/identity/personas.data';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import { accountCountry, overrideFor, parseLogin } from '../auth/item-login';
import { billProduct } from '../auth/product-billing';
import type { ItemsService } from '../items/items.service';

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
 * Owners come from the Item's seed (one persona per Item); Plaid's familiar sandbox users get
 * Plaid's documented sandbox identity, and custom users' `identity` overrides win field by field.
 */
export class IdentityService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
  ) {}

  /** Accounts (all, or `accountIds`) with their owners. */
  async get(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<{ item: ItemsTable; accounts: OwnedAccount[] }> {
    const { item, accounts } = await this.load(clientId, accessToken, accountIds, 'identity');
    return { item, accounts: ownedAccounts(item, accounts) };
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
      accounts: ownedAccounts(item, accounts).map(({ account, owners }) => ({
        account,
        scores: matchOwners(user ?? {}, owners, country),
      })),
    };
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

function ownedAccounts(item: ItemsTable, accounts: AccountsTable[]): OwnedAccount[] {
  const login = parseLogin(item);
  const persona = login.familiar ? null : personaFor(login.seed, countryOf(item, accounts));
  return accounts.map((account) => {
    const base = persona ? ownersFor(persona, account) : [PLAID_SANDBOX_OWNER];
    const override = parseOwnerOverride(overrideFor(login, account.position)?.identity);
    return { account, owners: override ? [applyOverride(base[0]!, override)] : base };
  });
}

function countryOf(item: ItemsTable, accounts: AccountsTable[]): string {
  const institution = findInstitution(item.institution_id);
  return accountCountry(institution?.country_codes ?? [], accounts[0]?.iso_currency_code ?? null);
}
