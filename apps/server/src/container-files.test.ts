import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { loadConfig } from './config';

/**
 * No Docker daemon runs where the tests do, so the Dockerfile and compose.yaml are checked against
 * what they name: the variables config.ts reads, the CLI's commands and roles, package.json's
 * scripts and workspaces, and the files they copy. `.ci/docker-commands` runs the image's commands.
 */
const ROOT = path.resolve(import.meta.dirname, '../../..');
const read = (f: string) => fs.readFileSync(path.join(ROOT, f), 'utf8');

/** Every environment variable config.ts reads. */
function configVariables(): Set<string> {
  const src = read('apps/server/src/config.ts');
  const names = [...src.matchAll(/env\.([A-Z][A-Z0-9_]+)|\(env, '([A-Z][A-Z0-9_]+)'/g)].map(
    (m) => m[1] ?? m[2]!,
  );
  return new Set(names);
}

/** The Dockerfile as instructions (continuation lines joined, comments dropped). */
function dockerfile(): { op: string; args: string }[] {
  return read('Dockerfile')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'))
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op!.toUpperCase(), args: rest.join(' ') };
    });
}

function dockerEnv(): Record<string, string> {
  const env: Record<string, string> = {};
  for (const { args } of dockerfile().filter((i) => i.op === 'ENV'))
    for (const m of args.matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) env[m[1]!] = m[2]!;
  return env;
}

interface Service {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  ports?: string[];
  stop_grace_period?: string;
  env_file?: string;
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test?: string[]; disable?: boolean };
}

function compose(): Record<string, Service> {
  return (parse(read('compose.yaml'), { merge: true }) as { services: Record<string, Service> }).services;
}

/** Compose's `${VAR:?message}` and `${VAR:-default}` filled in as a user's .env would. */
function interpolate(value: string): string {
  return value.replace(/\$\{([A-Z_]+)(?::[?-][^}]*)?\}/g, (_, name: string) =>
    name === 'WEFT_ENCRYPTION_KEY' ? 'ab'.repeat(32) : 'example-password',
  );
}

/** Variables .env.example sets (or leaves blank for the user). */
function envExample(): string[] {
  return read('.env.example')
    .split('\n')
    .filter((l) => /^[A-Z_]+=/.test(l))
    .map((l) => l.slice(0, l.indexOf('=')));
}

const CLI_COMMANDS = [...read('apps/server/src/main.ts').matchAll(/command [!=]== '([a-z-]+)'/g)].map(
  (m) => m[1],
);

describe('Dockerfile', () => {
  const steps = dockerfile();
  const pkg = JSON.parse(read('package.json')) as { scripts: Record<string, string>; workspaces: string[] };

  it('builds on node 20 slim, installs production dependencies only, and runs as a non-root user', () => {
    expect(steps[0]).toEqual({ op: 'FROM', args: expect.stringMatching(/^node:20[\w.-]*-slim$/) });
    const runs = steps.filter((s) => s.op === 'RUN').map((s) => s.args);
    expect(runs).toContain('npm ci --omit=dev --no-audit --no-fund');
    for (const run of runs)
      for (const m of run.matchAll(/npm run ([\w:-]+)/g)) expect(Object.keys(pkg.scripts)).toContain(m[1]);
    const user = steps.filter((s) => s.op === 'USER').at(-1)?.args;
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^(root|0)$/);
  });

  it('copies every workspace manifest before npm ci, and only files that exist', () => {
    const ci = steps.findIndex((s) => s.op === 'RUN' && s.args.startsWith('npm ci'));
    const copied = steps
      .slice(0, ci)
      .filter((s) => s.op === 'COPY')
      .flatMap((s) => s.args.split(/\s+/).slice(0, -1));
    for (const ws of pkg.workspaces) expect(copied).toContain(`${ws}/package.json`);
    expect(copied).toEqual(expect.arrayContaining(['package.json', 'package-lock.json']));
    for (const f of copied) expect(fs.existsSync(path.join(ROOT, f)), f).toBe(true);
  });

  it('sets only variables config.ts reads, listens on every interface, and keeps data in the volume', () => {
    const env = dockerEnv();
    const known = configVariables();
    for (const name of Object.keys(env).filter((n) => n !== 'NODE_ENV')) expect(known, name).toContain(name);
    const config = loadConfig(env, '/app');
    expect(config.host).toBe('0.0.0.0');
    expect(config.dataDir).toBe('/data');
    expect(steps.find((s) => s.op === 'VOLUME')?.args).toContain('"/data"');
    expect(steps.find((s) => s.op === 'EXPOSE')?.args).toBe(String(config.port));
  });

  it('checks /health on the port the process listens on, and starts the CLI', () => {
    const health = steps.find((s) => s.op === 'HEALTHCHECK')?.args ?? '';
    expect(health).toContain("'/health'");
    for (const m of health.matchAll(/process\.env\.([A-Z_]+)/g)) expect(configVariables()).toContain(m[1]);
    const entry = JSON.parse(steps.find((s) => s.op === 'ENTRYPOINT')!.args) as string[];
    expect(entry.slice(0, 3)).toEqual(['node', '--import', 'tsx']);
    expect(fs.existsSync(path.join(ROOT, entry[3]!))).toBe(true);
    const cmd = JSON.parse(steps.find((s) => s.op === 'CMD')!.args) as string[];
    expect(CLI_COMMANDS).toContain(cmd[0]);
  });
});

describe('compose.yaml', () => {
  const services = compose();
  const known = configVariables();

  it('runs an API and a worker on PostgreSQL, both with the same encryption key', () => {
    expect(Object.keys(services)).toEqual(expect.arrayContaining(['postgres', 'api', 'worker']));
    const { api, worker, postgres } = services as Record<'api' | 'worker' | 'postgres', Service>;
    expect(api.command).toEqual(['start', '--roles=api']);
    expect(worker.command).toEqual(['start', '--roles=worker']);
    expect(api.environment?.WEFT_ENCRYPTION_KEY).toMatch(/^\$\{WEFT_ENCRYPTION_KEY:\?/);
    expect(worker.environment?.WEFT_ENCRYPTION_KEY).toBe(api.environment?.WEFT_ENCRYPTION_KEY);
    expect(api.env_file).toBe('.env');
    expect(worker.env_file).toBe('.env');
    const url = new URL(interpolate(api.environment!.DATABASE_URL!));
    expect(url.hostname).toBe('postgres');
    expect(url.username).toBe(postgres.environment?.POSTGRES_USER);
    expect(url.pathname).toBe(`/${postgres.environment?.POSTGRES_DB}`);
    expect(worker.environment?.DATABASE_URL).toBe(api.environment?.DATABASE_URL);
  });

  it('gives every Weft service an environment config.ts accepts, with only variables it reads', () => {
    for (const [name, s] of Object.entries(services)) {
      if (name === 'postgres') continue;
      expect(CLI_COMMANDS, name).toContain(s.command?.[0]);
      const env = Object.fromEntries(
        Object.entries(s.environment ?? {}).map(([k, v]) => [k, interpolate(v)]),
      );
      for (const k of Object.keys(env)) expect(known, `${name}: ${k}`).toContain(k);
      const config = loadConfig({ ...dockerEnv(), ...env }, '/app');
      expect(config.database.dialect).toBe('postgres');
      // Compose stops a container after stop_grace_period; Weft must have drained by then.
      expect(Number.parseInt(s.stop_grace_period ?? '10s', 10) * 1000, name).toBeGreaterThan(
        config.shutdownTimeoutMs,
      );
    }
    for (const k of envExample().filter((k) => k !== 'POSTGRES_PASSWORD'))
      expect(known, `.env.example: ${k}`).toContain(k);
  });

  it('publishes the API port on loopback only, and health-checks the worker on its metrics port', () => {
    const { api, worker } = services as Record<'api' | 'worker', Service>;
    const apiConfig = loadConfig({
      ...dockerEnv(),
      ...api.environment,
      DATABASE_URL: 'postgres://x@y/z',
      WEFT_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(api.ports).toEqual([`127.0.0.1:${apiConfig.port}:${apiConfig.port}`]);
    expect(worker.ports).toBeUndefined();
    const workerConfig = loadConfig({
      ...dockerEnv(),
      ...worker.environment,
      DATABASE_URL: 'postgres://x@y/z',
      WEFT_ENCRYPTION_KEY: 'ab'.repeat(32),
    });
    expect(workerConfig.metrics.port).toEqual(expect.any(Number));
    expect(services.migrate?.command).toEqual(['migrate']);
    for (const s of [api, worker])
      expect(s.depends_on?.migrate?.condition).toBe('service_completed_successfully');
  });
});

describe('.dockerignore', () => {
  it('keeps local state, secrets and installed modules out of the build context', () => {
    const lines = read('.dockerignore').split('\n');
    for (const p of ['.git', '**/node_modules', 'data', '.env']) expect(lines).toContain(p);
  });
});
