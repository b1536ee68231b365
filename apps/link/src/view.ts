import type {
  LinkAccountChoice,
  LinkError,
  LinkIdvState,
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
  /** Statement uploads; `imported` once a file has gone into the session's Item. */
  | { v: 'files'; institution: LinkInstitution; imported: boolean }
  | { v: 'select_account'; institution: LinkInstitution; accounts: LinkAccountChoice[]; multiple: boolean }
  | { v: 'success'; institution: LinkInstitution | null; public_token: string; metadata: LinkSuccessMetadata }
  | { v: 'error'; institution: LinkInstitution | null; error: LinkError; fatal: boolean }
  /** An Identity Verification; its pane reports its own views. */
  | { v: 'idv'; idv: LinkIdvState };

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
    case 'files':
      return { v: 'files', institution: p.institution, imported: false };
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
    case 'files':
      return 'UPLOAD_DOCUMENTS';
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
  return (
    v.v === 'credentials' || v.v === 'mfa' || v.v === 'oauth' || v.v === 'files' || v.v === 'select_account'
  );
}

/**
 * Where the header's back arrow leads, or null where it has none. Only to steps the session can
 * take again without loss: never from consent (nothing before it), never back over a completed
 * login (account selection, success) or out of an OAuth consent under way, and not to the bank
 * list when the link token fixes the bank (update mode). From MFA it leads to the bank's sign-in,
 * which starts the login afresh. From statement uploads only until a file has gone in: going back
 * drops the Item those files made.
 */
export function backOf(v: View, flow: { payment: boolean; fixedInstitution: boolean }): View | null {
  switch (v.v) {
    case 'payment':
      return { v: 'consent' };
    case 'institution':
      return flow.payment ? { v: 'payment' } : { v: 'consent' };
    case 'credentials':
      return flow.fixedInstitution ? null : { v: 'institution' };
    case 'mfa':
      return { v: 'credentials', institution: v.institution };
    case 'oauth':
      return v.waiting || flow.fixedInstitution ? null : { v: 'institution' };
    case 'files':
      return v.imported || flow.fixedInstitution ? null : { v: 'institution' };
    default:
      return null;
  }
}
