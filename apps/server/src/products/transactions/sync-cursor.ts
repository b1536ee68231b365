import { createHash } from 'node:crypto';
import { PlaidError } from '../../http/errors';
import { MAX_INTEGER } from '../../http/schema-kit';

/**
 * The /transactions/sync cursor. Opaque to clients (base64url); inside it says which Item (a
 * short digest) and account filter it belongs to, and where in the Item's change log it stands:
 * `from` is the last version the client has fully seen. While paginating it also holds the upper
 * bound `to` of the run, the Item's change counter when the run started (`seq`), and the last row
 * returned (`afterVersion`, `afterId`).
 */
export interface SyncCursor {
  from: number;
  run: { to: number; seq: number; afterVersion: number; afterId: string } | null;
  accountId: string | null;
}

function tag(itemId: string): string {
  return createHash('sha256').update(itemId).digest('base64url').slice(0, 10);
}

/** Encodes a cursor for an Item. */
export function encodeCursor(itemId: string, c: SyncCursor): string {
  const parts = ['2', tag(itemId), String(c.from), c.accountId ?? ''];
  if (c.run) parts.push(String(c.run.to), String(c.run.seq), String(c.run.afterVersion), c.run.afterId);
  return Buffer.from(parts.join('|')).toString('base64url');
}

function invalid(): PlaidError {
  return new PlaidError('INVALID_FIELD', 'cursor is not valid for this item');
}

/** Decodes a client's cursor; INVALID_FIELD when it is malformed or belongs to another Item. */
export function decodeCursor(itemId: string, cursor: string): SyncCursor {
  if (cursor.length > 256) throw invalid();
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  // Clients can forge a cursor (the tag is a digest of the Item id they know): what it carries
  // must fit the int4 version columns it is compared with, and hold no NUL for PostgreSQL text.
  if (text.includes('\u0000')) throw invalid();
  const parts = text.split('|');
  if (parts[0] !== '2' || parts[1] !== tag(itemId) || (parts.length !== 4 && parts.length !== 8))
    throw invalid();
  const num = (s: string | undefined): number => {
    const n = Number(s);
    if (!Number.isSafeInteger(n) || n < 0 || n > MAX_INTEGER) throw invalid();
    return n;
  };
  return {
    from: num(parts[2]),
    accountId: parts[3] || null,
    run:
      parts.length === 8
        ? { to: num(parts[4]), seq: num(parts[5]), afterVersion: num(parts[6]), afterId: parts[7] ?? '' }
        : null,
  };
}
