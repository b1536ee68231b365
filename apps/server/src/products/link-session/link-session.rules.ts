import { randomUUID } from 'node:crypto';
import type { MfaChallenge, NormalizedAccount } from '../../connectors/connector';
import type { LinkTokenConfig } from '../link/link.service';
import type { LinkEventInput } from './link-session.contract';

/** Where a Link session stands. */
export type SessionStep =
  | 'institution'
  | 'credentials'
  | 'mfa'
  | 'oauth'
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
 * Accounts the link token's `account_filters` allow: with filters, only the listed types, and
 * within each only the listed subtypes (or every subtype for `all`).
 */
export function eligibleAccounts(
  config: LinkTokenConfig,
  accounts: NormalizedAccount[],
): NormalizedAccount[] {
  const filters = config.account_filters as
    | Record<string, { account_subtypes: string[] } | undefined>
    | undefined;
  if (!filters) return accounts;
  return accounts.filter((a) => {
    const subtypes = filters[a.type]?.account_subtypes;
    if (!subtypes) return false;
    return subtypes.includes('all') || (a.subtype !== null && subtypes.includes(a.subtype));
  });
}

/** Plaid's onExit `status` for where the user left. */
export function exitStatus(step: SessionStep, state: SessionState): string | null {
  switch (step) {
    case 'credentials':
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
