/** Plaid's onSuccess metadata. */
export interface PlaidLinkOnSuccessMetadata {
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
  transfer_status: string | null;
  public_token?: string;
}

/** Plaid's Link error, passed to onExit. */
export interface PlaidLinkError {
  error_type: string;
  error_code: string;
  error_message: string;
  display_message: string | null;
}

/** Plaid's onExit metadata. */
export interface PlaidLinkOnExitMetadata {
  institution: { name: string; institution_id: string } | null;
  status: string | null;
  link_session_id: string;
  request_id: string;
}

/** Plaid's onEvent metadata (every field Link fills; absent ones are null). */
export type PlaidLinkOnEventMetadata = Record<string, string | null> & {
  link_session_id: string;
  timestamp: string;
};

/** What usePlaidLink takes: Plaid's Link options, plus where Weft runs. */
export interface PlaidLinkOptions {
  token: string | null;
  onSuccess: (publicToken: string, metadata: PlaidLinkOnSuccessMetadata) => void;
  onExit?: (error: PlaidLinkError | null, metadata: PlaidLinkOnExitMetadata) => void;
  onEvent?: (eventName: string, metadata: PlaidLinkOnEventMetadata) => void;
  onLoad?: () => void;
  receivedRedirectUri?: string | null;
  /** Weft's base URL (e.g. `https://weft.example.com`); the page's own origin when omitted. */
  weftUrl?: string;
}

/** The handler link-initialize.js returns from `Plaid.create`. */
export interface PlaidHandler {
  open(): void;
  exit(options?: { force?: boolean }): void;
  destroy(): void;
  submit(data: unknown): void;
}

/** The global link-initialize.js defines. */
export interface PlaidGlobal {
  create(options: Omit<PlaidLinkOptions, 'weftUrl'>): PlaidHandler;
}
