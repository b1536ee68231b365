import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { type CryptoKey, importJWK, type JWK, SignJWT } from 'jose';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { WebhookKeysTable } from '../db/tables/webhooks';
import type { Clock } from '../lib/clock';
import type { SecretBox } from '../lib/crypto';
import { SigningKeysRepository } from './signing-keys.repository';

/** A public signing key as /webhook_verification_key/get describes it. */
export interface PublicSigningKey {
  kid: string;
  jwk: { kty: string; crv: string; x: string; y: string };
  createdAt: string;
  expiredAt: string | null;
}

/** Hex SHA-256 of a body's exact bytes, as carried in the `request_body_sha256` claim. */
export function bodySha256(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex');
}

/**
 * Signs webhook bodies the way Plaid does: a `Plaid-Verification` header holding an ES256 JWT whose
 * header names the key (`kid`) and whose claims are `iat` and `request_body_sha256`. The key pair is
 * generated once, stored with its private half sealed, and reused by every process.
 */
export class WebhookSigner {
  private cached: { kid: string; key: CryptoKey } | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly secretBox: SecretBox,
    private readonly clock: Clock,
    /**
     * Source of `iat`. Receivers check it against their own wall clock (Plaid's docs: within five
     * minutes), so it must stay real time even when the sandbox clock is moved.
     */
    private readonly wallClock: Clock,
  ) {}

  /** The `Plaid-Verification` value for a body. */
  async sign(body: string): Promise<string> {
    const { kid, key } = await this.signingKey();
    return new SignJWT({ request_body_sha256: bodySha256(body) })
      .setProtectedHeader({ alg: 'ES256', kid, typ: 'JWT' })
      .setIssuedAt(Math.floor(this.wallClock.now().getTime() / 1000))
      .sign(key);
  }

  /** A stored public key by id; undefined for ids Weft never issued. */
  async publicKey(kid: string): Promise<PublicSigningKey | undefined> {
    const row = await new SigningKeysRepository(this.db).find(kid);
    return row ? toPublic(row) : undefined;
  }

  /** The key in use, creating it on first need. */
  async currentKey(): Promise<PublicSigningKey> {
    return toPublic(await this.ensureKey());
  }

  private async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    if (this.cached) return this.cached;
    const row = await this.ensureKey();
    const jwk = JSON.parse(this.secretBox.open(row.private_sealed)) as JWK;
    const key = (await importJWK(jwk, 'ES256')) as CryptoKey;
    this.cached = { kid: row.kid, key };
    return this.cached;
  }

  private async ensureKey(): Promise<WebhookKeysTable> {
    const repo = new SigningKeysRepository(this.db);
    const existing = await repo.current();
    if (existing) return existing;
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pub = publicKey.export({ format: 'jwk' });
    const priv = privateKey.export({ format: 'jwk' });
    await repo.insert({
      kid: randomUUID(),
      public_jwk: JSON.stringify({ kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y }),
      private_sealed: this.secretBox.seal(JSON.stringify(priv)),
      created_at: this.clock.now().toISOString(),
      expired_at: null,
    });
    // Two processes may create a key at once; both then use the oldest, and the other stays valid.
    const chosen = await repo.current();
    if (!chosen) throw new Error('webhook signing key vanished after insert');
    return chosen;
  }
}

function toPublic(row: WebhookKeysTable): PublicSigningKey {
  return {
    kid: row.kid,
    jwk: JSON.parse(row.public_jwk) as PublicSigningKey['jwk'],
    createdAt: row.created_at,
    expiredAt: row.expired_at,
  };
}
