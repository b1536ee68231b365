import {
  type AccountNumbers,
  accountNumbers,
  type BankProfile,
  isAuthEligible,
  type NumbersOverride,
} from '../../engines/bank-numbers/bank-numbers';
import { applyOverride, ownersFor, parseOwnerOverride, personaFor } from '../../engines/identity/persona';
import { PLAID_SANDBOX_OWNER } from '../../engines/identity/personas.data';
import type { AccountDetails, LinkedSource, StoredAccountRef } from '../connector';
import { accountCountry } from '../institution';
import { creditUserOwners } from './credit-users/credit-users';
import { findInstitution } from './institutions';

/** Bank identity of the sandbox institutions outside the US, for BIC, sort code and EFT numbers. */
const SANDBOX_BANKS: Readonly<Record<string, Omit<BankProfile, 'country'>>> = {
  ins_43: { eftInstitution: '021' },
  ins_116834: { bankCode: 'FPOB', sortPrefix: '04' },
  ins_117650: { bankCode: 'RBPL', sortPrefix: '83' },
  ins_117181: { bankCode: 'FPQR', sortPrefix: '04' },
};

/** What the details read of a sandbox login. */
interface SandboxLogin {
  seed: string;
  /** One of the familiar test users (user_good and friends), whose data Plaid documents. */
  familiar: boolean;
  /** A custom user's `override_accounts`, in account order. */
  overrides: Record<string, unknown>[];
}

/**
 * Numbers and owners of a sandbox Item's accounts, derived from its login's seed: Plaid's
 * documented test numbers and identity for the familiar users, one generated persona per custom
 * Item (a joint owner on savings), and a custom user's `numbers` and `identity` overrides.
 */
export function sandboxDetails(
  source: LinkedSource,
  accounts: readonly StoredAccountRef[],
): AccountDetails[] {
  const login = sandboxLogin(source);
  const institution = findInstitution(source.institutionId);
  const countries = institution?.country_codes ?? [];
  const country = accountCountry(countries, accounts[0]?.currency ?? null);
  const persona = login.familiar ? null : personaFor(login.seed, country);
  const familiarOwners = (login.familiar && creditUserOwners(source.login.username)) || [PLAID_SANDBOX_OWNER];
  return accounts.map((account) => {
    const override = login.overrides[account.position];
    const base = persona ? ownersFor(persona, account) : familiarOwners;
    const ownerOverride = parseOwnerOverride(isObject(override?.identity) ? override.identity : undefined);
    return {
      numbers: isAuthEligible(account.type, account.subtype)
        ? numbersOf(account, login, profileFor(source.institutionId, account.currency), override)
        : null,
      owners: ownerOverride ? [applyOverride(base[0]!, ownerOverride)] : base,
    };
  });
}

function sandboxLogin(source: LinkedSource): SandboxLogin {
  const custom = source.login.extra?.custom as { override_accounts?: unknown } | undefined;
  const overrides = Array.isArray(custom?.override_accounts)
    ? (custom.override_accounts as unknown[]).map((o) =>
        o && typeof o === 'object' ? (o as Record<string, unknown>) : {},
      )
    : [];
  return { seed: source.login.seed, familiar: !custom && source.login.username !== '', overrides };
}

function numbersOf(
  account: StoredAccountRef,
  login: SandboxLogin,
  profile: BankProfile,
  override: Record<string, unknown> | undefined,
): AccountNumbers {
  return accountNumbers({
    seed: login.seed,
    mask: account.mask,
    profile,
    sandboxTestNumbers: login.familiar && profile.country === 'US',
    override: isObject(override?.numbers) ? (stringFields(override.numbers) as NumbersOverride) : undefined,
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

function isObject(v: unknown): v is Record<string, unknown> {
  return Boolean(v) && typeof v === 'object' && !Array.isArray(v);
}

function stringFields(o: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(o).filter((e): e is [string, string] => typeof e[1] === 'string'));
}
