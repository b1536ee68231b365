import type { Generated } from 'kysely';

/** The EC P-256 key pair webhooks are signed with; the private half is sealed with the server key. */
export interface WebhookKeysTable {
  kid: string;
  /** Public JWK (kty, crv, x, y) as JSON. */
  public_jwk: string;
  /** Private JWK as JSON, sealed with SecretBox. */
  private_sealed: string;
  created_at: string;
  expired_at: string | null;
}

/** One HTTP attempt to deliver an outbox event: what was sent, what came back, how long it took. */
export interface WebhookAttemptsTable {
  id: Generated<number>;
  outbox_id: number;
  client_id: string;
  item_id: string | null;
  /** 1 for the first attempt of a delivery. */
  attempt: number;
  url: string;
  /** Request headers sent (JSON object). */
  request_headers: string;
  request_body: string;
  /** HTTP status, or null when no response came (timeout, refused, network error). */
  status_code: number | null;
  /** Start of the response body (truncated), or null. */
  response_body: string | null;
  error: string | null;
  latency_ms: number;
  started_at: string;
}

/** Item-health notices already sent, so a condition (e.g. consent expiring at T) is announced once. */
export interface ItemHealthNoticesTable {
  item_id: string;
  code: string;
  /** What the notice is about (e.g. the consent expiration time); a new value re-arms it. */
  subject: string;
  created_at: string;
}

export interface WebhookTables {
  webhook_keys: WebhookKeysTable;
  webhook_attempts: WebhookAttemptsTable;
  item_health_notices: ItemHealthNoticesTable;
}
