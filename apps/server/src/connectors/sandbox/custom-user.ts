import { toMinor } from '../../lib/money';
import type { NormalizedAccount } from '../connector';
import { investmentsOverrideProblem } from './investments/custom-investments';
import { liabilityOverrideProblem } from './liabilities/custom-liability';

/** One account of a custom sandbox user, in Plaid's documented `override_accounts` format. */
export interface OverrideAccount {
  type: string;
  subtype?: string | null;
  starting_balance?: number;
  force_available_balance?: number;
  currency?: string;
  meta?: { name?: string; official_name?: string; limit?: number; mask?: string };
  transactions?: unknown[];
  [extra: string]: unknown;
}

/** A custom sandbox user's configuration (`user_custom` with the JSON as the password). */
export interface CustomUserConfig {
  override_accounts?: OverrideAccount[];
  mfa?: {
    type?: string;
    question_rounds?: number;
    questions_per_round?: number;
    selection_rounds?: number;
    selections_per_question?: number;
  };
  force_error?: string;
  [extra: string]: unknown;
}

const ACCOUNT_TYPES = new Set(['depository', 'credit', 'loan', 'investment', 'other']);

/** Parses the password of a custom user; returns an error message when it is not a valid config. */
export function parseCustomConfig(password: string): CustomUserConfig | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(password);
  } catch {
    return 'custom user password must be a JSON configuration';
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return 'custom user configuration must be an object';
  const config = parsed as CustomUserConfig;
  if (config.override_accounts !== undefined) {
    if (!Array.isArray(config.override_accounts)) return 'override_accounts must be an array';
    for (const [i, a] of config.override_accounts.entries()) {
      if (!a || typeof a !== 'object') return `override_accounts[${i}] must be an object`;
      if (!ACCOUNT_TYPES.has(a.type))
        return `override_accounts[${i}].type must be one of ${[...ACCOUNT_TYPES].join(', ')}`;
      if (a.starting_balance !== undefined && typeof a.starting_balance !== 'number')
        return `override_accounts[${i}].starting_balance must be a number`;
      const liability =
        a.liability === undefined
          ? null
          : liabilityOverrideProblem(
              a.liability,
              { type: a.type, subtype: a.subtype ?? DEFAULT_SUBTYPE[a.type] ?? null },
              `override_accounts[${i}].liability`,
            );
      if (liability) return liability;
      const investments = investmentsOverrideProblem(a, `override_accounts[${i}]`);
      if (investments) return investments;
    }
  }
  return config;
}

const DEFAULT_SUBTYPE: Record<string, string> = {
  depository: 'checking',
  credit: 'credit card',
  loan: 'student',
  investment: 'brokerage',
  other: 'other',
};

/** Accounts of a custom user; masks default to a running sequence. */
export function customAccounts(config: CustomUserConfig, fallbackCurrency: string): NormalizedAccount[] {
  return (config.override_accounts ?? []).map((a, i) => {
    const subtype = a.subtype ?? DEFAULT_SUBTYPE[a.type] ?? null;
    const currency = a.currency ?? fallbackCurrency;
    const current = toMinor(a.starting_balance ?? 0, currency);
    const isDepository = a.type === 'depository';
    const mask = a.meta?.mask ?? String(1000 + i).padStart(4, '0');
    return {
      key: `custom-${i}`,
      name: a.meta?.name ?? `Custom ${subtype ?? a.type}`,
      officialName: a.meta?.official_name ?? null,
      mask,
      type: a.type,
      subtype,
      current,
      available:
        a.force_available_balance !== undefined
          ? toMinor(a.force_available_balance, currency)
          : isDepository
            ? current
            : null,
      limit: a.meta?.limit !== undefined ? toMinor(a.meta.limit, currency) : null,
      currency,
    };
  });
}
