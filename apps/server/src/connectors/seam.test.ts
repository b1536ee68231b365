import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = path.resolve(__dirname, '..');
const PRODUCTS = path.join(SRC, 'products');

/**
 * Modules whose code simulates data: only the sandbox connector may run them. Products may still
 * import their types (an owner, a set of numbers is Weft's model), never their functions.
 */
const SIMULATION_MODULES = [
  'engines/transactions-generator/',
  'engines/identity/persona.ts',
  'engines/identity/personas.data.ts',
  'engines/bank-numbers/',
];

/**
 * Product files that may still run simulation code, each with what remains. Empty, and it stays
 * so: simulation lives behind the sandbox connector (Connector.details and Connector.refresh).
 */
const SIMULATION_ALLOWED: Readonly<Record<string, string>> = {};

/** One import or re-export of a source file: where it points, and whether it is types only. */
export interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

/** The imports, re-exports and dynamic imports of a TypeScript source. */
export function importsOf(source: string): ImportRef[] {
  const refs: ImportRef[] = [];
  const statement = /(?:^|[;\n])\s*(import|export)\s+(type\s+)?([^'";]*?)\s*from\s*['"]([^'"]+)['"]/g;
  for (const m of source.matchAll(statement)) refs.push({ specifier: m[4]!, typeOnly: Boolean(m[2]) });
  for (const m of source.matchAll(/(?:^|[;\n])\s*import\s*['"]([^'"]+)['"]/g))
    refs.push({ specifier: m[1]!, typeOnly: false });
  for (const m of source.matchAll(/\bimport\(\s*['"]([^'"]+)['"]\s*\)/g))
    refs.push({ specifier: m[1]!, typeOnly: false });
  return refs;
}

/** Where a relative import of `file` lands, relative to the server's `src`, with `.ts` added. */
export function resolveFrom(file: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  const target = path
    .relative(SRC, path.resolve(path.dirname(file), specifier))
    .split(path.sep)
    .join('/');
  return target.endsWith('.ts') ? target : `${target}.ts`;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.test.ts') ? [full] : [];
  });
}

/** The relative imports of every source file under `dir`, as paths relative to `src`. */
function importsUnder(dir: string): { file: string; target: string; typeOnly: boolean }[] {
  return sourceFiles(dir).flatMap((full) => {
    const file = path.relative(SRC, full).split(path.sep).join('/');
    return importsOf(readFileSync(full, 'utf8')).flatMap((ref) => {
      const target = resolveFrom(full, ref.specifier);
      return target ? [{ file, target, typeOnly: ref.typeOnly }] : [];
    });
  });
}

/** Members of a connector's `simulation` that sources read, by property access or destructuring. */
function simulationMembers(sources: readonly string[]): string[] {
  return sources.flatMap((source) => [
    ...[...source.matchAll(/\.simulation\??\.(\w+)/g)].map((m) => m[1]!),
    ...[...source.matchAll(/\{([^}]*)\}\s*=\s*[\w.?]+\.simulation\b/g)].flatMap((m) =>
      m[1]!.split(',').map((name) => name.split(':')[0]!.trim()),
    ),
  ]);
}

function productImports(): { file: string; target: string; typeOnly: boolean }[] {
  return importsUnder(PRODUCTS);
}

describe('the connector seam', () => {
  it('finds imports, re-exports and dynamic imports, and tells type-only ones apart', () => {
    const source = [
      "import { findInstitution } from '../../connectors/sandbox/institutions';",
      "import type { Institution } from '../../connectors/institution';",
      "export { SandboxConnector } from '../../connectors/sandbox/sandbox.connector';",
      "import {\n  a,\n  b,\n} from '../../engines/bank-numbers/bank-numbers';",
      "const m = await import('../../connectors/sandbox/mfa');",
    ].join('\n');
    expect(importsOf(source)).toEqual([
      { specifier: '../../connectors/sandbox/institutions', typeOnly: false },
      { specifier: '../../connectors/institution', typeOnly: true },
      { specifier: '../../connectors/sandbox/sandbox.connector', typeOnly: false },
      { specifier: '../../engines/bank-numbers/bank-numbers', typeOnly: false },
      { specifier: '../../connectors/sandbox/mfa', typeOnly: false },
    ]);
    const file = path.join(PRODUCTS, 'auth', 'auth.service.ts');
    expect(resolveFrom(file, '../../connectors/sandbox/institutions')).toBe(
      'connectors/sandbox/institutions.ts',
    );
    expect(resolveFrom(file, 'kysely')).toBeNull();
  });

  it('no product imports the sandbox connector: products reach data sources only through the registry', () => {
    const offending = productImports()
      .filter((i) => i.target.startsWith('connectors/sandbox/'))
      .map((i) => `${i.file} → ${i.target}`);
    expect(offending).toEqual([]);
  });

  it('no connector imports another: what two share lives beside connector.ts', () => {
    const connectors = readdirSync(path.join(SRC, 'connectors'), { withFileTypes: true })
      .filter((e) => e.isDirectory())
      .map((e) => e.name);
    expect(connectors).toEqual(expect.arrayContaining(['files', 'sandbox']));
    const offending = connectors.flatMap((own) =>
      importsUnder(path.join(SRC, 'connectors', own))
        .filter((i) => /^connectors\/[^/]+\//.test(i.target) && !i.target.startsWith(`connectors/${own}/`))
        .map((i) => `${i.file} → ${i.target}`),
    );
    expect(offending).toEqual([]);
  });

  it('no product imports the transactions generator, not even its types: events reach the store as a read', () => {
    const offending = productImports()
      .filter((i) => i.target.startsWith('engines/transactions-generator/'))
      .map((i) => `${i.file} → ${i.target}`);
    expect(offending).toEqual([]);
  });

  it('products reach nothing of a simulated source but its test user', () => {
    expect(simulationMembers(['if (!c.simulation) throw e;', 'const u = c.simulation.testUser;'])).toEqual([
      'testUser',
    ]);
    expect(
      simulationMembers(['c.simulation?.maxLagDays', 'const { testUser, stateAt } = c.simulation;']),
    ).toEqual(['maxLagDays', 'testUser', 'stateAt']);
    const used = new Set(simulationMembers(sourceFiles(PRODUCTS).map((f) => readFileSync(f, 'utf8'))));
    expect([...used].filter((m) => m !== 'testUser')).toEqual([]);
  });

  it('only the listed product files still run simulation code, and the list holds no stale entry', () => {
    const running = new Set(
      productImports()
        .filter((i) => !i.typeOnly && SIMULATION_MODULES.some((m) => i.target.startsWith(m)))
        .map((i) => i.file),
    );
    expect([...running].filter((f) => !(f in SIMULATION_ALLOWED))).toEqual([]);
    expect(Object.keys(SIMULATION_ALLOWED).filter((f) => !running.has(f))).toEqual([]);
  });
});
