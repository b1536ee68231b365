import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  cpuMicros,
  median,
  type Run,
  type ServerProcess,
  scratchDatabase,
  startBare,
  startWeft,
  summary,
} from './processes';

/**
 * /accounts/get as an app sees it: Weft started through its CLI (`weft start`, as `npm start` runs
 * it) in its own process, autocannon in this one, and a bare node:http server in a third answering
 * with the bytes Weft itself sent for the same request. Weft and the bare server are measured in
 * alternating rounds of the same run, on SQLite and — when DATABASE_URL is set — PostgreSQL (in a
 * scratch database beside it, dropped after). Prints req/s, p50/p99, each server's CPU per request
 * and the ratio Weft / bare (targets: ≥ 40% on SQLite, ≥ 25% on PostgreSQL).
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
/** A folder for a CPU profile of each Weft run (`node --cpu-prof`), written when it stops. */
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
const TARGET = { sqlite: 0.4, postgres: 0.25 } as const;
const CLIENT_ID = 'benchaccountsclient';
const SECRET = 'bench_accounts_secret_0000';

type Dialect = keyof typeof TARGET;

async function post(base: string, route: string, body: unknown): Promise<Response> {
  return fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A sandbox Item made over HTTP, as an app makes one; the /accounts/get request body for it. */
async function accountsRequest(base: string): Promise<Record<string, string>> {
  const auth = { client_id: CLIENT_ID, secret: SECRET };
  const pt = (await (
    await post(base, '/sandbox/public_token/create', {
      ...auth,
      institution_id: 'ins_109508',
      initial_products: ['auth'],
    })
  ).json()) as { public_token: string };
  const ex = (await (
    await post(base, '/item/public_token/exchange', { ...auth, public_token: pt.public_token })
  ).json()) as { access_token: string };
  return { ...auth, access_token: ex.access_token };
}

/** Weft's response to the request, recorded (status, headers, body bytes) for the bare server. */
async function record(base: string, body: unknown, file: string): Promise<number> {
  const res = await post(base, '/accounts/get', body);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200) throw new Error(`/accounts/get answered ${res.status}: ${bytes.toString()}`);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
  });
  fs.writeFileSync(
    file,
    JSON.stringify({ status: res.status, headers, bodyBase64: bytes.toString('base64') }),
  );
  return bytes.length;
}

function load(server: ServerProcess, body: unknown, duration: number): Promise<autocannon.Result> {
  return autocannon({
    url: `${server.base}/accounts/get`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
  });
}

async function measure(server: ServerProcess, body: unknown): Promise<Run> {
  const before = cpuMicros(server.pid) ?? 0;
  const result = await load(server, body, DURATION);
  const used = (cpuMicros(server.pid) ?? 0) - before;
  return { result, cpuPerRequest: used / Math.max(1, result.requests.total) };
}

function row(name: string, r: ReturnType<typeof summary>): string {
  return `${name.padEnd(28)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   server CPU ${r.cpu.toFixed(0).padStart(4)} µs/req`;
}

async function bench(dialect: Dialect, pgBase: string | undefined): Promise<boolean> {
  const dataDir = path.join(os.tmpdir(), `weft-bench-accounts-${process.pid}-${dialect}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const scratch = pgBase ? await scratchDatabase(pgBase, `weft_bench_accounts_${process.pid}`) : undefined;
  const started: ServerProcess[] = [];
  try {
    const weft = await startWeft({
      databaseUrl: scratch?.url ?? `sqlite:${path.join(dataDir, 'weft.sqlite')}`,
      dataDir,
      clientId: CLIENT_ID,
      secret: SECRET,
      encryptionKey: crypto.randomBytes(32).toString('hex'),
      // Keeps the rate-limit hook in the measured path, with a budget the load cannot exhaust.
      env: { WEFT_RATE_LIMITS: process.env.WEFT_RATE_LIMITS ?? '/accounts/get=1000000000/1000000000' },
      nodeArgs: PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [],
    });
    started.push(weft);
    const body = await accountsRequest(weft.base);
    const responseFile = path.join(dataDir, 'accounts-response.json');
    const bytes = await record(weft.base, body, responseFile);
    const bare = await startBare(responseFile);
    started.push(bare);

    // Warm both up (JIT, page caches, connection pools) before measuring.
    await load(weft, body, 2);
    await load(bare, body, 2);
    // Alternate the two so background load on the machine hits both alike; report medians.
    const weftRuns: Run[] = [];
    const bareRuns: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      weftRuns.push(await measure(weft, body));
      bareRuns.push(await measure(bare, body));
    }
    const bad = weftRuns.find(({ result: r }) => r.non2xx > 0 || r.errors > 0);
    if (bad) throw new Error(`Weft answered ${bad.result.non2xx} non-2xx and ${bad.result.errors} errors`);
    const ratios = weftRuns.map((r, i) => r.result.requests.average / bareRuns[i]!.result.requests.average);
    const ratio = median(ratios);
    const w = summary(weftRuns);
    const b = summary(bareRuns);
    console.log(
      `\n/accounts/get on ${dialect}: ${bytes}-byte response, ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION}s (medians); load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(row('Weft (weft start)', w));
    console.log(row('bare node:http, same bytes', b));
    console.log(
      `ratio Weft / bare: ${(100 * ratio).toFixed(1)}% (rounds: ${ratios.map((r) => (100 * r).toFixed(0)).join(', ')}; target >= ${100 * TARGET[dialect]}%)`,
    );
    return ratio >= TARGET[dialect];
  } finally {
    for (const s of started.reverse()) await s.stop();
    await scratch?.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  console.log(
    `${os.cpus().length} CPUs; load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const pgBase = process.env.DATABASE_URL;
  const results = [await bench('sqlite', undefined)];
  if (pgBase?.startsWith('postgres')) results.push(await bench('postgres', pgBase));
  // A missed target is reported, not failed: on a shared machine the ratio moves with other load.
  if (results.includes(false)) console.log('\nbelow target (see the ratios above)');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
