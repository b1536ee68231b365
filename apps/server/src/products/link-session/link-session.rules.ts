import { randomUUID } from 'node:crypto';
import type { MfaChallenge, NormalizedAccount } from '../../connectors/connector';
import { PlaidError } from '../../http/errors';
import type { LinkTokenConfig } from '../link/link.service';
import type { LinkEventInput } from './link-session.contract';

/** Where a Link session stands. */
export type SessionStep =
  | 'institution'
  | 'credentials'
  | 'mfa'
  | 'oauth'
  | 'files'
  | 'select_account'
  | 'done'
  | 'exited';

/** A Link event as /link/token/get reports it. */
export interface LinkEventRecord {
  event_id: string;
  event_name: string;
  timestamp: string;
  event_metadata: Record<string, string>;
}

/** Non-secret progress of a session, stored as JSON on its row. */
export interface SessionState {
  challenge?: MfaChallenge;
  /** The connector's opaque MFA round state; never sent to the browser. */
  connectorState?: string;
  oauth?: 'pending' | 'approved' | 'denied';
  /** Account ids offered on the account pane; a selection must come from these. */
  offered?: string[];
  /**
   * The Item statement uploads created for this session, not yet handed to the app: removed if
   * the user leaves without finishing, shared on success.
   */
  filesItemId?: string;
}

/**
 * How Link lets the user pick accounts. Plaid configures this per Link customization in its
 * dashboard; Weft reads the link token's `link_customization_name`: `account_select_single`
 * (exactly one), `account_select_all` (no pane: every eligible account), anything else multiple.
 */
export function accountSelectMode(config: LinkTokenConfig): 'single' | 'multi' | 'all' {
  if (config.link_customization_name === 'account_select_single') return 'single';
  if (config.link_customization_name === 'account_select_all') return 'all';
  return 'multi';
}

/**
 * Link's account filter when the link token gives none: as Plaid's Link does, `auth` among the
 * token's products keeps only the accounts Auth reads; other products leave every account shown
 * (Plaid asks apps to pass `account_filters` to narrow them).
 */
const AUTH_ACCOUNTS = { depository: { account_subtypes: ['checking', 'savings', 'cash management'] } };

/** The account filters Link applies: the link token's own, else the default its products imply. */
function accountFiltersOf(
  config: LinkTokenConfig,
): Record<string, { account_subtypes: string[] } | undefined> | undefined {
  if (config.account_filters)
    return config.account_filters as Record<string, { account_subtypes: string[] } | undefined>;
  return config.products?.includes('auth') ? AUTH_ACCOUNTS : undefined;
}

/**
 * Accounts the link token's `account_filters` allow: with filters, only the listed types, and
 * within each only the listed subtypes (or every subtype for `all`). Without filters, `auth`
 * among the products allows only checking, savings and cash management accounts.
 */
export function eligibleAccounts<A extends Pick<NormalizedAccount, 'type' | 'subtype'>>(
  config: LinkTokenConfig,
  accounts: A[],
): A[] {
  const filters = accountFiltersOf(config);
  if (!filters) return accounts;
  return accounts.filter((a) => {
    const subtypes = filters[a.type]?.account_subtypes;
    if (!subtypes) return false;
    return subtypes.includes('all') || (a.subtype !== null && subtypes.includes(a.subtype));
  });
}

/** Why Link has no account to offer: the token's filters matched none, or Auth found none it reads. */
export function noEligibleAccounts(config: LinkTokenConfig): PlaidError {
  return config.account_filters
    ? new PlaidError('NO_ACCOUNTS', 'no accounts match the account filters of this link token')
    : new PlaidError('NO_AUTH_ACCOUNTS');
}

/** Plaid's onExit `status` for where the user left. */
export function exitStatus(step: SessionStep, state: SessionState): string | null {
  switch (step) {
    case 'credentials':
    case 'files':
      // Plaid has no status for an upload; like a sign-in, it is what the institution needs next.
      return 'requires_credentials';
    case 'mfa':
      if (state.challenge?.type === 'questions') return 'requires_questions';
      if (state.challenge?.type === 'selections') return 'requires_selections';
      return 'requires_code';
    case 'oauth':
      return 'requires_oauth';
    case 'select_account':
      return 'requires_account_selection';
    case 'institution':
      return 'institution_not_found';
    default:
      return null;
  }
}

/** The event_metadata fields /link/token/get may carry, all strings (Plaid's LinkEventMetadata). */
const EVENT_METADATA_FIELDS = new Set([
  'error_code',
  'error_message',
  'error_type',
  'exit_status',
  'institution_id',
  'institution_name',
  'institution_search_query',
  'request_id',
  'mfa_type',
  'view_name',
  'selection',
  'brand_name',
  'match_reason',
  'routing_number',
  'account_number_mask',
]);

/** A UI event stamped for storage. Only Plaid's metadata fields are kept, and only as strings. */
export function eventRecord(e: LinkEventInput, timestamp: string): LinkEventRecord {
  const metadata: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.metadata))
    if (EVENT_METADATA_FIELDS.has(k) && typeof v === 'string') metadata[k] = v.slice(0, 200);
  return {
    event_id: randomUUID(),
    event_name: e.event_name.slice(0, 64),
    timestamp,
    event_metadata: metadata,
  };
}
