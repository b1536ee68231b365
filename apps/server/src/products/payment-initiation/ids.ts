import { randomUUID } from 'node:crypto';
import { randomId, sha256 } from '../../lib/ids';

/** A Plaid-style id such as `payment-id-sandbox-<uuid>`. */
export function paymentsId(
  kind: 'recipient-id' | 'payment-id' | 'consent-id' | 'wallet-transaction-id',
  env: string,
): string {
  return `${kind}-${env}-${randomUUID()}`;
}

/** The tracking id banks carry end to end (lower-case alphanumerics, as Plaid issues them). */
export function endToEndId(): string {
  return randomId(22).toLowerCase();
}

/** Digest of a request's meaningful fields (credentials dropped), to detect idempotency-key reuse. */
export function requestDigest(body: Record<string, unknown>): string {
  const { client_id: _id, secret: _secret, ...rest } = body;
  return sha256(canonicalJson(rest));
}

/** JSON with object keys sorted, so equal values give equal strings. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}
