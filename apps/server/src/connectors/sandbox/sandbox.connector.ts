import { createHash } from 'node:crypto';
import { isKnownErrorCode, PlaidError } from '../../http/errors';
import type {
  AccountDetails,
  Connector,
  ConnectorLogin,
  LinkedSource,
  LinkInput,
  LinkResult,
  LinkStep,
  NormalizedAccount,
  ReadContext,
  SourceHealth,
  SourceRefresh,
  StoredAccountRef,
} from '../connector';
import type { Institution } from '../institution';
import { sandboxDetails } from './account-details';
import { currencyFor, goodUserAccounts } from './accounts';
import { creditUser, creditUserAccounts } from './credit-users/credit-users';
import { type CustomUserConfig, customAccounts, parseCustomConfig } from './custom-user';
import { findInstitution, SANDBOX_INSTITUTIONS } from './institutions';
import { sandboxInvestments } from './investments/sandbox-investments';
import { sandboxLiabilities } from './liabilities/sandbox-liabilities';
import { customMfaPlan, type MfaPlan, mfaPlanFor } from './mfa';
import { sandboxPayerLedger } from './payer-ledger';
import { sandboxPayroll } from './payroll/sandbox-payroll';
import { sandboxTransactions } from './simulation';

/** Plaid's sandbox test user, signed in when nobody types at Weft (an `authorized` link step). */
const TEST_USER = { username: 'user_good', password: 'pass_good' } as const;

/** Users that log in with `pass_good` and get the familiar accounts. */
const GOOD_USERS = new Set(['user_good', 'user_bank_income']);

const ERROR_TYPES_FROM_PASSWORD = new Set(['ITEM_ERROR', 'INSTITUTION_ERROR']);

/**
 * The sandbox: Plaid's simulated institutions and test users, with deterministic data seeded by
 * institution, user and configuration, so the same login always yields the same data.
 */
export class SandboxConnector implements Connector {
  readonly id = 'sandbox';
  readonly institutions: readonly Institution[] = SANDBOX_INSTITUTIONS;
  readonly listed = true;
  readonly environments = ['sandbox'] as const;
  readonly investments = sandboxInvestments;
  readonly liabilities = sandboxLiabilities;
  readonly payroll = sandboxPayroll;
  readonly payerLedger = sandboxPayerLedger;

  /**
   * Runs one link step; the sandbox keeps no session, so each step checks the credentials again.
   * Authorized without Weft asking, it signs in Plaid's test user (`user_good` / `pass_good`), or
   * the user the input names, and that user answers its own challenges.
   */
  async link(step: LinkStep, input: LinkInput): Promise<LinkResult> {
    if (step.kind === 'authorized')
      return this.linkNow(
        { kind: 'credentials' },
        {
          institutionId: input.institutionId,
          username: input.username ?? TEST_USER.username,
          password: input.password ?? TEST_USER.password,
          unattended: true,
        },
      );
    return this.linkNow(step, input);
  }

  /**
   * The accounts a login has, with their owners, and its transactions as they stand on the
   * context's day (simulation.ts). Balances are stated at link; afterwards the store carries them
   * as a bank does, by what posts and what is pending.
   */
  async refresh(source: LinkedSource, since: string | null, context?: ReadContext): Promise<SourceRefresh> {
    const accounts = this.accountsOf(source.login, source.institutionId);
    const details = sandboxDetails(
      source,
      accounts.map((a, position) => ({ ...a, position })),
    );
    const read = context
      ? sandboxTransactions(source, accounts, since, context)
      : { transactions: [], released: [] };
    return {
      accounts: accounts.map((a) => ({
        ...a,
        balanceStated: false,
        balanceDate: null,
        numbers: null,
        carry: 'bank' as const,
      })),
      owners: Object.fromEntries(accounts.map((a, i) => [a.key, details[i]?.owners ?? []])),
      ...read,
    };
  }

  /**
   * Always healthy: the sandbox's failing logins are already held where Weft reads them, and
   * reporting them here too would fail an Item twice. `error_<CODE>` passwords (and a custom user's
   * `force_error`) fail at link, so no Item exists; /sandbox/item/reset_login and an expired consent
   * write ITEM_LOGIN_REQUIRED on the Item in the store (products/item-health), and update mode
   * clears it there.
   */
  async health(): Promise<SourceHealth> {
    return { status: 'healthy' };
  }

  /** Numbers and owners derived from the login's seed (account-details.ts). */
  async details(source: LinkedSource, accounts: readonly StoredAccountRef[]): Promise<AccountDetails[]> {
    return sandboxDetails(source, accounts);
  }

  private linkNow(step: LinkStep, input: LinkInput): LinkResult {
    const institution = findInstitution(input.institutionId);
    if (!institution) return { status: 'error', error: new PlaidError('INVALID_INSTITUTION') };
    if (!institution.supported)
      return { status: 'error', error: new PlaidError('INSTITUTION_NO_LONGER_SUPPORTED') };

    const username = input.username ?? '';
    const password = input.password ?? '';
    const passwordError = errorFromPassword(password);
    if (passwordError) return { status: 'error', error: passwordError };

    let custom: CustomUserConfig | undefined;
    let plan: MfaPlan | null;
    if (username === 'user_custom') {
      const parsed = parseCustomConfig(password);
      if (typeof parsed === 'string')
        return { status: 'error', error: new PlaidError('INVALID_CREDENTIALS', parsed) };
      custom = parsed;
      if (custom.force_error) {
        const forced = errorFromPassword(`error_${custom.force_error}`);
        if (forced) return { status: 'error', error: forced };
      }
      plan = custom.mfa ? customMfaPlan(custom.mfa) : null;
    } else {
      const familiar = familiarLogin(username, password);
      if (familiar === 'invalid') return { status: 'error', error: new PlaidError('INVALID_CREDENTIALS') };
      plan = familiar;
    }

    // Unattended, the sandbox user answers its own challenges: the documented answers always pass.
    if (plan && !input.unattended) {
      const round = step.kind === 'mfa' ? decodeState(step.state) : -1;
      if (round >= 0) {
        const expected = plan.rounds[round]?.answers ?? [];
        const given = step.kind === 'mfa' ? step.answers : [];
        if (expected.length !== given.length || expected.some((a, i) => a !== given[i]?.trim()))
          return { status: 'error', error: new PlaidError('INVALID_MFA') };
      }
      const next = round + 1;
      const nextRound = plan.rounds[next];
      if (nextRound) return { status: 'mfa', challenge: nextRound.challenge, state: encodeState(next) };
    }

    const login: ConnectorLogin = {
      username,
      seed: seedOf(input.institutionId, username, custom ? password : ''),
      ...(custom ? { extra: { custom } } : {}),
    };
    const accounts = this.accountsOf(login, input.institutionId);
    if (accounts.length === 0) return { status: 'error', error: new PlaidError('NO_ACCOUNTS') };
    return { status: 'linked', login, accounts };
  }

  private accountsOf(login: ConnectorLogin, institutionId: string): NormalizedAccount[] {
    const institution = findInstitution(institutionId);
    const currency = currencyFor(institution?.country_codes ?? ['US']);
    const custom = login.extra?.custom as CustomUserConfig | undefined;
    if (custom) return customAccounts(custom, currency);
    const persona = creditUser(login.username);
    return persona ? creditUserAccounts(persona, currency) : goodUserAccounts(currency);
  }
}

/**
 * Checks a familiar sandbox user's password and returns its MFA plan (null: none). Plaid's form is
 * `user_good` with `mfa_device`, `mfa_questions_<r>_<q>` or `mfa_selections` as the password;
 * Weft also takes those as usernames with `pass_good`. Plaid's dynamic-transactions user takes any
 * password, its Credit and Income users (credit-users/) any but a blank one, and its Bank Income
 * user `{}`.
 */
function familiarLogin(username: string, password: string): MfaPlan | null | 'invalid' {
  const byUsername = mfaPlanFor(username);
  if (byUsername) return password === 'pass_good' ? byUsername : 'invalid';
  if (username === 'user_transactions_dynamic') return password.length > 0 ? null : 'invalid';
  if (creditUser(username)) return password.trim().length > 0 ? null : 'invalid';
  if (username === 'user_bank_income' && password === '{}') return null;
  if (!GOOD_USERS.has(username)) return 'invalid';
  if (password === 'pass_good') return null;
  return (username === 'user_good' && mfaPlanFor(password)) || 'invalid';
}

/** `error_<CODE>` passwords produce that Item or institution error, as in Plaid's sandbox. */
function errorFromPassword(password: string): PlaidError | null {
  const m = /^error_([A-Z_]+)$/.exec(password);
  if (!m) return null;
  const code = m[1]!;
  if (!isKnownErrorCode(code)) return null;
  const error = new PlaidError(code);
  return ERROR_TYPES_FROM_PASSWORD.has(error.type) ? error : null;
}

function seedOf(institutionId: string, username: string, config: string): string {
  return createHash('sha256')
    .update(`${institutionId}\u0000${username}\u0000${config}`)
    .digest('hex')
    .slice(0, 24);
}

function encodeState(round: number): string {
  return Buffer.from(JSON.stringify({ round })).toString('base64url');
}

function decodeState(state: string): number {
  try {
    const parsed = JSON.parse(Buffer.from(state, 'base64url').toString('utf8')) as { round?: unknown };
    return typeof parsed.round === 'number' ? parsed.round : -1;
  } catch {
    return -1;
  }
}
