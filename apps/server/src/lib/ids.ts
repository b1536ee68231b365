import { createHash, randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random base62 string, the shape of Plaid's item, account and request ids. */
export function randomId(length = 37): string {
  const bytes = randomBytes(length * 2);
  let out = '';
  for (let i = 0; i < bytes.length && out.length < length; i++) {
    const b = bytes[i]!;
    if (b < 248) out += ALPHABET[b % 62];
  }
  while (out.length < length) out += ALPHABET[randomBytes(1)[0]! % 62];
  return out;
}

/** A base62 id derived from a seed: the same seed always gives the same id. */
export function seededId(seed: string, length = 37): string {
  let out = '';
  let counter = 0;
  while (out.length < length) {
    const digest = createHash('sha256').update(`${seed}#${counter++}`).digest();
    for (const b of digest) {
      if (b < 248 && out.length < length) out += ALPHABET[b % 62];
    }
  }
  return out;
}

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = 0;

/**
 * Short request id, as Plaid returns in every response: 15 base62 characters drawn from a pool of
 * random bytes, refilled 4 KiB at a time (a call to the CSPRNG per request costs more than the id).
 */
export function requestId(): string {
  let out = '';
  while (out.length < 15) {
    if (poolOffset >= pool.length) {
      pool = randomBytes(POOL_SIZE);
      poolOffset = 0;
    }
    const b = pool[poolOffset++]!;
    if (b < 248) out += ALPHABET[b % 62];
  }
  return out;
}

/** A token such as `access-sandbox-<uuid>`. */
export function newToken(kind: 'link' | 'public' | 'access', env: string): string {
  return `${kind}-${env}-${randomUUID()}`;
}

/** SHA-256 hex digest; tokens and secrets are stored only in this form. */
export function sha256(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

/** Compares two hex digests in constant time. */
export function digestEquals(a: string, b: string): boolean {
  const ba = Buffer.from(a, 'hex');
  const bb = Buffer.from(b, 'hex');
  return ba.length === bb.length && timingSafeEqual(ba, bb);
}

/** Random hex string of `bytes` bytes. */
export function randomHex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}
