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

async function startServers(): Promise<{ child: ChildProcess; servers: Servers }> {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', new URL('./accounts-servers.ts', import.meta.url).pathname],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
      env: process.env,
    },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const [line] = (await once(lines, 'line')) as [string];
  return { child, servers: JSON.parse(line) as Servers };
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
  const { child, servers } = await startServers();
  try {
    // Warm both up (JIT, SQLite page cache) before measuring.
    await load(servers.weft, servers.body, 2);
    await load(servers.bare, servers.body, 2);
    // Alternate the two so background load on the machine hits both alike; report medians.
    const weftRuns: autocannon.Result[] = [];
    const bareRuns: autocannon.Result[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      weftRuns.push(await load(servers.weft, servers.body, DURATION));
      bareRuns.push(await load(servers.bare, servers.body, DURATION));
    }
    const bad = weftRuns.find((r) => r.non2xx > 0 || r.errors > 0);
    if (bad) throw new Error(`Weft answered ${bad.non2xx} non-2xx and ${bad.errors} errors`);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const summary = (runs: autocannon.Result[]) => ({
      rps: median(runs.map((r) => r.requests.average)),
      p50: median(runs.map((r) => r.latency.p50)),
      p99: median(runs.map((r) => r.latency.p99)),
    });
    const weft = summary(weftRuns);
    const bare = summary(bareRuns);
    const ratios = weftRuns.map((r, i) => r.requests.average / bareRuns[i]!.requests.average);
    const row = (name: string, r: ReturnType<typeof summary>) =>
      `${name.padEnd(26)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms`;
    console.log(
      `\n/accounts/get: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION}s, ${servers.dialect} (medians)`,
    );
    console.log(row('Weft /accounts/get', weft));
    console.log(row('bare Fastify, same JSON', bare));
    console.log(
      `ratio Weft / bare: ${(100 * median(ratios)).toFixed(1)}% (rounds: ${ratios.map((r) => (100 * r).toFixed(0)).join(', ')}; target >= 50%)`,
    );
  } finally {
    child.kill();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
