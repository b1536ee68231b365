import { isHttpUrl } from '../lib/outbound-guard';
import { errors } from './errors';

/**
 * Refuses a URL field (a webhook, a redirect URI) that is not an absolute http(s) URL with
 * Plaid's INVALID_FIELD; left out, null or empty means none and passes. Where a valid URL points
 * is judged only when Weft connects (lib/outbound-guard.ts), as Plaid accepts any well-formed URL.
 */
export function requireHttpUrl(field: string, value: string | null | undefined): void {
  if (value === undefined || value === null || value === '') return;
  if (!isHttpUrl(value)) throw errors.invalidField(`${field} must be a valid http(s) URL`);
}
