import type { CSSProperties, ReactNode } from 'react';

// The names below are react-plaid-link's (v3 to v5), so an app that imports its types from
// 'react-plaid-link' and aliases the package to this one keeps compiling and running.

/** An account in onSuccess metadata. */
export interface PlaidAccount {
  id: string;
  name: string;
  mask: string | null;
  type: string;
  subtype: string | null;
  verification_status: string | null;
  class_type?: string | null;
}

/** The institution in onSuccess and onExit metadata. */
export interface PlaidInstitution {
  name: string;
  institution_id: string;
}

/** Plaid's onSuccess metadata. */
export interface PlaidLinkOnSuccessMetadata {
  institution: PlaidInstitution | null;
  accounts: PlaidAccount[];
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
  institution: PlaidInstitution | null;
  status: string | null;
  link_session_id: string;
  request_id: string;
}

/** Plaid's onEvent metadata (every field Link fills; absent ones are null). */
export type PlaidLinkOnEventMetadata = Record<string, string | null> & {
  link_session_id: string;
  timestamp: string;
};

/** The event names Plaid promises not to change (react-plaid-link exports them as an enum). */
export const PlaidLinkStableEvent = {
  OPEN: 'OPEN',
  EXIT: 'EXIT',
  HANDOFF: 'HANDOFF',
  SELECT_INSTITUTION: 'SELECT_INSTITUTION',
  ERROR: 'ERROR',
  BANK_INCOME_INSIGHTS_COMPLETED: 'BANK_INCOME_INSIGHTS_COMPLETED',
  IDENTITY_MATCH_FAILED: 'IDENTITY_MATCH_FAILED',
  IDENTITY_MATCH_PASSED: 'IDENTITY_MATCH_PASSED',
  IDENTITY_VERIFICATION_PASS_SESSION: 'IDENTITY_VERIFICATION_PASS_SESSION',
  IDENTITY_VERIFICATION_FAIL_SESSION: 'IDENTITY_VERIFICATION_FAIL_SESSION',
  LAYER_READY: 'LAYER_READY',
  LAYER_NOT_AVAILABLE: 'LAYER_NOT_AVAILABLE',
  LAYER_AUTOFILL_NOT_AVAILABLE: 'LAYER_AUTOFILL_NOT_AVAILABLE',
} as const;
/** One of Plaid's stable event names. */
export type PlaidLinkStableEvent = (typeof PlaidLinkStableEvent)[keyof typeof PlaidLinkStableEvent];

/** Called once the user has connected: exchange the public token on your backend. */
export type PlaidLinkOnSuccess = (publicToken: string, metadata: PlaidLinkOnSuccessMetadata) => void;
/** Called when the user leaves Link without connecting (or on an error). */
export type PlaidLinkOnExit = (error: PlaidLinkError | null, metadata: PlaidLinkOnExitMetadata) => void;
/** Called for each step the user takes in Link. */
export type PlaidLinkOnEvent = (
  eventName: PlaidLinkStableEvent | string,
  metadata: PlaidLinkOnEventMetadata,
) => void;
/** Called once Link has loaded and `open()` shows it at once. */
export type PlaidLinkOnLoad = () => void;

/** What usePlaidLink and PlaidLink take: Plaid's Link options, plus where Weft runs. */
export interface PlaidLinkOptionsWithLinkToken {
  token: string | null;
  onSuccess: PlaidLinkOnSuccess;
  onExit?: PlaidLinkOnExit;
  onEvent?: PlaidLinkOnEvent;
  onLoad?: PlaidLinkOnLoad;
  receivedRedirectUri?: string | null;
  /** Set as the script tag's nonce, for a nonce-based Content-Security-Policy. */
  cspNonce?: string;
  /**
   * Weft's base URL (e.g. `https://weft.example.com`). When omitted: the URL given to
   * `configure()`, else Weft's link-initialize.js already on the page, else the page's own origin.
   */
  weftUrl?: string;
}

/** Link tokens only: Plaid's deprecated public-key options are not supported. */
export type PlaidLinkOptions = PlaidLinkOptionsWithLinkToken;

/** The props of the PlaidLink button. */
export type PlaidLinkPropTypes = PlaidLinkOptions & {
  children: ReactNode;
  className?: string;
  style?: CSSProperties;
};

/** What `submit` passes to Link (Plaid's Layer flow). */
export interface PlaidHandlerSubmissionData {
  phone_number?: string | null;
  date_of_birth?: string | null;
}

/** Options for `exit`: `force` closes Link without asking the user. */
export interface PlaidHandlerExitOptions {
  force?: boolean;
}

/** The handler link-initialize.js returns from `Plaid.create`. */
export interface PlaidHandler {
  open(): void;
  exit(options?: PlaidHandlerExitOptions): void;
  destroy(): void;
  submit(data: PlaidHandlerSubmissionData): void;
}

/** What usePlaidLink returns, as react-plaid-link's hook does. */
export interface PlaidLinkResult {
  open: () => void;
  /** Ends Link (see Plaid's `exit`); `callback` runs once Link has called onExit or onSuccess. */
  exit: (options?: PlaidHandlerExitOptions, callback?: () => void) => void;
  submit: (data: PlaidHandlerSubmissionData) => void;
  ready: boolean;
  error: ErrorEvent | Error | null;
}

/** The global link-initialize.js defines. */
export interface PlaidGlobal {
  create(options: Omit<PlaidLinkOptions, 'weftUrl' | 'cspNonce'>): PlaidHandler;
}
