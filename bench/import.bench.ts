import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { generateOfx, parseStatement } from '../apps/server/src/connectors/files';

/**
 * Statement import, end to end as an app sees it: a BENCH_IMPORT_TX-transaction OFX (default
 * 10,000) POSTed to /weft/statements/import on Weft running in its own process (parse, accounts,
 * enrichment of every transaction, bulk insert, the sealed file, webhooks; one database
 * transaction), on SQLite and — when DATABASE_URL is set — PostgreSQL in a scratch database.
 * Also: the same file again (nothing to add), and an overlapping file (every transaction already
 * stored). Baseline beside it: parsing the same bytes in this process. Target: ≤ 2 s for 10,000.
 * Weft's own CPU time per import is printed too: on a busy machine it is what wall time would be
 * on an idle core.
 */
const COUNT = Number(process.env.BENCH_IMPORT_TX ?? 10_000);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CLIENT_ID = 'benchimportclient';
const SECRET = 'bench_import_secret_000';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

function fmt(n: number, digits = 0): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/** Weft (`weft start --roles=api`) on a scratch database, in a child process; resolves once it listens. */
async function startWeft(
  databaseUrl: string,
  dataDir: string,
): Promise<{ child: ChildProcess; base: string }> {
  const port = 30000 + Math.floor(Math.random() * 20000);
  const main = new URL('../apps/server/src/main.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', main, 'start', '--roles=api'], {
    stdio: ['ignore', 'pipe', 'inherit'],
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      WEFT_DATA_DIR: dataDir,
      WEFT_SANDBOX_CLIENT_ID: CLIENT_ID,
      WEFT_SANDBOX_SECRET: SECRET,
      // PostgreSQL needs a key every process shares; a scratch database can have one of its own.
      WEFT_ENCRYPTION_KEY: process.env.WEFT_ENCRYPTION_KEY ?? randomBytes(32).toString('hex'),
      WEFT_DEMO: 'false',
      WEFT_RATE_LIMITS: 'off',
      LOG_LEVEL: 'silent',
    },
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('listening')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`weft exited with ${code}: ${out}`)));
  });
  return { child, base: `http://127.0.0.1:${port}` };
}

/** User plus system CPU time of a process so far, in ms (Linux /proc; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function importFile(
  base: string,
  name: string,
  content: string,
  accessToken?: string,
): Promise<{ ms: number; body: { public_token?: string; files: { added?: number; skipped?: number }[] } }> {
  const payload = JSON.stringify({
    client_id: CLIENT_ID,
    secret: SECRET,
    ...(accessToken ? { access_token: accessToken } : {}),
    files: [{ name, content_base64: content }],
  });
  const t = performance.now();
  const res = await fetch(`${base}/weft/statements/import`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: payload,
  });
  const body = (await res.json()) as { public_token?: string; files: { added?: number; skipped?: number }[] };
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`import failed: ${JSON.stringify(body)}`);
  return { ms, body };
}

async function exchange(base: string, publicToken: string): Promise<string> {
  const res = await fetch(`${base}/item/public_token/exchange`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ client_id: CLIENT_ID, secret: SECRET, public_token: publicToken }),
  });
  return ((await res.json()) as { access_token: string }).access_token;
}

interface Figures {
  dialect: string;
  create: number[];
  /** CPU time Weft's process spent on each new-Item import: what the import costs on an idle core. */
  createCpu: number[];
  same: number[];
  overlap: number[];
}

async function measure(pgBase: string | undefined, ofx: string): Promise<Figures> {
  const dataDir = path.join(os.tmpdir(), `weft-bench-import-${process.pid}-${Date.now()}`);
  let url = `sqlite:${path.join(dataDir, 'weft.sqlite')}`;
  let drop = async () => {};
  if (pgBase) {
    const name = `weft_bench_import_${process.pid}`;
    const admin = new pg.Client({ connectionString: pgBase });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(pgBase);
    u.pathname = `/${name}`;
    url = u.toString();
    drop = async () => {
      const c = new pg.Client({ connectionString: pgBase });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    };
  }
  const { child, base } = await startWeft(url, dataDir);
  const figures: Figures = {
    dialect: pgBase ? 'postgres' : 'sqlite',
    create: [],
    createCpu: [],
    same: [],
    overlap: [],
  };
  try {
    const content = Buffer.from(ofx).toString('base64');
    // Different bytes, same transactions: the overlap path checks every id and adds none.
    const overlapping = Buffer.from(`${ofx}\n`).toString('base64');
    await importFile(base, 'warmup.ofx', Buffer.from(generateOfx(200)).toString('base64'));
    for (let r = 0; r < ROUNDS; r++) {
      const cpuBefore = cpuMs(child.pid!);
      const created = await importFile(base, 'statement.ofx', content);
      figures.createCpu.push(cpuMs(child.pid!) - cpuBefore);
      if (created.body.files[0]?.added !== COUNT) throw new Error(`expected ${COUNT} added`);
      figures.create.push(created.ms);
      const token = await exchange(base, created.body.public_token!);
      figures.same.push((await importFile(base, 'statement.ofx', content, token)).ms);
      const again = await importFile(base, 'statement-2.ofx', overlapping, token);
      if (again.body.files[0]?.skipped !== COUNT) throw new Error(`expected ${COUNT} skipped`);
      figures.overlap.push(again.ms);
    }
  } finally {
    child.kill();
    await new Promise((r) => child.once('exit', r));
    await drop();
  }
  return figures;
}

async function main(): Promise<void> {
  const ofx = generateOfx(COUNT);
  const bytes = Buffer.from(ofx);
  const parse: number[] = [];
  for (let r = 0; r < ROUNDS + 1; r++) {
    const t = performance.now();
    const parsed = parseStatement(bytes, { fileName: 'statement.ofx' });
    if (!parsed.ok) throw new Error(parsed.error.message);
    parse.push(performance.now() - t);
  }
  const results = [await measure(undefined, ofx)];
  const pgUrl = process.env.DATABASE_URL;
  if (pgUrl?.startsWith('postgres')) results.push(await measure(pgUrl, ofx));

  const baseline = median(parse.slice(1));
  const rows: [string, string][] = [
    [`${fmt(COUNT)}-transaction OFX`, `${fmt(bytes.length / 1024 / 1024, 2)} MB`],
    ['parse only, in process (baseline)', `${fmt(baseline, 1)} ms`],
  ];
  for (const r of results) {
    const create = median(r.create);
    rows.push(
      [
        `[${r.dialect}] import as a new Item, end to end`,
        `${fmt(create, 1)} ms (target ≤ 2,000), ${fmt(create / baseline, 1)}× parse`,
      ],
      [`[${r.dialect}] … CPU time in Weft's process`, `${fmt(median(r.createCpu), 0)} ms`],
      [`[${r.dialect}] the same file again (nothing added)`, `${fmt(median(r.same), 1)} ms`],
      [
        `[${r.dialect}] overlapping file (all ${fmt(COUNT)} already stored)`,
        `${fmt(median(r.overlap), 1)} ms`,
      ],
    );
  }
  const width = Math.max(...rows.map(([k]) => k.length));
  for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
