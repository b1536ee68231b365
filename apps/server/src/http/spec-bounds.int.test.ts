import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createTestWeft, type TestWeft } from '../test/harness';
import { SPEC_PATH } from '../test/spec-validator';

type Json = Record<string, unknown>;
const MAXIMA = ['maxLength', 'maxItems', 'maximum'] as const;

/**
 * Where Plaid's spec bounds a request field (maxLength, maxItems, maximum), Weft's schema bounds it
 * no looser: the default bounds are for fields Plaid leaves open.
 */
describe("request bounds are Plaid's where the spec gives them", () => {
  let w: TestWeft;
  let spec: { paths: Record<string, { post?: Json }>; components: { schemas: Record<string, Json> } };
  beforeAll(async () => {
    w = await createTestWeft();
    spec = parse(fs.readFileSync(SPEC_PATH, 'utf8'));
  });
  afterAll(() => w.close());

  const resolve = (node: Json): Json => {
    let n = node;
    while (typeof n.$ref === 'string') n = spec.components.schemas[n.$ref.split('/').pop()!]!;
    return n;
  };

  /** The spec's maxima for each field path, with Weft's schema node at the same path. */
  function compare(specNode: Json, ours: Json | undefined, at: string, depth: number, out: string[]): void {
    if (!ours || depth > 12) return;
    const s = resolve(specNode);
    const branches = [s, ...((s.allOf as Json[] | undefined) ?? []).map(resolve)];
    const mine = [ours, ...((ours.anyOf as Json[] | undefined) ?? [])];
    for (const b of branches) {
      for (const key of MAXIMA) {
        const limit = b[key];
        if (typeof limit !== 'number') continue;
        const declared = mine.map((m) => m[key]).find((v) => typeof v === 'number') as number | undefined;
        if (declared === undefined || declared > limit)
          out.push(`${at}: ${key} ${declared} > spec's ${limit}`);
      }
      for (const [k, sub] of Object.entries((b.properties as Record<string, Json> | undefined) ?? {})) {
        const child = mine.map((m) => (m.properties as Record<string, Json> | undefined)?.[k]).find(Boolean);
        compare(sub, child, `${at}.${k}`, depth + 1, out);
      }
      if (b.items) {
        const items = mine.map((m) => m.items as Json | undefined).find(Boolean);
        compare(b.items as Json, items, `${at}[]`, depth + 1, out);
      }
    }
  }

  it('every implemented endpoint', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const [route, schema] of w.bodySchemas) {
      const op = spec.paths[route]?.post as
        | { requestBody?: { content?: { 'application/json'?: { schema?: Json } } } }
        | undefined;
      const body = op?.requestBody?.content?.['application/json']?.schema;
      if (!body) continue;
      checked++;
      compare(body, schema as Json, route, 0, problems);
    }
    expect(checked).toBeGreaterThan(30);
    expect(problems).toEqual([]);
  });
});
