import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import { parseImportCommand, runImportCommand } from './import.command';
import { camtStatement, OFX_NOVEMBER, OFX_OCTOBER, ofxChecking } from './statement-fixtures.test-kit';

const MAIN = path.join(import.meta.dirname, '..', '..', 'main.ts');

/** Runs `weft <args>` against the test Weft's database; resolves with exit code and stdout lines. */
function weft(
  w: TestWeft,
  args: string[],
): Promise<{ code: number | null; lines: string[]; stderr: string }> {
  const db = w.config.database;
  const env = {
    PATH: process.env.PATH ?? '',
    WEFT_DATA_DIR: w.config.dataDir,
    DATABASE_URL: db.dialect === 'sqlite' ? `sqlite:${db.file}` : db.url,
    LOG_LEVEL: 'silent',
    // The same key as the test Weft's: the files it seals must open with it.
    ...(w.config.encryptionKey ? { WEFT_ENCRYPTION_KEY: w.config.encryptionKey } : {}),
  };
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { env });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
    });
    child.stderr.on('data', (d: Buffer) => {
      err += d.toString();
    });
    child.on('exit', (code) => resolve({ code, lines: out.split('\n').filter(Boolean), stderr: err }));
  });
}

// Each run starts a process that builds Weft; on a busy machine that takes seconds.
describe('weft import', { timeout: 120_000 }, () => {
  let w: TestWeft;
  let dir: string;
  const files: Record<string, string> = {};
  beforeAll(async () => {
    w = await createTestWeft();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-import-'));
    const write = (name: string, text: string) => {
      files[name] = path.join(dir, name);
      fs.writeFileSync(files[name], text);
    };
    write('october.ofx', ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } }));
    write('november.ofx', ofxChecking(OFX_NOVEMBER));
    write('konto.xml', camtStatement());
    write('notes.txt', 'nothing to see here');
  });
  afterAll(async () => {
    await w.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** A files Item made through the API, for the runs that add to one. */
  async function viaApi(keys: ClientKeys, file: string): Promise<{ token: string; itemId: string }> {
    const r = await post<{ public_token: string }>(w, '/weft/statements/import', {
      ...auth(keys),
      files: [{ name: path.basename(file), content_base64: fs.readFileSync(file).toString('base64') }],
    });
    const ex = await post<{ access_token: string; item_id: string }>(w, '/item/public_token/exchange', {
      ...auth(keys),
      public_token: r.body.public_token,
    });
    return { token: ex.body.access_token, itemId: ex.body.item_id };
  }

  it('makes one Item per file, prints its access token, and the API reads it', async () => {
    const r = await weft(w, [
      'import',
      files['october.ofx']!,
      files['konto.xml']!,
      '--client-id',
      w.clientA.clientId,
    ]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        file: files['october.ofx'],
        item_id: expect.any(String),
        access_token: expect.stringMatching(/^access-sandbox-/),
        accounts: 1,
        transactions: 5,
        added: 5,
        skipped: 0,
      },
      {
        file: files['konto.xml'],
        item_id: expect.any(String),
        access_token: expect.stringMatching(/^access-sandbox-/),
        accounts: 1,
        transactions: 2,
        added: 2,
        skipped: 0,
      },
    ]);
    expect(lines[0]!.item_id).not.toBe(lines[1]!.item_id);
    const sync = await post<{ added: unknown[] }>(w, '/transactions/sync', {
      ...auth(w.clientA),
      access_token: lines[0]!.access_token,
    });
    expect(sync.status).toBe(200);
    expect(sync.body.added).toHaveLength(5);
  });

  it('adds every file to one Item with --access-token; a file it cannot read is reported, changes nothing, and fails the run', async () => {
    const { token, itemId } = await viaApi(w.clientA, files['october.ofx']!);
    const count = async () =>
      (
        await w.ctx.db
          .selectFrom('transactions')
          .select('transaction_id')
          .where('item_id', '=', itemId!)
          .execute()
      ).length;

    const r = await weft(w, [
      'import',
      files['notes.txt']!,
      files['november.ofx']!,
      path.join(dir, 'missing.ofx'),
      '--client-id',
      w.clientA.clientId,
      `--access-token=${token}`,
    ]);
    expect(r.code).toBe(1);
    const lines = r.lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines).toEqual([
      {
        file: files['notes.txt'],
        error: { code: 'UNSUPPORTED_FORMAT', message: expect.any(String), line: null },
      },
      { file: files['november.ofx'], item_id: itemId, accounts: 1, transactions: 4, added: 2, skipped: 2 },
      {
        file: path.join(dir, 'missing.ofx'),
        error: { code: 'UNREADABLE_FILE', message: expect.any(String), line: null },
      },
    ]);
    expect(await count()).toBe(7);

    const again = await weft(w, [
      'import',
      files['november.ofx']!,
      '--client-id',
      w.clientA.clientId,
      '--access-token',
      token!,
    ]);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.lines[0]!)).toMatchObject({ added: 0, skipped: 4 });
    expect(await count()).toBe(7);
  });

  it("makes a production client's Items in production, and refuses bad arguments, an unknown or revoked client and another client's access token", async () => {
    // The command itself, in this process: starting a process per refusal would only add minutes.
    const run = async (args: string[]) => {
      const out: string[] = [];
      const err: string[] = [];
      const log = vi.spyOn(console, 'log').mockImplementation((line: string) => void out.push(line));
      const error = vi.spyOn(console, 'error').mockImplementation((line: string) => void err.push(line));
      try {
        return { code: await runImportCommand(args, w.config), out, err: err.join('\n') };
      } finally {
        log.mockRestore();
        error.mockRestore();
      }
    };
    expect(parseImportCommand([files['october.ofx']!])).toBeUndefined();
    expect(parseImportCommand(['--client-id', 'x'])).toBeUndefined();
    expect(parseImportCommand(['a.ofx', '--client-id'])).toBeUndefined();
    expect(parseImportCommand(['a.ofx', '--client-id=x', '--verbose'])).toBeUndefined();
    expect(parseImportCommand(['a.ofx', 'b.csv', '--client-id=x', '--access-token', 't'])).toEqual({
      files: ['a.ofx', 'b.csv'],
      clientId: 'x',
      accessToken: 't',
    });
    const usage = await run([files['october.ofx']!]);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('usage: weft import');
    const unknown = await run([files['october.ofx']!, '--client-id', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(unknown.err).toContain('no client with id nobody');

    const production = await w.ctx.clients.create('production', 'production');
    const real = await run([files['october.ofx']!, '--client-id', production.clientId]);
    expect(real.code).toBe(0);
    expect(JSON.parse(real.out[0]!)).toMatchObject({
      access_token: expect.stringMatching(/^access-production-/),
    });

    const revoked = await w.ctx.clients.create('revoked');
    await w.ctx.clients.revoke(revoked.clientId);
    const refused = await run([files['october.ofx']!, '--client-id', revoked.clientId]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain('is revoked');

    const { token: tokenOfB, itemId: itemOfB } = await viaApi(w.clientB, files['october.ofx']!);
    const stolen = await run([
      files['november.ofx']!,
      '--client-id',
      w.clientA.clientId,
      '--access-token',
      tokenOfB,
    ]);
    expect(stolen.code).toBe(1);
    expect(stolen.out).toEqual([]);
    expect(stolen.err).toContain('INVALID_ACCESS_TOKEN');
    const rows = await w.ctx.db
      .selectFrom('transactions')
      .select('transaction_id')
      .where('item_id', '=', itemOfB)
      .execute();
    expect(rows).toHaveLength(5);
  });
});
