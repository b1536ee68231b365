import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { type CryptoKey, importJWK, type JWK, SignJWT } from 'jose';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { WebhookKeysTable } from '../db/tables/webhooks';
import type { Clock } from '../lib/clock';
import type { SecretBox } from '../lib/crypto';
import { SigningKeysRepository } from './signing-keys.repository';

/** Advisory lock id serialising key creation across processes ("Weft" + 1). */
const KEY_LOCK = 0x5765667401;

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
  private loaded: Promise<{ kid: string; key: CryptoKey }> | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: 'sqlite' | 'postgres',
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

  /** The private key, loaded once per signer; concurrent first calls share one load. */
  private signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    this.loaded ??= this.loadKey().catch((err: unknown) => {
      this.loaded = null;
      throw err;
    });
    return this.loaded;
  }

  private async loadKey(): Promise<{ kid: string; key: CryptoKey }> {
    const row = await this.ensureKey();
    const jwk = JSON.parse(this.secretBox.open(row.private_sealed)) as JWK;
    return { kid: row.kid, key: (await importJWK(jwk, 'ES256')) as CryptoKey };
  }

  /** The current key, created if there is none; exactly one is created however many processes ask. */
  private async ensureKey(): Promise<WebhookKeysTable> {
    const existing = await new SigningKeysRepository(this.db).current();
    if (existing) return existing;
    return this.db.transaction().execute(async (trx) => {
      // Dialect branch: on PostgreSQL several worker processes may get here at once; a transaction
      // lock lets one create the key while the others wait and then find it. SQLite has a single
      // writer, so its transaction alone serialises this.
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
      const repo = new SigningKeysRepository(trx);
      const current = await repo.current();
      if (current) return current;
      const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const pub = publicKey.export({ format: 'jwk' });
      const row: WebhookKeysTable = {
        kid: randomUUID(),
        public_jwk: JSON.stringify({ kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y }),
        private_sealed: this.secretBox.seal(JSON.stringify(privateKey.export({ format: 'jwk' }))),
        created_at: this.clock.now().toISOString(),
        expired_at: null,
      };
      await repo.insert(row);
      return row;
    });
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
