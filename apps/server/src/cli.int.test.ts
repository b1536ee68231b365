import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';

const MAIN = path.join(import.meta.dirname, 'main.ts');
let child: ChildProcess | undefined;

/** Runs `weft <args>` with env; resolves with its output once `until` matches or it exits. */
function run(
  args: string[],
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until?.test(out)) resolve({ code: null, out });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => resolve({ code, out }));
  });
}

afterEach(() => {
  child?.kill();
  child = undefined;
});

describe('weft CLI', () => {
  it('exits non-zero listing every bad variable', async () => {
    const r = await run(['start'], { PORT: 'x', LOG_LEVEL: 'shouty', DATABASE_URL: 'mongodb://nope' });
    expect(r.code).toBe(1);
    for (const v of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(r.out).toContain(v);
  });

  it('starts with no configuration, prints keys once and answers /health', async () => {
    const dataDir = path.join(os.tmpdir(), `weft-cli-${process.pid}-${Date.now()}`);
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const env = {
      PORT: port,
      HOST: '127.0.0.1',
      WEFT_DATA_DIR: dataDir,
      WEFT_DEMO: 'false',
      ...(process.env.DATABASE_URL ? {} : {}),
    };
    const first = await run(['start'], env, /listening/);
    expect(first.out).toMatch(/client_id: [0-9a-f]{24}/);
    expect(first.out).toMatch(/secret: +[0-9a-f]{30}/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    child!.kill();
    await new Promise((r) => child!.once('exit', r));

    const second = await run(['start'], env, /listening/);
    expect(second.out).not.toMatch(/secret:/);
  });

  it('rotates the webhook signing key, and refuses commands it does not know', async () => {
    const env = { WEFT_DATA_DIR: path.join(os.tmpdir(), `weft-cli-rotate-${process.pid}-${Date.now()}`) };
    const kid = /signed with kid ([0-9a-f-]{36})/;
    const first = await run(['webhook-key', 'rotate'], env);
    const second = await run(['webhook-key', 'rotate'], env);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.out).toMatch(kid);
    expect(kid.exec(second.out)![1]).not.toBe(kid.exec(first.out)![1]);

    const unknown = await run(['webhook-key', 'spin'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('webhook-key rotate');
  });
});
