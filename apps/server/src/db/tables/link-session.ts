import type { Generated } from 'kysely';

/** One Link session: a user's pass through Link with one link token, kept server-side. */
export interface LinkSessionsTable {
  link_session_id: string;
  /** Digest of the link token the session belongs to (the token is Link's only credential). */
  token_hash: string;
  client_id: string;
  /** consent | institution | credentials | mfa | oauth | select_account | done | exited */
  step: string;
  institution_id: string | null;
  /** Non-secret progress (MFA challenge and connector state, OAuth outcome, events) as JSON. */
  state: string;
  /**
   * What must not sit in clear while the session is in flight (credentials for MFA rounds, the
   * completed login and its accounts), sealed with the server key; cleared when the session ends.
   */
  sealed: string | null;
  /** Random id of a pending OAuth-style authorisation, carried through the bank's redirect. */
  oauth_state_id: string | null;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
}

/** Link events of a session, append-only (so they never race the session's own updates). */
export interface LinkSessionEventsTable {
  id: Generated<number>;
  link_session_id: string;
  event_id: string;
  event_name: string;
  timestamp: string;
  /** Plaid's event metadata, as JSON. */
  metadata: string;
}

export interface LinkSessionTables {
  link_sessions: LinkSessionsTable;
  link_session_events: LinkSessionEventsTable;
}
