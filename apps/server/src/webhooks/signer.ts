import { createHash, generateKeyPairSync, randomUUID } from 'node:crypto';
import { type CryptoKey, importJWK, type JWK, SignJWT } from 'jose';
import { type Kysely, sql } from 'kysely';
import type { Database } from '../db/schema';
import type { WebhookKeysTable } from '../db/tables/webhooks';
import type { Clock } from '../lib/clock';
import type { SecretBox } from '../lib/crypto';
import { type ReadStamp, ReadStamps } from '../lib/epoch-cache';
import { SigningKeysRepository } from './signing-keys.repository';

/** Advisory lock id serialising key creation across processes ("Weft" + 1). */
const KEY_LOCK = 0x5765667401;

/** How long a process keeps signing with the key it read before checking which key is in use. */
export const KEY_RECHECK_MS = 1000;

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
 * generated once, stored with its private half sealed, and shared by every process until it is
 * rotated; each signature uses the key in use at that moment, whichever process rotated it.
 */
export class WebhookSigner {
  /** Private keys already unsealed and imported, by kid. */
  private readonly imported = new Map<string, Promise<CryptoKey>>();
  /** The key in use as last read, reused for up to KEY_RECHECK_MS. */
  private inUse: { row: WebhookKeysTable; read: ReadStamp } | null = null;
  private readonly stamps: ReadStamps;

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
  ) {
    // By time alone, on either database: delivery writes on every attempt, so the change epoch
    // would send every signature back to the database for a key that changes once in a long while.
    this.stamps = new ReadStamps(() => null, KEY_RECHECK_MS);
  }

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

  /**
   * Retires the key in use and makes a new one: webhooks are signed with the new key from now on,
   * and the old one stays available, with its `expired_at`, to verify those signed before.
   */
  async rotate(): Promise<PublicSigningKey> {
    const row = await this.db.transaction().execute(async (trx) => {
      if (this.dialect === 'postgres') await sql`select pg_advisory_xact_lock(${KEY_LOCK})`.execute(trx);
      const repo = new SigningKeysRepository(trx);
      await repo.expireAll(this.clock.now().toISOString());
      const fresh = this.newKey();
      await repo.insert(fresh);
      return fresh;
    });
    this.inUse = null;
    return toPublic(row);
  }

  /** The key in use and its private half; each key is unsealed and imported once per signer. */
  private async signingKey(): Promise<{ kid: string; key: CryptoKey }> {
    let row = this.inUse && this.stamps.fresh(this.inUse.read) ? this.inUse.row : null;
    if (!row) {
      const read = this.stamps.take();
      row = await this.ensureKey();
      this.inUse = { row, read };
    }
    let key = this.imported.get(row.kid);
    if (!key) {
      const jwk = JSON.parse(this.secretBox.open(row.private_sealed)) as JWK;
      key = importJWK(jwk, 'ES256') as Promise<CryptoKey>;
      this.imported.set(row.kid, key);
      key.catch(() => this.imported.delete(row.kid));
    }
    return { kid: row.kid, key: await key };
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
      const row = this.newKey();
      await repo.insert(row);
      return row;
    });
  }

  /** A fresh P-256 key pair as a row, its private half sealed. */
  private newKey(): WebhookKeysTable {
    const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const pub = publicKey.export({ format: 'jwk' });
    return {
      kid: randomUUID(),
      public_jwk: JSON.stringify({ kty: pub.kty, crv: pub.crv, x: pub.x, y: pub.y }),
      private_sealed: this.secretBox.seal(JSON.stringify(privateKey.export({ format: 'jwk' }))),
      created_at: this.clock.now().toISOString(),
      expired_at: null,
    };
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
