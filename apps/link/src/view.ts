import type {
  LinkAccountChoice,
  LinkError,
  LinkInstitution,
  LinkMfaChallenge,
  LinkPane,
  LinkSuccessMetadata,
} from '../../server/src/products/link-session/link-session.contract';

/** What Link shows right now. */
export type View =
  | { v: 'loading' }
  | { v: 'consent' }
  | { v: 'payment' }
  | { v: 'institution' }
  | { v: 'credentials'; institution: LinkInstitution; error?: LinkError }
  | { v: 'mfa'; institution: LinkInstitution; challenge: LinkMfaChallenge; error?: LinkError }
  | { v: 'oauth'; institution: LinkInstitution; oauthUrl: string; redirect: boolean; waiting: boolean }
  | { v: 'select_account'; institution: LinkInstitution; accounts: LinkAccountChoice[]; multiple: boolean }
  | { v: 'success'; institution: LinkInstitution | null; public_token: string; metadata: LinkSuccessMetadata }
  | { v: 'error'; institution: LinkInstitution | null; error: LinkError; fatal: boolean };

/** The view for a pane the server chose. */
export function viewOf(p: LinkPane): View {
  switch (p.pane) {
    case 'institution':
      return { v: 'institution' };
    case 'credentials':
      return { v: 'credentials', institution: p.institution };
    case 'mfa':
      return { v: 'mfa', institution: p.institution, challenge: p.challenge };
    case 'oauth':
      return {
        v: 'oauth',
        institution: p.institution,
        oauthUrl: p.oauth_url,
        redirect: p.redirect,
        waiting: false,
      };
    case 'oauth_pending':
      return { v: 'oauth', institution: p.institution, oauthUrl: '', redirect: false, waiting: true };
    case 'select_account':
      return { v: 'select_account', institution: p.institution, accounts: p.accounts, multiple: p.multiple };
    case 'success':
      return { v: 'success', institution: p.institution, public_token: p.public_token, metadata: p.metadata };
    case 'error':
      return { v: 'error', institution: p.institution, error: p.error, fatal: false };
  }
}

/** Plaid's `view_name` for a view. */
export function viewName(v: View): string | null {
  switch (v.v) {
    case 'consent':
      return 'CONSENT';
    case 'payment':
      return 'CONSENT';
    case 'institution':
      return 'SELECT_INSTITUTION';
    case 'credentials':
      return 'CREDENTIAL';
    case 'mfa':
      return 'MFA';
    case 'oauth':
      return 'OAUTH';
    case 'select_account':
      return 'SELECT_ACCOUNT';
    case 'success':
      return 'CONNECTED';
    case 'error':
      return 'ERROR';
    default:
      return null;
  }
}

/**
 * Whether leaving (the close button, Escape, or the page's `exit()` without `force`) asks first:
 * once the user has chosen a bank and is signing in or choosing accounts there is progress to
 * lose. Before that, and on the success or error panes, Link closes at once.
 */
export function asksBeforeExit(v: View): boolean {
  return v.v === 'credentials' || v.v === 'mfa' || v.v === 'oauth' || v.v === 'select_account';
}
