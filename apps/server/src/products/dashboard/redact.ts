/**
 * What the API log keeps of a request or response body: the JSON with every secret, token,
 * credential and account number replaced by "[redacted]", file contents by their length, cut at
 * MAX_BODY characters. A field is
 * redacted by its name, at any depth, so a new endpoint's tokens are covered without a list per
 * endpoint.
 */
export const MAX_BODY = 16_384;
export const REDACTED = '[redacted]';

/** Names whose values are always redacted. */
const SECRET_NAMES = new Set([
  'secret',
  'password',
  'username',
  'pin',
  'credentials',
  'account',
  'routing',
  'wire_routing',
  'iban',
  'bic',
  'sort_code',
  'ssn',
  'id_number',
  'date_of_birth',
  'phone_number',
  'email_address',
  'override_password',
  'override_username',
]);

/** Any name ending in one of these: access_token, link_token, user_token, processor_token… */
const SECRET_SUFFIX = /(_token|_secret|token|secret|password)$/i;

export function isSecretName(name: string): boolean {
  const lower = name.toLowerCase();
  return SECRET_NAMES.has(lower) || SECRET_SUFFIX.test(lower);
}

/** File contents (statement uploads' `content_base64`, logos): kept as their length only. */
const FILE_NAME = /(_base64|^logo)$/i;

/** A redacted copy of a parsed JSON value. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 32) return REDACTED;
  if (Array.isArray(value)) return value.map((v) => redactValue(v, depth + 1));
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value))
      if (v !== null && isSecretName(k)) out[k] = REDACTED;
      else if (typeof v === 'string' && FILE_NAME.test(k)) out[k] = `[file: ${v.length} characters]`;
      else out[k] = redactValue(v, depth + 1);
    return out;
  }
  return value;
}

/** A body as stored: redacted JSON text, or a note when it was not JSON. */
export function redactBody(body: unknown): string {
  let parsed = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return JSON.stringify({ note: 'not JSON', bytes: body.length });
    }
  }
  if (parsed === undefined || parsed === null) return '{}';
  if (Buffer.isBuffer(parsed)) return JSON.stringify({ note: 'binary', bytes: parsed.length });
  const text = JSON.stringify(redactValue(parsed));
  return text.length > MAX_BODY
    ? JSON.stringify({ note: 'truncated', preview: text.slice(0, MAX_BODY) })
    : text;
}
