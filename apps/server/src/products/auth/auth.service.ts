import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/sandbox/institutions';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import {
  type AccountNumbers,
  accountNumbers,
  type BankProfile,
  isAuthEligible,
  type NumbersOverride,
} from '../../engines/bank-numbers/bank-numbers';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import type { ItemsService } from '../items/items.service';
import { accountCountry, type ItemLogin, overrideFor, parseLogin } from './item-login';
import { billProduct } from './product-billing';

/** Bank identity of the sandbox institutions outside the US, for BIC, sort code and EFT numbers. */
const SANDBOX_BANKS: Readonly<Record<string, Omit<BankProfile, 'country'>>> = {
  ins_43: { eftInstitution: '021' },
  ins_116834: { bankCode: 'FPOB', sortPrefix: '04' },
  ins_117650: { bankCode: 'RBPL', sortPrefix: '83' },
  ins_117181: { bankCode: 'FPQR', sortPrefix: '04' },
};

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
    if (!accountIds && !accounts.some((a) => isAuthEligible(a.type, a.subtype)))
      throw new PlaidError('NO_AUTH_ACCOUNTS');
    const item = await billProduct(this.db, this.clock, resolved, 'auth');

    const login = parseLogin(item);
    // Each account's currency picks its scheme: a multi-country bank can hold GBP and EUR accounts.
    const numbers = accounts
      .filter((a) => isAuthEligible(a.type, a.subtype))
      .map((account) => ({
        account,
        numbers: numbersOf(account, login, profileFor(item.institution_id, account.iso_currency_code)),
      }));
    return { item, accounts, numbers };
  }
}

function numbersOf(account: AccountsTable, login: ItemLogin, profile: BankProfile): AccountNumbers {
  return accountNumbers({
    seed: login.seed,
    mask: account.mask,
    profile,
    sandboxTestNumbers: login.familiar && profile.country === 'US',
    override: overrideFor(login, account.position)?.numbers as NumbersOverride | undefined,
  });
}

/** The bank profile of an institution; US institutions keep their published routing numbers. */
function profileFor(institutionId: string, currency: string | null): BankProfile {
  const institution = findInstitution(institutionId);
  const [routing, wireRouting] = institution?.routing_numbers ?? [];
  return {
    country: accountCountry(institution?.country_codes ?? [], currency),
    ...(routing ? { routing, wireRouting: wireRouting ?? null } : {}),
    ...SANDBOX_BANKS[institutionId],
  };
}
