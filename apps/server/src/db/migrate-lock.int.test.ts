import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config';
import { migrate, openDatabase } from './client';
import { migrations } from './migrations/index';

const CLIENT = path.resolve(__dirname, 'client.ts');
const KEY = randomBytes(32).toString('hex');

/**
 * Migrates in a process of its own, starting at `startAt` (epoch ms) so that every process reaches
 * the fresh database at the same moment, whatever its start-up time.
 */
function migrateProcess(databaseUrl: string, startAt: number): Promise<{ code: number; out: string }> {
  const script = `
    const { openDatabase, migrate } = await import(${JSON.stringify(CLIENT)});
    const url = process.env.DATABASE_URL;
    const h = openDatabase(url.startsWith('sqlite:') ? { dialect: 'sqlite', file: url.slice(7) } : { dialect: 'postgres', url });
    await new Promise((r) => setTimeout(r, Math.max(0, ${startAt} - Date.now())));
    const applied = await migrate(h.db);
    console.log('applied: ' + applied.join(', '));
    await h.close();`;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '--eval', script],
      { env: { ...process.env, DATABASE_URL: databaseUrl }, timeout: 60_000 },
      (err, stdout, stderr) => resolve({ code: err ? Number(err.code ?? 1) : 0, out: stdout + stderr }),
    );
  });
}

describe('migrations when several processes start together on a fresh database', () => {
  const dataDir = path.join(os.tmpdir(), `weft-migrate-${randomBytes(6).toString('hex')}`);
  let databaseUrl = `sqlite:${path.join(dataDir, 'weft.sqlite')}`;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const base = process.env.DATABASE_URL;
    if (!base?.startsWith('postgres')) return;
    const name = `weft_t_${process.env.WEFT_TEST_RUN ?? 'adhoc'}_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    await admin.query(`CREATE DATABASE ${name}`);
    await admin.end();
    const u = new URL(base);
    u.pathname = `/${name}`;
    databaseUrl = u.toString();
    if (!process.env.WEFT_TEST_RUN)
      drop = async () => {
        const c = new pg.Client({ connectionString: base });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
        await c.end();
      };
  });
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('apply every migration once, and each process finishes cleanly', async () => {
    fs.mkdirSync(dataDir, { recursive: true });
    const startAt = Date.now() + 4000;
    const runs = await Promise.all([1, 2, 3, 4].map(() => migrateProcess(databaseUrl, startAt)));
    for (const r of runs) expect(r, r.out).toMatchObject({ code: 0 });
    const applied = runs.flatMap((r) =>
      (/applied: (.*)/.exec(r.out)?.[1]?.split(', ') ?? []).filter(Boolean),
    );
    expect(applied.sort()).toEqual(Object.keys(migrations).sort());

    // In-process too, on two connections, where connections are concurrent (PostgreSQL; SQLite's
    // connections in one process share its thread, and a wait on the lock would stall both).
    if (!databaseUrl.startsWith('postgres')) return;
    const config = loadConfig({
      DATABASE_URL: databaseUrl,
      WEFT_DATA_DIR: dataDir,
      WEFT_ENCRYPTION_KEY: KEY,
    });
    const [a, b] = [openDatabase(config.database), openDatabase(config.database)];
    try {
      expect(await Promise.all([migrate(a.db), migrate(b.db)])).toEqual([[], []]);
    } finally {
      await a.close();
      await b.close();
    }
  });
});
