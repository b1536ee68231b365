import { createHash } from 'node:crypto';
import { isKnownErrorCode, PlaidError } from '../../http/errors';
import type { Connector, ConnectorLogin, LoginInput, LoginResult, NormalizedAccount } from '../connector';
import { currencyFor, goodUserAccounts } from './accounts';
import { type CustomUserConfig, customAccounts, parseCustomConfig } from './custom-user';
import { findInstitution } from './institutions';
import { customMfaPlan, type MfaPlan, mfaPlanFor } from './mfa';

/** Users that log in with `pass_good` and get the familiar accounts. */
const GOOD_USERS = new Set([
  'user_good',
  'user_transactions_dynamic',
  'mfa_device',
  'mfa_selections',
  'user_bank_income',
  'user_credit_profile_good',
]);

const ERROR_TYPES_FROM_PASSWORD = new Set(['ITEM_ERROR', 'INSTITUTION_ERROR']);

/**
 * The sandbox: Plaid's simulated institutions and test users, with deterministic data seeded by
 * institution, user and configuration, so the same login always yields the same data.
 */
export class SandboxConnector implements Connector {
  readonly id = 'sandbox';

  login(input: LoginInput): LoginResult {
    const institution = findInstitution(input.institutionId);
    if (!institution) return { status: 'error', error: new PlaidError('INVALID_INSTITUTION') };

    const passwordError = errorFromPassword(input.password);
    if (passwordError) return { status: 'error', error: passwordError };

    let custom: CustomUserConfig | undefined;
    let plan: MfaPlan | null;
    if (input.username === 'user_custom') {
      const parsed = parseCustomConfig(input.password);
      if (typeof parsed === 'string')
        return { status: 'error', error: new PlaidError('INVALID_CREDENTIALS', parsed) };
      custom = parsed;
      if (custom.force_error) {
        const forced = errorFromPassword(`error_${custom.force_error}`);
        if (forced) return { status: 'error', error: forced };
      }
      plan = custom.mfa ? customMfaPlan(custom.mfa) : null;
    } else {
      const mfaUser = /^mfa_questions_\d_\d$/.test(input.username);
      if (!(GOOD_USERS.has(input.username) || mfaUser) || !acceptsPassword(input.username, input.password))
        return { status: 'error', error: new PlaidError('INVALID_CREDENTIALS') };
      plan = mfaPlanFor(input.username);
    }

    if (plan) {
      const round = input.state ? decodeState(input.state) : -1;
      if (round >= 0) {
        const expected = plan.rounds[round]?.answers ?? [];
        const given = input.mfaAnswers ?? [];
        if (expected.length !== given.length || expected.some((a, i) => a !== given[i]?.trim()))
          return { status: 'error', error: new PlaidError('INVALID_MFA') };
      }
      const next = round + 1;
      const nextRound = plan.rounds[next];
      if (nextRound) return { status: 'mfa', challenge: nextRound.challenge, state: encodeState(next) };
    }

    const login: ConnectorLogin = {
      username: input.username,
      seed: seedOf(input.institutionId, input.username, custom ? input.password : ''),
      ...(custom ? { extra: { custom } } : {}),
    };
    const accounts = this.accounts(login, input.institutionId);
    if (accounts.length === 0) return { status: 'error', error: new PlaidError('NO_ACCOUNTS') };
    return { status: 'ok', login, accounts };
  }

  accounts(login: ConnectorLogin, institutionId: string): NormalizedAccount[] {
    const institution = findInstitution(institutionId);
    const currency = currencyFor(institution?.country_codes ?? ['US']);
    const custom = login.extra?.custom as CustomUserConfig | undefined;
    return custom ? customAccounts(custom, currency) : goodUserAccounts(currency);
  }
}

/** `pass_good` for the familiar users; Plaid's dynamic-transactions user takes any password. */
function acceptsPassword(username: string, password: string): boolean {
  if (username === 'user_transactions_dynamic') return password.length > 0;
  return password === 'pass_good';
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
