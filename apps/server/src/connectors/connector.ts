import type { PlaidError } from '../http/errors';

/** An account as a connector reports it, before Weft assigns ids. Money in minor units. */
export interface NormalizedAccount {
  /** Stable key within the login (e.g. the mask plus subtype), used to keep ids across refreshes. */
  key: string;
  name: string;
  officialName: string | null;
  mask: string | null;
  type: string;
  subtype: string | null;
  current: number | null;
  available: number | null;
  limit: number | null;
  currency: string;
}

/** An MFA challenge the user must answer before login completes. */
export type MfaChallenge =
  | { type: 'device'; message: string; devices?: string[] }
  | { type: 'questions'; questions: string[] }
  | { type: 'selections'; selections: { question: string; answers: string[] }[] };

/** What the user typed (or chose) at a login step. */
export interface LoginInput {
  institutionId: string;
  username: string;
  password: string;
  /** Answers to the challenge returned by the previous step, in its order. */
  mfaAnswers?: string[];
  /** Opaque state returned with the previous challenge. */
  state?: string;
}

/** Outcome of a login step. */
export type LoginResult =
  | { status: 'ok'; login: ConnectorLogin; accounts: NormalizedAccount[] }
  | { status: 'mfa'; challenge: MfaChallenge; state: string }
  | { status: 'error'; error: PlaidError };

/** A completed login: what the Item remembers of it. `seed` drives deterministic sandbox data. */
export interface ConnectorLogin {
  username: string;
  seed: string;
  /** Connector-specific extras (e.g. custom user config), JSON-serializable. */
  extra?: Record<string, unknown>;
  /** Secrets the connector needs to refresh later; Weft stores these sealed, never in clear. */
  secrets?: Record<string, string>;
}

/** One data source. Products never call connectors; refresh jobs write what they return into the store. */
export interface Connector {
  readonly id: string;
  /** Runs one login step. */
  login(input: LoginInput): LoginResult;
  /** Current accounts of a completed login. */
  accounts(login: ConnectorLogin, institutionId: string): NormalizedAccount[];
}
