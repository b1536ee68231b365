import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import readline from 'node:readline';
import type autocannon from 'autocannon';
import pg from 'pg';

/**
 * Processes a bench measures: Weft started the way `npm start` starts it, and a bare node:http
 * server beside it. Each runs in a process of its own, so the load generator (the bench's process)
 * never shares an event loop with what it measures.
 */

/** A server in a child process: its base URL, its pid and how to stop it. */
export interface ServerProcess {
  base: string;
  pid: number;
  stop(): Promise<void>;
}

/** What Weft is started with beyond `npm start`'s defaults. */
export interface WeftOptions {
  /** The database (a `sqlite:` path in `dataDir`, or a PostgreSQL URL). */
  databaseUrl: string;
  dataDir: string;
  clientId: string;
  secret: string;
  encryptionKey: string;
  /** Extra environment (rate limits, log level). */
  env?: Record<string, string>;
  /** Extra node flags (`--cpu-prof`, which NODE_OPTIONS does not take). */
  nodeArgs?: string[];
}

/** A free loopback port: taken from the kernel, then released for the child to listen on. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * `node --import tsx apps/server/src/main.ts start` (what `npm start` runs once built), with pinned
 * sandbox keys and its own data folder, on loopback. Its output goes to a file in the data folder
 * rather than through this process, which is busy generating load. Resolves once /health answers.
 */
export async function startWeft(options: WeftOptions): Promise<ServerProcess> {
  const port = await freePort();
  const main = new URL('../apps/server/src/main.ts', import.meta.url).pathname;
  fs.mkdirSync(options.dataDir, { recursive: true });
  const log = fs.openSync(path.join(options.dataDir, 'weft.log'), 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', main, 'start'], {
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      ...options.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: options.databaseUrl,
      WEFT_DATA_DIR: options.dataDir,
      WEFT_SANDBOX_CLIENT_ID: options.clientId,
      WEFT_SANDBOX_SECRET: options.secret,
      WEFT_ENCRYPTION_KEY: options.encryptionKey,
    },
  });
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; ) {
    if (child.exitCode !== null) break;
    const up = await fetch(`${base}/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { base, pid: child.pid!, stop: () => stop(child, exited) };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  const output = fs.readFileSync(path.join(options.dataDir, 'weft.log'), 'utf8');
  throw new Error(`Weft did not start:\n${output}`);
}

/** A bare node:http server answering every request with `response` (see bare-http-server.ts). */
export async function startBare(responseFile: string): Promise<ServerProcess> {
  const script = new URL('./bare-http-server.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, responseFile], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = once(child, 'exit');
  const [line] = (await once(readline.createInterface({ input: child.stdout! }), 'line')) as [string];
  child.stdout!.resume();
  return { base: `http://127.0.0.1:${Number(line)}`, pid: child.pid!, stop: () => stop(child, exited) };
}

async function stop(child: ChildProcess, exited: Promise<unknown>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/**
 * A process's CPU time so far (user + system), in microseconds, from /proc (Linux; clock ticks
 * of 10 ms). Null elsewhere.
 */
export function cpuMicros(pid: number): number | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/**
 * A scratch database beside `base` (a PostgreSQL URL), made empty; its URL and how to drop it.
 */
export async function scratchDatabase(
  base: string,
  name: string,
): Promise<{ url: string; drop(): Promise<void> }> {
  const run = async (query: string) => {
    const c = new pg.Client({ connectionString: base });
    await c.connect();
    try {
      await c.query(query);
    } finally {
      await c.end();
    }
  };
  await run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await run(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  return { url: u.toString(), drop: () => run(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** One measured round: the load's result and the server's CPU time per request (µs). */
export interface Run {
  result: autocannon.Result;
  cpuPerRequest: number;
}

/** The middle value (the upper one of an even count). */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Medians of several rounds: req/s, p50 and p99 latency (ms), server CPU per request (µs). */
export function summary(runs: Run[]) {
  return {
    rps: median(runs.map((r) => r.result.requests.average)),
    p50: median(runs.map((r) => r.result.latency.p50)),
    p99: median(runs.map((r) => r.result.latency.p99)),
    cpu: median(runs.map((r) => r.cpuPerRequest)),
  };
}
