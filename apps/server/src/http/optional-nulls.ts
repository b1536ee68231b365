/**
 * Plaid's clients send `null` for optional fields they leave unset (the Node Quickstart's first
 * `/transactions/sync` carries `"cursor": null`), and Plaid reads an explicit null on an optional
 * field as "not given". Weft does the same for every route by deleting those nulls before the body
 * is validated, so schemas, defaults (`count` = 100) and services only ever see the field absent.
 * Which fields are optional is read from the route's own JSON schema, at every depth; a null on a
 * required field is left alone, for validation to refuse (or to accept, where the schema says so).
 */

type Json = Record<string, unknown>;

/** Removes, in place, the nulls a body carries on fields its schema does not require. */
export type NullStripper = (value: unknown) => void;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Compiles a request-body JSON schema (as TypeBox builds it) into a function that deletes every
 * null found on an optional property, at any depth: nested objects, objects inside arrays, and the
 * object branch of a union. Returns undefined when the schema has no optional property anywhere.
 */
export function optionalNullStripper(schema: unknown): NullStripper | undefined {
  return isObject(schema) ? compile(schema) : undefined;
}

function compile(node: Json): NullStripper | undefined {
  const unions = [
    ...((node.anyOf as Json[] | undefined) ?? []),
    ...((node.oneOf as Json[] | undefined) ?? []),
  ];
  if (unions.length > 0) return compileUnion(unions);
  const parts: NullStripper[] = [];
  for (const branch of (node.allOf as Json[] | undefined) ?? []) {
    const s = compile(branch);
    if (s) parts.push(s);
  }
  const own = compileObject(node) ?? compileArray(node);
  if (own) parts.push(own);
  if (parts.length === 0) return undefined;
  if (parts.length === 1) return parts[0];
  return (value) => {
    for (const p of parts) p(value);
  };
}

function compileObject(node: Json): NullStripper | undefined {
  const props = node.properties as Record<string, Json> | undefined;
  const patterns = node.patternProperties as Record<string, Json> | undefined;
  if (!props && !patterns) return undefined;
  const required = new Set((node.required as string[] | undefined) ?? []);
  const optional = Object.keys(props ?? {}).filter((k) => !required.has(k));
  const children = Object.entries(props ?? {})
    .map(([k, sub]) => [k, compile(sub)] as const)
    .filter((e): e is readonly [string, NullStripper] => e[1] !== undefined);
  // A record's values (TypeBox's Record is a pattern property) are not optional fields, but an
  // object inside one may have some.
  const recordValue = Object.values(patterns ?? {})
    .map(compile)
    .find((s) => s !== undefined);
  if (optional.length === 0 && children.length === 0 && !recordValue) return undefined;
  return (value) => {
    if (!isObject(value)) return;
    for (const k of optional) if (value[k] === null) delete value[k];
    for (const [k, strip] of children) if (value[k] != null) strip(value[k]);
    if (recordValue) for (const [k, v] of Object.entries(value)) if (!props?.[k] && v != null) recordValue(v);
  };
}

function compileArray(node: Json): NullStripper | undefined {
  const items = node.items;
  const each = isObject(items) ? compile(items) : undefined;
  if (!each) return undefined;
  return (value) => {
    if (Array.isArray(value)) for (const v of value) if (v != null) each(v);
  };
}

/**
 * A union applies the branch the value can match: the one declaring its type (a value-or-null
 * field has one object branch); among several object branches, the first one that declares every
 * key the value carries, so a key one branch requires is never removed on another's account.
 */
function compileUnion(branches: Json[]): NullStripper | undefined {
  const compiled = branches
    .map((b) => ({ branch: b, strip: compile(b) }))
    .filter((c): c is { branch: Json; strip: NullStripper } => c.strip !== undefined);
  if (compiled.length === 0) return undefined;
  const ofType = (type: string) => compiled.filter((c) => c.branch.type === type);
  const objects = ofType('object');
  const arrays = ofType('array');
  const others = compiled.filter((c) => c.branch.type !== 'object' && c.branch.type !== 'array');
  return (value) => {
    if (Array.isArray(value)) {
      arrays[0]?.strip(value);
    } else if (isObject(value)) {
      const keys = Object.keys(value);
      const fits = objects.find((c) => {
        const props = (c.branch.properties as Json | undefined) ?? {};
        return keys.every((k) => k in props);
      });
      (fits ?? (objects.length === 1 ? objects[0] : undefined))?.strip(value);
    }
    for (const c of others) c.strip(value);
  };
}
