import type { Generated } from 'kysely';

/**
 * Core tables. Conventions for every table in Weft: timestamps are ISO-8601 text in UTC, dates are
 * `YYYY-MM-DD` text, money is integer minor units beside an ISO currency code, JSON is text, and
 * booleans are integers 0/1, so that one schema serves SQLite and PostgreSQL alike.
 */
export interface ClientsTable {
  client_id: string;
  secret_hash: string;
  name: string;
  created_at: string;
  /** When `weft keys rotate` last gave the client a new secret. */
  rotated_at: string | null;
  /** When `weft keys revoke` cut the client off; a revoked client never authenticates. */
  revoked_at: string | null;
  /** The environment the client's keys belong to; its Items and tokens are of the same one. */
  env: Generated<'sandbox' | 'production'>;
}

/** A redirect URI a client registered; /link/token/create accepts only these. */
export interface ClientRedirectUrisTable {
  client_id: string;
  redirect_uri: string;
  created_at: string;
}

export interface LinkTokensTable {
  token_hash: string;
  client_id: string;
  env: string;
  /** The normalized /link/token/create request, as JSON. */
  config: string;
  /** Item being repaired or extended (update mode), if any. */
  item_id: string | null;
  link_session_id: string | null;
  /** Session results (public tokens, accounts, institution) as JSON; null until Link completes. */
  results: string | null;
  created_at: string;
  expires_at: string;
}

export interface ItemsTable {
  item_id: string;
  client_id: string;
  env: string;
  institution_id: string;
  connector: string;
  /** Connector-specific, non-secret identity of the login (sandbox user name, seed). */
  login: string;
  /** Connector credentials, sealed with the server's key; null when the connector keeps none. */
  credentials_sealed: string | null;
  products: string;
  available_products: string;
  consented_products: string;
  webhook: string | null;
  /** Plaid error object (JSON) when the Item is in an error state. */
  error: string | null;
  consent_expiration_time: string | null;
  update_type: string;
  created_at: string;
  updated_at: string;
}

export interface AccessTokensTable {
  token_hash: string;
  item_id: string;
  client_id: string;
  created_at: string;
  revoked_at: string | null;
}

export interface PublicTokensTable {
  token_hash: string;
  item_id: string;
  client_id: string;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface AccountsTable {
  account_id: string;
  item_id: string;
  position: number;
  name: string;
  official_name: string | null;
  mask: string | null;
  type: string;
  subtype: string | null;
  /** Balances in minor units; null where the institution does not report one. */
  balance_current: number | null;
  balance_available: number | null;
  balance_limit: number | null;
  iso_currency_code: string;
  verification_status: string | null;
  persistent_account_id: string | null;
  /** 1 when the user did not select it in Link (kept for update mode, hidden from products). */
  hidden: number;
  updated_at: string;
}

/** Outbox: events written in the same transaction as the change that caused them. */
export interface OutboxTable {
  id: Generated<number>;
  client_id: string;
  item_id: string | null;
  webhook_type: string;
  webhook_code: string;
  /** Full webhook body (JSON), minus fields filled at delivery time. */
  payload: string;
  created_at: string;
  /** pending | delivered | failed | skipped */
  status: string;
  attempts: number;
  next_attempt_at: string;
  /**
   * Destination chosen by the producer for events that belong to no Item (payments, consents);
   * null for Item events, which go to the Item's current webhook. Added by the payments migration.
   */
  webhook_url: string | null;
  /**
   * The queue the event is delivered in order within: `item:<item_id>`, or `url:<webhook_url>` for
   * an event of no Item; null when it has neither. Added by the outbox-streams migration.
   */
  stream: string | null;
}

export interface CoreTables {
  clients: ClientsTable;
  client_redirect_uris: ClientRedirectUrisTable;
  link_tokens: LinkTokensTable;
  items: ItemsTable;
  access_tokens: AccessTokensTable;
  public_tokens: PublicTokensTable;
  accounts: AccountsTable;
  outbox: OutboxTable;
}
