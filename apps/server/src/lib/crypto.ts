import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Seals small secrets (connector credentials) with AES-256-GCM. The output carries a version tag,
 * the nonce and the auth tag, so a stored value can be opened only with the same key and any
 * tampering is detected.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox key must be 32 bytes');
  }

  /** Encrypts a UTF-8 string; returns `v1.<nonce>.<tag>.<ciphertext>` in base64url. */
  seal(plaintext: string): string {
    const nonce = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce);
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return ['v1', nonce, tag, body]
      .map((p) => (typeof p === 'string' ? p : p.toString('base64url')))
      .join('.');
  }

  /**
   * A value that identifies the key without revealing it (an HMAC of a fixed label), stored in the
   * database so a process holding another key can tell before it seals or opens anything.
   */
  keyCheck(): string {
    return `v1.${createHmac('sha256', this.key).update('weft encryption key check').digest('base64url')}`;
  }

  /** Decrypts a value made by seal(); throws if it was altered or sealed with another key. */
  open(sealed: string): string {
    const [version, nonce, tag, body] = sealed.split('.');
    if (version !== 'v1' || !nonce || !tag || body === undefined)
      throw new Error('unrecognised sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(nonce, 'base64url'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * The key in `file`, made once if there is none: created exclusively (O_EXCL), so two processes
 * starting together never each write a key of their own, and readable by its owner only (0600).
 * A file that holds no valid key is an error, never silently replaced: what was sealed with the
 * key it held would be lost.
 */
export async function readOrCreateKeyFile(
  file: string,
  decode: (text: string) => Buffer | null,
): Promise<Buffer> {
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  try {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      fs.writeFileSync(fd, key.toString('hex'));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    return key;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  // Another process may have created the file a moment ago and not written it yet.
  for (let attempt = 0; attempt < 50; attempt++) {
    const text = fs.readFileSync(file, 'utf8').trim();
    const existing = text === '' ? null : decode(text);
    if (existing) return existing;
    if (text !== '') break;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(
    `${file} does not hold a 32-byte key (hex or base64); restore it, or set WEFT_ENCRYPTION_KEY`,
  );
}
