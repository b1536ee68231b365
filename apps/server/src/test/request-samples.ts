/**
 * Request bodies made from a route's JSON schema, for tests that walk every field of every route:
 * the smallest body the schema accepts, and for each field at every depth a variant carrying null.
 */

type Json = Record<string, unknown>;

/** One optional field set to null, with the same body leaving it out. */
export interface NullCase {
  field: string;
  withNull: unknown;
  without: unknown;
}

/** One required field (whose schema does not admit null) set to null. */
export interface RequiredCase {
  field: string;
  withNull: unknown;
}

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function branches(node: Json): Json[] {
  return [...((node.anyOf as Json[] | undefined) ?? []), ...((node.oneOf as Json[] | undefined) ?? [])];
}

/** True when the schema itself accepts null. */
export function admitsNull(node: Json): boolean {
  if (node.type === 'null') return true;
  if (Object.keys(node).filter((k) => k !== 'description').length === 0) return true;
  return branches(node).some(admitsNull);
}

/** The smallest value a schema accepts: required members only, the first choice of each union. */
export function sampleOf(node: Json): unknown {
  const union = branches(node);
  if (union.length > 0) return sampleOf(union.find((b) => b.type !== 'null') ?? union[0]!);
  if ('const' in node) return node.const;
  if (Array.isArray(node.enum)) return node.enum[0];
  if (node.default !== undefined) return node.default;
  switch (node.type) {
    case 'object': {
      const props = (node.properties as Record<string, Json> | undefined) ?? {};
      const required = (node.required as string[] | undefined) ?? [];
      return Object.fromEntries(required.map((k) => [k, sampleOf(props[k] ?? {})]));
    }
    case 'array': {
      const n = (node.minItems as number | undefined) ?? 0;
      return Array.from({ length: n }, () => sampleOf((node.items as Json | undefined) ?? {}));
    }
    case 'string': {
      if (node.format === 'date' || String(node.pattern ?? '').includes('\\d{4}')) return '2026-11-01';
      if (node.format === 'date-time') return '2026-11-01T00:00:00Z';
      return 'x'.repeat(Math.max(1, (node.minLength as number | undefined) ?? 1));
    }
    case 'integer':
    case 'number': {
      const min = (node.minimum as number | undefined) ?? 1;
      return Math.min(min, (node.maximum as number | undefined) ?? min);
    }
    case 'boolean':
      return false;
    case 'null':
      return null;
    default:
      return {};
  }
}

/**
 * Every field of a request-body schema, at every depth (inside optional objects, objects in
 * arrays and the object branch of a union), each set to null in an otherwise smallest body: the
 * optional ones with the same body leaving them out, the required ones alone.
 */
export function nullCases(schema: Json): { optional: NullCase[]; required: RequiredCase[] } {
  const out = { optional: [] as NullCase[], required: [] as RequiredCase[] };
  walk(schema, (v) => v, '', out);
  return out;
}

function walk(
  node: Json,
  place: (value: unknown) => unknown,
  at: string,
  out: { optional: NullCase[]; required: RequiredCase[] },
): void {
  for (const b of branches(node)) if (b.type === 'object' || b.type === 'array') walk(b, place, at, out);
  if (node.type === 'array' && isObject(node.items)) {
    const items = node.items;
    walk(items, (v) => place([v]), `${at}[]`, out);
    return;
  }
  const props = node.properties as Record<string, Json> | undefined;
  if (node.type !== 'object' || !props) return;
  const base = sampleOf(node) as Json;
  const required = new Set((node.required as string[] | undefined) ?? []);
  for (const [k, sub] of Object.entries(props)) {
    const field = at ? `${at}.${k}` : k;
    const { [k]: _omit, ...without } = base;
    if (!required.has(k))
      out.optional.push({ field, withNull: place({ ...base, [k]: null }), without: place(without) });
    else if (!admitsNull(sub)) out.required.push({ field, withNull: place({ ...base, [k]: null }) });
    walk(sub, (v) => place({ ...base, [k]: v }), field, out);
  }
}
