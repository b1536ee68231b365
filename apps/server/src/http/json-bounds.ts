import { errors, type PlaidError } from './errors';
import { MAX_JSON_DEPTH } from './schema-kit';

/**
 * What no request body may carry, whatever its schema says, checked once as the body is parsed:
 * nesting deeper than MAX_JSON_DEPTH (a free-form field 100,000 levels deep would overflow the
 * stack of whatever walks it next: the validator, JSON.stringify on the way to the database) and
 * NUL in a string or key (PostgreSQL text cannot hold it, and no Plaid field means it).
 * Returns the error to answer with, or undefined when the body is within bounds.
 */
export function jsonBoundsError(value: unknown): PlaidError | undefined {
  const found = check(value, 1);
  if (!found) return undefined;
  const field = found.path.length === 0 ? 'body' : found.path.join('.');
  if (found.problem === 'depth')
    // Named by its top-level field: the full path of a runaway nesting is as long as the nesting.
    return errors.invalidField(`${found.path[0] ?? 'body'} nests deeper than ${MAX_JSON_DEPTH} levels`);
  if (found.problem === 'key')
    return errors.invalidField(`${field} must not have NUL characters in its keys`);
  return errors.invalidField(`${field} must not contain NUL characters`);
}

interface Found {
  problem: 'depth' | 'nul' | 'key';
  /** Filled in on the way back up, so a body within bounds costs no path bookkeeping. */
  path: string[];
}

function check(value: unknown, depth: number): Found | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? { problem: 'nul', path: [] } : undefined;
  if (typeof value !== 'object' || value === null) return undefined;
  if (depth > MAX_JSON_DEPTH) return { problem: 'depth', path: [] };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = check(value[i], depth + 1);
      if (found) {
        found.path.unshift(String(i));
        return found;
      }
    }
    return undefined;
  }
  for (const key in value) {
    if (key.includes('\u0000')) return { problem: 'key', path: [] };
    const found = check((value as Record<string, unknown>)[key], depth + 1);
    if (found) {
      found.path.unshift(key);
      return found;
    }
  }
  return undefined;
}
