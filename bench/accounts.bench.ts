import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import readline from 'node:readline';
import autocannon from 'autocannon';

/**
 * /accounts/get throughput and latency on Weft against a bare Fastify route returning the same
 * JSON, measured in the same run on the same machine. Servers run in a child process; the load
 * comes from this one. Prints the ratio (target: Weft ≥ 50% of the bare route).
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);

interface Servers {
  weft: number;
  bare: number;
  body: Record<string, unknown>;
  dialect: string;
}

async function startServers(): Promise<{
  child: ChildProcess;
  servers: Servers;
  /** The server process's CPU time so far, in microseconds. */
  cpuMicros: () => Promise<number>;
}> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./accounts-servers.ts', import.meta.url).pathname],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  const cpuMicros = async () => {
    child.stdin!.write('cpu\n');
    const [reply] = (await once(lines, 'line')) as [string];
    return Number(reply);
  };
  return { child, servers: JSON.parse(line) as Servers, cpuMicros };
}

/** One measured run: the load's result and the server's CPU time per request (µs). */
interface Run {
  result: autocannon.Result;
  cpuPerRequest: number;
}

async function load(
  port: number,
  body: Record<string, unknown>,
  duration: number,
): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${port}/accounts/get`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
  });
}

async function main(): Promise<void> {
  const { child, servers, cpuMicros } = await startServers();
  // Server CPU per request is steadier than throughput on a shared machine: the load generator
  // competes for the same cores, and the bare route can be limited by it rather than by itself.
  const measure = async (port: number): Promise<Run> => {
    const before = await cpuMicros();
    const result = await load(port, servers.body, DURATION);
    return { result, cpuPerRequest: ((await cpuMicros()) - before) / result.requests.total };
  };
  try {
    // Warm both up (JIT, SQLite page cache) before measuring.
    await load(servers.weft, servers.body, 2);
    await load(servers.bare, servers.body, 2);
    // Alternate the two so background load on the machine hits both alike; report medians.
    const weftRuns: Run[] = [];
    const bareRuns: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      weftRuns.push(await measure(servers.weft));
      bareRuns.push(await measure(servers.bare));
    }
    const bad = weftRuns.find(({ result: r }) => r.non2xx > 0 || r.errors > 0);
    if (bad) throw new Error(`Weft answered ${bad.result.non2xx} non-2xx and ${bad.result.errors} errors`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = (runs: Run[]) => ({
      rps: median(runs.map((r) => r.result.requests.average)),
      p50: median(runs.map((r) => r.result.latency.p50)),
      p99: median(runs.map((r) => r.result.latency.p99)),
      cpu: median(runs.map((r) => r.cpuPerRequest)),
    });
    const weft = summary(weftRuns);
    const bare = summary(bareRuns);
    const ratios = weftRuns.map((r, i) => r.result.requests.average / bareRuns[i]!.result.requests.average);
    const row = (name: string, r: ReturnType<typeof summary>) =>
      `${name.padEnd(26)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   server CPU ${r.cpu.toFixed(1).padStart(5)} µs/req`;
    console.log(
      `\n/accounts/get: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION}s, ${servers.dialect} (medians)`,
    );
    console.log(row('Weft /accounts/get', weft));
    console.log(row('bare Fastify, same JSON', bare));
    console.log(
      `ratio Weft / bare: ${(100 * median(ratios)).toFixed(1)}% (rounds: ${ratios.map((r) => (100 * r).toFixed(0)).join(', ')}; target >= 50%)`,
    );
    console.log(`CPU per request, bare / Weft: ${((100 * bare.cpu) / weft.cpu).toFixed(1)}%`);
  } finally {
    child.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
