import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeBridge, startFakeBridge } from '../../connectors/simplefin/simplefin.test-kit';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';
import { parseConnectSimplefin } from './connect-simplefin';

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
    // The fake Bridge listens on 127.0.0.1: a development opt-in.
    WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
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

// Each run starts a process that builds Weft; on a busy machine that takes tens of seconds.
describe('weft connect simplefin', { timeout: 300_000 }, () => {
  let w: TestWeft;
  let bridge: FakeBridge;
  let prod: ClientKeys;
  let used = '';
  beforeAll(async () => {
    bridge = await startFakeBridge();
    w = await createTestWeft({ env: { WEFT_ALLOW_PRIVATE_TARGETS: 'loopback' } });
    prod = await w.ctx.clients.create('prod', 'production');
  });
  afterAll(async () => {
    await w.close();
    await bridge.close();
  });

  it('parses its arguments', () => {
    expect(parseConnectSimplefin(['TOKEN', '--client-id', 'c1'])).toEqual({
      setupToken: 'TOKEN',
      clientId: 'c1',
      webhook: null,
    });
    expect(parseConnectSimplefin(['--client-id=c1', 'T', '--webhook', 'https://a.example/h'])?.webhook).toBe(
      'https://a.example/h',
    );
    expect(parseConnectSimplefin(['TOKEN'])).toBeUndefined();
    expect(parseConnectSimplefin(['A', 'B', '--client-id', 'c1'])).toBeUndefined();
  });

  it('links a setup token as an Item, prints one JSON line, and the API reads the Item', async () => {
    used = bridge.setupToken();
    const r = await weft(w, ['connect', 'simplefin', used, '--client-id', prod.clientId]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.lines).toHaveLength(1);
    const out = JSON.parse(r.lines[0]!) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['access_token', 'accounts', 'item_id', 'transactions']);
    expect(out.access_token).toMatch(/^access-production-/);
    expect(out.accounts).toBe(2);
    // Every fixture transaction within the year linking reads (7 of them).
    expect(out.transactions).toBe(7);
    const accounts = await post<{ accounts: { name: string }[] }>(w, '/accounts/get', {
      ...auth(prod),
      access_token: out.access_token,
    });
    expect(accounts.status).toBe(200);
    expect(accounts.body.accounts.map((a) => a.name)).toEqual(['Everyday Checking', 'Rewards Visa']);
    // Not another client's.
    const other = await post(w, '/accounts/get', { ...auth(w.clientB), access_token: out.access_token });
    expect(other.body.error_code).toBe('INVALID_ACCESS_TOKEN');
  });

  it('answers an error line and a non-zero exit for a used token, sandbox keys, unknown clients and bad arguments', async () => {
    // The token the previous run claimed.
    const again = await weft(w, ['connect', 'simplefin', used, '--client-id', prod.clientId]);
    expect(again.code).toBe(1);
    expect(JSON.parse(again.lines[0]!)).toEqual({
      error: { code: 'INVALID_CREDENTIALS', message: 'the setup token was already claimed or has expired' },
    });
    const sandbox = await weft(w, [
      'connect',
      'simplefin',
      bridge.setupToken(),
      '--client-id',
      w.clientA.clientId,
    ]);
    expect(sandbox.code).toBe(1);
    expect(JSON.parse(sandbox.lines[0]!).error.code).toBe('INVALID_INSTITUTION');
    const unknown = await weft(w, ['connect', 'simplefin', bridge.setupToken(), '--client-id', 'nobody']);
    expect(unknown.code).toBe(1);
    expect(JSON.parse(unknown.lines[0]!).error.code).toBe('INVALID_API_KEYS');
    const bad = await weft(w, ['connect', 'simplefin', '--client-id', prod.clientId]);
    expect(bad.code).toBe(2);
    expect(JSON.parse(bad.lines[0]!).error.code).toBe('INVALID_ARGUMENTS');
  });
});
