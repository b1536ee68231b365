import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Dashboard passwords are hashed with scrypt (node:crypto, memory-hard: N=2^15, r=8, p=1 costs
 * 32 MiB and tens of milliseconds per guess), a 16-byte random salt and a 32-byte key, stored as
 * `scrypt$N$r$p$salt$hash` so the parameters can be raised later without breaking old hashes.
 */
const N = 2 ** 15;
const R = 8;
const P = 1;
const KEY_LENGTH = 32;
/** Past every hash the format allows (128·N·r for N ≤ 2^16), so a stored hash cannot be refused for memory. */
const MAX_MEMORY = 128 * 2 ** 16 * 16 + 1024 * 1024;

/** Passwords shorter than this are refused at setup and when members are added. */
export const MIN_PASSWORD_LENGTH = 12;
/** Longer ones are refused before hashing, so nobody can make the server hash megabytes. */
export const MAX_PASSWORD_LENGTH = 256;

function derive(
  password: string,
  salt: Buffer,
  n: number,
  r: number,
  p: number,
  length: number,
): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, length, { N: n, r, p, maxmem: MAX_MEMORY }, (e, key) =>
      e ? reject(e) : resolve(key),
    ),
  );
}

/** The stored form of a new password. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, N, R, P, KEY_LENGTH);
  return ['scrypt', N, R, P, salt.toString('base64url'), key.toString('base64url')].join('$');
}

/** Whether a password matches a stored hash; false (never a throw) for a malformed one. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = [Number(n), Number(r), Number(p)] as const;
  if (!params.every((x) => Number.isInteger(x) && x > 0) || params[0] > 2 ** 16 || params[1] > 16)
    return false;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), ...params, expected.length);
  return timingSafeEqual(key, expected);
}

/** A hash of nothing anyone knows, checked against when no user matches, so both cost the same time. */
let decoy: Promise<string> | undefined;
export function decoyHash(): Promise<string> {
  decoy ??= hashPassword(randomBytes(16).toString('hex'));
  return decoy;
}
