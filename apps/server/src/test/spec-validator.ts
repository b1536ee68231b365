import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';

/** Where Plaid's OpenAPI spec lives beside the project (it is not part of the project). */
export const SPEC_PATH = path.resolve(
  import.meta.dirname,
  '../../../../../shared/plaid-openapi/2020-09-14.yml',
);

type Json = Record<string, unknown>;
interface Spec {
  paths: Record<
    string,
    { post?: { responses?: Record<string, { content?: Record<string, { schema?: Json }> }> } }
  >;
  components: { schemas: Record<string, Json> };
}

/** How a request schema differs from the spec's; see SpecValidator.requestFieldGaps. */
export interface RequestGaps {
  missing: string[];
  extra: string[];
  nullRefused: string[];
  requiredHere: string[];
}

/** True when a (TypeBox-built) JSON schema accepts null. */
function admitsNull(schema: Json): boolean {
  const type = schema.type;
  if (type === 'null' || (Array.isArray(type) && type.includes('null'))) return true;
  if (Object.keys(schema).every((k) => k === 'description')) return true;
  return ((schema.anyOf as Json[] | undefined) ?? []).some(admitsNull);
}

/** A response that does not match the spec. */
export interface Violation {
  path: string;
  status: number;
  problems: string[];
}

/**
 * OpenAPI 3.0's `nullable: true` is not JSON Schema: rewrite it as a union with null (`type: [t,
 * 'null']`, or `anyOf` with `{type: 'null'}` where the schema has no type of its own).
 */
function toJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(toJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [k, v] of Object.entries(node as Json))
    out[k] = k === 'properties' ? mapValues(v as Json) : toJsonSchema(v);
  if (out.nullable !== true) return out;
  delete out.nullable;
  if (typeof out.type === 'string') {
    out.type = [out.type, 'null'];
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null];
    return out;
  }
  return { anyOf: [out, { type: 'null' }] };
}

function mapValues(props: Json): Json {
  return Object.fromEntries(Object.entries(props).map(([k, v]) => [k, toJsonSchema(v)]));
}

let cached: SpecValidator | null | undefined;

/** The validator, or null when the spec is not present (a user's clone has no ../shared). */
export function loadSpecValidator(): SpecValidator | null {
  if (cached !== undefined) return cached;
  if (!fs.existsSync(SPEC_PATH)) {
    cached = null;
    return cached;
  }
  cached = new SpecValidator(readSpec());
  return cached;
}

/** Parsing 70k lines of YAML takes a while; keep a JSON copy in the temp dir keyed by mtime. */
function readSpec(): Spec {
  const stat = fs.statSync(SPEC_PATH);
  const cacheFile = path.join(os.tmpdir(), `weft-plaid-spec-${stat.size}-${Math.trunc(stat.mtimeMs)}.json`);
  try {
    return JSON.parse(fs.readFileSync(cacheFile, 'utf8')) as Spec;
  } catch {
    const spec = parse(fs.readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 }) as Spec;
    fs.writeFileSync(`${cacheFile}.tmp${process.pid}`, JSON.stringify(spec));
    fs.renameSync(`${cacheFile}.tmp${process.pid}`, cacheFile);
    return spec;
  }
}

/**
 * Validates Weft's responses against Plaid's OpenAPI spec: the JSON schema of each path's 200
 * response (errors against PlaidError), plus a check that no object carries a field the spec does
 * not declare, so invented or misspelled fields are caught too.
 */
export class SpecValidator {
  private readonly ajv: Ajv;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly spec: Spec) {
    this.ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
    addFormats(this.ajv);
    for (const f of ['double', 'float', 'binary', 'cognito', 'url', 'valid', '']) this.ajv.addFormat(f, true);
    this.ajv.addSchema({ $id: 'plaid', components: toJsonSchema(spec.components) } as Json);
  }

  /** True when the spec has this path. */
  hasPath(p: string): boolean {
    return Boolean(this.spec.paths[p]?.post);
  }

  /** Problems with one response; empty when it conforms. */
  validate(p: string, status: number, body: unknown): string[] {
    const schemaRef = status === 200 ? this.successRef(p) : '#/components/schemas/PlaidError';
    if (!schemaRef) return [`path ${p} is not in the spec`];
    let v = this.compiled.get(schemaRef);
    if (!v) {
      v = this.ajv.compile({ $ref: `plaid${schemaRef}` });
      this.compiled.set(schemaRef, v);
    }
    const problems: string[] = [];
    if (!v(body))
      for (const e of v.errors ?? [])
        problems.push(`${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
    this.unknownFields(this.resolve({ $ref: schemaRef }), body, '', problems);
    return problems;
  }

  /**
   * Compares a route's request-body JSON schema with the spec's, field by field at every depth:
   * `missing` lists fields the spec defines that the schema does not declare where it admits no
   * others (Weft would refuse them with UNKNOWN_FIELDS); `extra`, fields the spec does not define;
   * `nullRefused`, required fields the spec marks nullable whose schema here refuses null (an
   * optional field's null is read as absent on every route, before validation); `requiredHere`,
   * fields required here that the spec leaves optional (Weft would refuse them absent or null).
   */
  requestFieldGaps(p: string, ours: unknown): RequestGaps {
    const body = this.spec.paths[p]?.post as
      | { requestBody?: { content?: Record<string, { schema?: Json }> } }
      | undefined;
    const theirs = body?.requestBody?.content?.['application/json']?.schema;
    const gaps: RequestGaps = { missing: [], extra: [], nullRefused: [], requiredHere: [] };
    if (theirs) this.compareRequest(ours as Json, theirs, '', gaps);
    return gaps;
  }

  private compareRequest(ours: Json, theirs: Json, at: string, gaps: RequestGaps) {
    const spec = this.resolve(theirs);
    // Our unions (a value or null, alternatives) are compared branch by branch.
    for (const branch of (ours.anyOf as Json[] | undefined) ?? [])
      this.compareRequest(branch, theirs, at, gaps);
    if (ours.items && spec.items)
      this.compareRequest(ours.items as Json, spec.items as Json, `${at}[]`, gaps);
    const props = ours.properties as Record<string, Json> | undefined;
    const declared = this.declared(spec);
    if (!props || declared === null) return;
    const name = (k: string) => (at ? `${at}.${k}` : k);
    const required = new Set((ours.required as string[] | undefined) ?? []);
    const theirsRequired = this.requiredOf(spec);
    if (ours.additionalProperties === false)
      for (const k of declared) if (!(k in props)) gaps.missing.push(name(k));
    for (const [k, sub] of Object.entries(props)) {
      const theirsSub = this.propertySchema(spec, k);
      if (!theirsSub) {
        gaps.extra.push(name(k));
        continue;
      }
      if (required.has(k) && !theirsRequired.has(k)) gaps.requiredHere.push(name(k));
      const nullable = theirsSub.nullable === true || this.resolve(theirsSub).nullable === true;
      if (nullable && required.has(k) && !admitsNull(sub)) gaps.nullRefused.push(name(k));
      this.compareRequest(sub, theirsSub, name(k), gaps);
    }
  }

  /** The fields a spec object requires, its own and those of the schemas it is composed of. */
  private requiredOf(schema: Json): Set<string> {
    const s = this.resolve(schema);
    const out = new Set((s.required as string[] | undefined) ?? []);
    for (const b of (s.allOf as Json[] | undefined) ?? []) for (const k of this.requiredOf(b)) out.add(k);
    return out;
  }

  private successRef(p: string): string | undefined {
    const schema = this.spec.paths[p]?.post?.responses?.['200']?.content?.['application/json']?.schema;
    return schema?.$ref as string | undefined;
  }

  private resolve(schema: Json): Json {
    let s = schema;
    for (let i = 0; i < 20 && typeof s.$ref === 'string'; i++) {
      const name = (s.$ref as string).split('/').pop()!;
      s = this.spec.components.schemas[name] ?? {};
    }
    return s;
  }

  /** Collects declared properties across allOf/anyOf/oneOf; null when any branch is open-ended. */
  private declared(schema: Json): Set<string> | null {
    const s = this.resolve(schema);
    const names = new Set<string>(Object.keys((s.properties as Json | undefined) ?? {}));
    const branches = [
      ...((s.allOf as Json[]) ?? []),
      ...((s.anyOf as Json[]) ?? []),
      ...((s.oneOf as Json[]) ?? []),
    ];
    if (!s.properties && branches.length === 0) return null;
    for (const b of branches) {
      const sub = this.declared(b);
      if (sub === null) return null;
      for (const n of sub) names.add(n);
    }
    return names;
  }

  private propertySchema(schema: Json, key: string): Json | undefined {
    const s = this.resolve(schema);
    const own = (s.properties as Record<string, Json> | undefined)?.[key];
    if (own) return own;
    for (const b of [
      ...((s.allOf as Json[]) ?? []),
      ...((s.anyOf as Json[]) ?? []),
      ...((s.oneOf as Json[]) ?? []),
    ]) {
      const found = this.propertySchema(b, key);
      if (found) return found;
    }
    return undefined;
  }

  /** Every schema the object or its allOf branches give for a property. */
  private propertySchemas(schema: Json, key: string): Json[] {
    const s = this.resolve(schema);
    const own = (s.properties as Record<string, Json> | undefined)?.[key];
    const fromBranches = ((s.allOf as Json[]) ?? []).flatMap((b) => this.propertySchemas(b, key));
    if (own || fromBranches.length > 0) return [...(own ? [own] : []), ...fromBranches];
    const alternative = this.propertySchema(s, key);
    return alternative ? [alternative] : [];
  }

  /** The item schema of an array schema, or of each allOf branch that restates the array. */
  private itemsOf(s: Json): Json | undefined {
    if (s.items) return s.items as Json;
    const all = ((s.allOf as Json[]) ?? []).flatMap((b) => {
      const items = this.itemsOf(this.resolve(b));
      return items ? [items] : [];
    });
    return all.length === 0 ? undefined : all.length === 1 ? all[0] : { allOf: all };
  }

  private unknownFields(schema: Json, value: unknown, at: string, problems: string[]): void {
    if (value === null || typeof value !== 'object') return;
    const s = this.resolve(schema);
    if (Array.isArray(value)) {
      const items = this.itemsOf(s);
      if (items) for (const [i, v] of value.entries()) this.unknownFields(items, v, `${at}/${i}`, problems);
      return;
    }
    const declared = this.declared(s);
    if (declared === null) return;
    for (const [k, v] of Object.entries(value)) {
      if (!declared.has(k)) {
        problems.push(`${at || '/'} has field "${k}" that the spec does not declare`);
        continue;
      }
      // A property an allOf restates (InvestmentAccount's `balances`) is checked against every one.
      const subs = this.propertySchemas(s, k);
      if (subs.length > 0)
        this.unknownFields(subs.length === 1 ? subs[0]! : { allOf: subs }, v, `${at}/${k}`, problems);
    }
  }
}
