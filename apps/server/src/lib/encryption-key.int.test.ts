import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '../app';
import { ConfigError, decodeKey } from '../config';
import { createTestWeft, type TestWeft } from '../test/harness';
import { readOrCreateKeyFile } from './crypto';

const MAIN = path.resolve(__dirname, '../main.ts');
const sqlite = !process.env.DATABASE_URL?.startsWith('postgres');
const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('the server key and the database it seals', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(() => w.close());

  it('refuses to start with a key other than the database was sealed with', async () => {
    const other = { ...w.config, encryptionKey: randomBytes(32).toString('hex') };
    const refused = await build(other, { logger: false }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(ConfigError);
    expect(String((refused as Error).message)).toMatch(/not the key this database was sealed with/);
    // The right key still starts.
    const again = await build(w.config, { logger: false });
    await again.app.close();
  });

  it('exits non-zero with the reason when started with another key', async () => {
    const env = {
      ...process.env,
      DATABASE_URL: sqlite
        ? `sqlite:${w.config.database.dialect === 'sqlite' ? w.config.database.file : ''}`
        : (w.config.database as { url: string }).url,
      WEFT_DATA_DIR: w.config.dataDir,
      WEFT_ENCRYPTION_KEY: randomBytes(32).toString('hex'),
      LOG_LEVEL: 'silent',
    };
    const run = await new Promise<{ code: number; err: string }>((resolve) =>
      execFile(
        process.execPath,
        ['--import', 'tsx', MAIN, 'keys', 'list'],
        { env, timeout: 60_000 },
        (e, _o, err) => resolve({ code: e ? Number(e.code ?? 1) : 0, err }),
      ),
    );
    expect(run.code).not.toBe(0);
    expect(run.err).toMatch(/WEFT_ENCRYPTION_KEY: .* is not the key this database was sealed with/);
    expect(run.err).not.toMatch(/\n\s+at /);
  });

  it('keeps the key file and the database files readable by their owner only (PostgreSQL: no key file)', async () => {
    const keyFile = path.join(w.config.dataDir, 'encryption.key');
    if (w.config.database.dialect === 'postgres') {
      expect(fs.existsSync(keyFile)).toBe(false);
      return;
    }
    const dbFile = w.config.database.file;
    await w.ctx.clients.create('a write, so the WAL exists');
    expect(mode(keyFile)).toBe(0o600);
    for (const file of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) expect(mode(file), file).toBe(0o600);
  });
});

describe('the key file', () => {
  const dir = path.join(os.tmpdir(), `weft-key-${randomBytes(6).toString('hex')}`);
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is made once, exclusively: processes starting together all get the same key', async () => {
    const file = path.join(dir, 'encryption.key');
    const keys = await Promise.all([1, 2, 3, 4].map(() => readOrCreateKeyFile(file, decodeKey)));
    for (const k of keys) expect(k.equals(keys[0]!)).toBe(true);
    expect(mode(file)).toBe(0o600);
  });

  it('is never replaced when it holds no valid key', async () => {
    const file = path.join(dir, 'broken.key');
    fs.writeFileSync(file, 'not a key', { mode: 0o600 });
    await expect(readOrCreateKeyFile(file, decodeKey)).rejects.toThrow(/does not hold a 32-byte key/);
    expect(fs.readFileSync(file, 'utf8')).toBe('not a key');
  });
});
