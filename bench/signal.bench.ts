import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import {
  cpuMicros,
  type Run,
  type ServerProcess,
  scratchDatabase,
  startBare,
  startWeft,
  summary,
} from './processes';

/**
 * /signal/evaluate against /accounts/balance/get, as an app sees them: Weft started through its
 * CLI in its own process, autocannon in this one, a bare node:http server in a third answering
 * with the bytes Weft sent for a balance request. The three are measured in alternating rounds of
 * the same run, on SQLite and — when DATABASE_URL is set — PostgreSQL (a scratch database beside
 * it, dropped after). Every evaluation carries a new client_transaction_id, so each one computes
 * its scores and writes its row, as in use (the account's unchanged 90 days come from Weft's
 * cache, as they do between two changes of an Item's data). Target: evaluate p99 ≤ 3 × balance
 * p99. The database work per request is counted too (workPerEvaluate).
 */
const DURATION = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 10);
const TARGET = 3;
const CLIENT_ID = 'benchsignalclient';
const SECRET = 'bench_signal_secret_00000';

type Dialect = 'sqlite' | 'postgres';

/** Keeps the rate-limit hook in the measured path, with budgets the load cannot exhaust. */
const RATE_LIMITS = '/accounts/balance/get=1000000000/1000000000,/signal/evaluate=1000000000/1000000000';

async function post(base: string, route: string, body: unknown): Promise<Response> {
  return fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

/** A sandbox Item linked for auth and signal, as an app links one; its checking account. */
async function signalItem(base: string): Promise<{ access_token: string; account_id: string }> {
  const auth = { client_id: CLIENT_ID, secret: SECRET };
  const pt = (await (
    await post(base, '/sandbox/public_token/create', {
      ...auth,
      institution_id: 'ins_109508',
      initial_products: ['auth', 'signal'],
    })
  ).json()) as { public_token: string };
  const ex = (await (
    await post(base, '/item/public_token/exchange', { ...auth, public_token: pt.public_token })
  ).json()) as { access_token: string };
  const accounts = (await (
    await post(base, '/accounts/get', { ...auth, access_token: ex.access_token })
  ).json()) as { accounts: { account_id: string; subtype: string }[] };
  const checking = accounts.accounts.find((a) => a.subtype === 'checking')!;
  return { access_token: ex.access_token, account_id: checking.account_id };
}

/** Weft's balance response, recorded (status, headers, body bytes) for the bare server. */
async function record(base: string, body: unknown, file: string): Promise<void> {
  const res = await post(base, '/accounts/balance/get', body);
  const bytes = Buffer.from(await res.arrayBuffer());
  if (res.status !== 200)
    throw new Error(`/accounts/balance/get answered ${res.status}: ${bytes.toString()}`);
  const headers: Record<string, string> = {};
  res.headers.forEach((value, name) => {
    if (!['date', 'connection', 'keep-alive', 'transfer-encoding'].includes(name)) headers[name] = value;
  });
  fs.writeFileSync(
    file,
    JSON.stringify({ status: res.status, headers, bodyBase64: bytes.toString('base64') }),
  );
}

let sequence = 0;

/** A load on one route; evaluations get a fresh client_transaction_id each. */
function load(server: ServerProcess, route: string, body: Record<string, unknown>, duration: number) {
  const evaluate = route === '/signal/evaluate';
  return autocannon({
    url: `${server.base}${route}`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    duration,
    ...(evaluate
      ? {
          requests: [
            {
              setupRequest: (req: autocannon.Request) => ({
                ...req,
                body: JSON.stringify({
                  ...body,
                  client_transaction_id: `bench-${process.pid}-${sequence++}`,
                }),
              }),
            },
          ],
        }
      : {}),
  });
}

async function measure(server: ServerProcess, route: string, body: Record<string, unknown>): Promise<Run> {
  const before = cpuMicros(server.pid) ?? 0;
  const result = await load(server, route, body, DURATION);
  const used = (cpuMicros(server.pid) ?? 0) - before;
  return { result, cpuPerRequest: used / Math.max(1, result.requests.total) };
}

function row(name: string, r: ReturnType<typeof summary>): string {
  return `${name.padEnd(34)} ${r.rps.toFixed(0).padStart(7)} req/s   p50 ${String(r.p50).padStart(3)} ms   p99 ${String(r.p99).padStart(3)} ms   server CPU ${r.cpu.toFixed(0).padStart(5)} µs/req`;
}

/** Statements by kind and rows read, as bench/query-counter.ts reports them. */
interface Work {
  statements: Record<string, number>;
  rowsRead: number;
}

/** The counts the server made since it last reported (it resets them on each report). */
async function workSince(server: ServerProcess, file: string): Promise<Work> {
  fs.rmSync(file, { force: true });
  process.kill(server.pid, 'SIGUSR2');
  for (let i = 0; i < 200 && !fs.existsSync(file); i++) await new Promise((r) => setTimeout(r, 10));
  // Written in one call; a read that races the write sees it whole on the next try.
  for (let i = 0; ; i++) {
    try {
      return JSON.parse(fs.readFileSync(file, 'utf8')) as Work;
    } catch (e) {
      if (i >= 50) throw e;
      await new Promise((r) => setTimeout(r, 10));
    }
  }
}

/**
 * The database work of one evaluation, counted in a second Weft process that loads
 * bench/query-counter.ts: WORK_REQUESTS evaluations sent one after another (each a new
 * client_transaction_id, so each one writes its own batch), bracketed by two reports. Unlike
 * latency, these counts do not move with the machine's load.
 */
const WORK_REQUESTS = 200;

async function workPerEvaluate(
  databaseUrl: string,
  dataDir: string,
  encryptionKey: string,
): Promise<{ evaluate: Work; balance: Work }> {
  const countsFile = path.join(dataDir, 'query-counts.json');
  const counter = new URL('./query-counter.ts', import.meta.url).pathname;
  const weft = await startWeft({
    databaseUrl,
    dataDir,
    clientId: CLIENT_ID,
    secret: SECRET,
    encryptionKey,
    env: { WEFT_QUERY_COUNTS: countsFile, WEFT_RATE_LIMITS: RATE_LIMITS },
    nodeArgs: ['--import', 'tsx', '--import', counter],
  });
  try {
    const item = await signalItem(weft.base);
    const auth = { client_id: CLIENT_ID, secret: SECRET };
    await new Promise((r) => setTimeout(r, 3_500));
    const per = async (route: string, body: (i: number) => unknown): Promise<Work> => {
      // A warm-up request of each kind first: what is counted is the steady state.
      for (let i = 0; i < 3; i++) await post(weft.base, route, body(-1 - i));
      await workSince(weft, countsFile);
      for (let i = 0; i < WORK_REQUESTS; i++) {
        const res = await post(weft.base, route, body(i));
        if (res.status !== 200) throw new Error(`${route} answered ${res.status}: ${await res.text()}`);
      }
      const work = await workSince(weft, countsFile);
      const statements = Object.fromEntries(
        Object.entries(work.statements).map(([k, n]) => [k, n / WORK_REQUESTS]),
      );
      return { statements, rowsRead: work.rowsRead / WORK_REQUESTS };
    };
    const evaluate = await per('/signal/evaluate', (i) => ({
      ...auth,
      ...item,
      amount: 42.5,
      client_transaction_id: `work-${i}`,
    }));
    const balance = await per('/accounts/balance/get', () => ({ ...auth, access_token: item.access_token }));
    return { evaluate, balance };
  } finally {
    await weft.stop();
  }
}

function workRow(name: string, w: Work): string {
  const total = Object.values(w.statements).reduce((s, n) => s + n, 0);
  const kinds = Object.entries(w.statements)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, n]) => `${k} ${+n.toFixed(2)}`)
    .join(', ');
  return `${name.padEnd(34)} ${total.toFixed(2).padStart(6)} statements (${kinds}), ${w.rowsRead.toFixed(1)} rows read`;
}

function printWork(work: { evaluate: Work; balance: Work }): void {
  console.log(`database work per request (${WORK_REQUESTS} sent one at a time, after 3 to warm up):`);
  console.log(workRow('Weft /signal/evaluate', work.evaluate));
  console.log(workRow('Weft /accounts/balance/get', work.balance));
}

/** BENCH_ONLY=work counts the database work alone, without the latency rounds. */
const WORK_ONLY = process.env.BENCH_ONLY === 'work';

async function bench(dialect: Dialect, pgBase: string | undefined): Promise<boolean> {
  const dataDir = path.join(os.tmpdir(), `weft-bench-signal-${process.pid}-${dialect}`);
  fs.rmSync(dataDir, { recursive: true, force: true });
  const scratch = pgBase ? await scratchDatabase(pgBase, `weft_bench_signal_${process.pid}`) : undefined;
  const started: ServerProcess[] = [];
  // One key for both processes: the second one opens the same PostgreSQL database.
  const encryptionKey = crypto.randomBytes(32).toString('hex');
  try {
    if (WORK_ONLY) {
      console.log(`\n${dialect}:`);
      printWork(
        await workPerEvaluate(
          scratch?.url ?? `sqlite:${path.join(dataDir, 'work.sqlite')}`,
          dataDir,
          encryptionKey,
        ),
      );
      return true;
    }
    const weft = await startWeft({
      databaseUrl: scratch?.url ?? `sqlite:${path.join(dataDir, 'weft.sqlite')}`,
      dataDir,
      clientId: CLIENT_ID,
      secret: SECRET,
      encryptionKey,
      env: { WEFT_RATE_LIMITS: RATE_LIMITS },
    });
    started.push(weft);
    const item = await signalItem(weft.base);
    const auth = { client_id: CLIENT_ID, secret: SECRET };
    const balanceBody = { ...auth, access_token: item.access_token };
    const evaluateBody = { ...auth, ...item, amount: 42.5, client_transaction_id: 'warm' };
    // The Item's history is in before anything is measured (a first evaluation completes it).
    await new Promise((r) => setTimeout(r, 3_500));
    const first = await post(weft.base, '/signal/evaluate', evaluateBody);
    if (first.status !== 200)
      throw new Error(`/signal/evaluate answered ${first.status}: ${await first.text()}`);
    const responseFile = path.join(dataDir, 'balance-response.json');
    await record(weft.base, balanceBody, responseFile);
    const bare = await startBare(responseFile);
    started.push(bare);

    await load(weft, '/accounts/balance/get', balanceBody, 2);
    await load(weft, '/signal/evaluate', evaluateBody, 2);
    await load(bare, '/accounts/balance/get', balanceBody, 2);
    const evaluate: Run[] = [];
    const balance: Run[] = [];
    const bareRuns: Run[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      evaluate.push(await measure(weft, '/signal/evaluate', evaluateBody));
      balance.push(await measure(weft, '/accounts/balance/get', balanceBody));
      bareRuns.push(await measure(bare, '/accounts/balance/get', balanceBody));
    }
    for (const [name, runs] of [
      ['/signal/evaluate', evaluate],
      ['/accounts/balance/get', balance],
    ] as const) {
      const bad = runs.find(({ result: r }) => r.non2xx > 0 || r.errors > 0);
      if (bad)
        throw new Error(`${name} answered ${bad.result.non2xx} non-2xx and ${bad.result.errors} errors`);
    }
    const e = summary(evaluate);
    const b = summary(balance);
    const ratios = evaluate.map((r, i) => r.result.latency.p99 / Math.max(1, balance[i]!.result.latency.p99));
    const ratio = e.p99 / Math.max(1, b.p99);
    console.log(
      `\n${dialect}: ${CONNECTIONS} connections, ${ROUNDS} alternating rounds of ${DURATION}s (medians); load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(row('Weft /signal/evaluate', e));
    console.log(row('Weft /accounts/balance/get', b));
    console.log(row('bare node:http, balance bytes', summary(bareRuns)));
    console.log(
      `p99 /signal/evaluate / /accounts/balance/get: ${ratio.toFixed(2)}x (rounds: ${ratios.map((r) => r.toFixed(2)).join(', ')}; target <= ${TARGET}x)`,
    );
    for (const s of started.reverse()) await s.stop();
    started.length = 0;
    printWork(
      await workPerEvaluate(
        scratch?.url ?? `sqlite:${path.join(dataDir, 'work.sqlite')}`,
        dataDir,
        encryptionKey,
      ),
    );
    return ratio <= TARGET;
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
  // A missed target is reported, not failed: on a shared machine latency moves with other load.
  if (results.includes(false)) console.log('\nabove target (see the ratios above)');
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
