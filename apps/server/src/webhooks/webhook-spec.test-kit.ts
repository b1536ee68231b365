import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { loadSpecValidator, SPEC_PATH, SpecValidator } from '../test/spec-validator';

type Json = Record<string, unknown>;

let cached: SpecValidator | null | undefined;

/** Reads the spec's components, from the JSON copy the response validator keeps when it exists. */
function components(): { schemas: Record<string, Json> } {
  loadSpecValidator();
  const stat = fs.statSync(SPEC_PATH);
  const copy = path.join(os.tmpdir(), `weft-plaid-spec-${stat.size}-${Math.trunc(stat.mtimeMs)}.json`);
  const text = fs.existsSync(copy) ? fs.readFileSync(copy, 'utf8') : null;
  const spec = (
    text ? JSON.parse(text) : parse(fs.readFileSync(SPEC_PATH, 'utf8'), { maxAliasCount: -1 })
  ) as {
    components: { schemas: Record<string, Json> };
  };
  return spec.components;
}

/**
 * Problems with a webhook body against the spec's schema of that name (e.g. `ItemErrorWebhook`),
 * including fields the spec does not declare; null when the spec is absent.
 */
export function webhookProblems(schemaName: string, body: unknown): string[] | null {
  if (cached === undefined) {
    if (!fs.existsSync(SPEC_PATH)) cached = null;
    else {
      const comps = components();
      const paths: Record<string, Json> = {};
      for (const name of Object.keys(comps.schemas).filter((n) => n.endsWith('Webhook')))
        paths[`/${name}`] = {
          post: {
            responses: {
              '200': {
                content: { 'application/json': { schema: { $ref: `#/components/schemas/${name}` } } },
              },
            },
          },
        };
      cached = new SpecValidator({ paths, components: comps } as ConstructorParameters<
        typeof SpecValidator
      >[0]);
    }
  }
  return cached ? cached.validate(`/${schemaName}`, 200, body) : null;
}
