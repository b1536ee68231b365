/**
 * The contract between Weft's Link UI and its session API (`/weft/link/...`). Type-only and free
 * of imports, so the Link app (apps/link) compiles against this same file.
 */

/** An institution as Link shows it. */
export interface LinkInstitution {
  institution_id: string;
  name: string;
  oauth: boolean;
  /** `#rrggbb`: the letter circle's colour when there is no logo. */
  primary_color: string | null;
  /** A PNG, base64 without a `data:` prefix (Plaid's `logo`); null when the bank has none. */
  logo: string | null;
  url: string | null;
  /** What the credentials pane asks for when it is not a username and password: one pasted token. */
  credentials?: 'setup_token';
}

/** An account the user may share, before or after the Item exists. */
export interface LinkAccountChoice {
  id: string;
  name: string;
  mask: string | null;
  type: string;
  subtype: string | null;
  /** Current balance, for the user to recognise the account; Link formats it in its language. */
  balance: LinkAmount | null;
}

/** An amount of money in major units (e.g. 12.5 is 12.50). */
export interface LinkAmount {
  currency: string;
  value: number;
}

/** An MFA challenge as Link renders it. */
export type LinkMfaChallenge =
  | { type: 'device'; message: string; devices?: string[] }
  | { type: 'questions'; questions: string[] }
  | { type: 'selections'; selections: { question: string; answers: string[] }[] };

/** Plaid's onSuccess metadata. */
export interface LinkSuccessMetadata {
  institution: { name: string; institution_id: string } | null;
  accounts: {
    id: string;
    name: string;
    mask: string | null;
    type: string;
    subtype: string | null;
    verification_status: string | null;
  }[];
  link_session_id: string;
  transfer_status: null;
  public_token: string;
}

/** Plaid's error object as Link hands it to onExit and onEvent. */
export interface LinkError {
  error_type: string;
  error_code: string;
  error_message: string;
  display_message: string | null;
}

/** Plaid's onExit metadata. */
export interface LinkExitMetadata {
  institution: { name: string; institution_id: string } | null;
  status: string | null;
  link_session_id: string;
  request_id: string;
}

/** The payment shown before the user authorises it. */
export interface LinkPayment {
  payment_id: string;
  recipient_name: string;
  amount: LinkAmount;
  reference: string;
}

/** What Link shows next, as the server decides it. */
export type LinkPane =
  | { pane: 'institution' }
  | { pane: 'credentials'; institution: LinkInstitution }
  | { pane: 'mfa'; institution: LinkInstitution; challenge: LinkMfaChallenge }
  | {
      pane: 'oauth';
      institution: LinkInstitution;
      /** Weft-origin path of the bank's consent page. */
      oauth_url: string;
      /** True when the link token has a redirect_uri: navigate the top window, else use a popup. */
      redirect: boolean;
    }
  | { pane: 'oauth_pending'; institution: LinkInstitution }
  /** Statement uploads: the user sends files (POST …/files), then continues (…/files/continue). */
  | { pane: 'files'; institution: LinkInstitution }
  | {
      pane: 'select_account';
      institution: LinkInstitution;
      accounts: LinkAccountChoice[];
      multiple: boolean;
    }
  | { pane: 'error'; institution: LinkInstitution | null; error: LinkError }
  | {
      pane: 'success';
      institution: LinkInstitution | null;
      public_token: string;
      metadata: LinkSuccessMetadata;
    };

/** POST /weft/link/session/start */
export interface LinkStartRequest {
  received_redirect_uri?: string;
}
export interface LinkStartResponse {
  link_session_id: string;
  client_name: string;
  /**
   * The link token's `language`, as given to /link/token/create. Link shows its catalogue for that
   * language, or English when it has none.
   */
  language: string;
  mode: 'default' | 'update' | 'payment';
  /** The institution fixed by the link token (update mode, institution_id), if any. */
  institution: LinkInstitution | null;
  popular: LinkInstitution[];
  payment: LinkPayment | null;
  /** Set when the session resumes after an OAuth redirect. */
  resume: LinkPane | null;
  /** The Identity Verification of a link token made for it, else null. */
  identity_verification: LinkIdvState | null;
}

/** An Identity Verification as Link shows it (link tokens with products ['identity_verification']). */
export interface LinkIdvState {
  identity_verification_id: string;
  status: 'active' | 'success' | 'failed' | 'expired' | 'canceled' | 'pending_review';
  steps: Record<string, string>;
  /** The pane the user is on: the active step (verify_sms asks the phone, then the code), or done. */
  pane: 'accept_tos' | 'phone' | 'sms_code' | 'personal_info' | 'document' | 'done';
  /** The phone number given so far (prefilled from the link token's user). */
  phone_number: string | null;
}

/** Calls that act on a session carry its id. */
export interface LinkSessionRef {
  link_session_id: string;
}
export interface LinkSearchRequest extends LinkSessionRef {
  query: string;
}
export interface LinkSearchResponse {
  institutions: LinkInstitution[];
}
export interface LinkInstitutionRequest extends LinkSessionRef {
  institution_id: string;
}
export interface LinkCredentialsRequest extends LinkSessionRef {
  username: string;
  password: string;
}
export interface LinkMfaRequest extends LinkSessionRef {
  answers: string[];
}
/** One statement file, its bytes base64-encoded (the body limit is the statements import's). */
export interface LinkFileUpload {
  name: string;
  content_base64: string;
}
/** POST /weft/link/session/files */
export interface LinkFilesRequest extends LinkSessionRef {
  files: LinkFileUpload[];
}
/** What became of one file: its counts, or the parser's error (`line` is 1-based). */
export type LinkFileResult =
  | { name: string; ok: true; accounts: number; transactions: number; added: number }
  | { name: string; ok: false; error: { code: string; message: string; line: number | null } };
export interface LinkFilesResponse {
  files: LinkFileResult[];
  /** Accounts the session's Item holds after these files: Continue needs at least one. */
  accounts: number;
}
export interface LinkSelectRequest extends LinkSessionRef {
  account_ids: string[];
}
export interface LinkEventInput {
  event_name: string;
  metadata: Record<string, string | boolean | null>;
}
export interface LinkEventsRequest extends LinkSessionRef {
  events: LinkEventInput[];
}
export interface LinkExitRequest extends LinkSessionRef {
  error: LinkError | null;
}
export interface LinkExitResponse {
  error: LinkError | null;
  metadata: LinkExitMetadata;
}
