import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import net from 'node:net';
import path from 'node:path';
import type { Config } from '../config';

const MAIN = path.join(import.meta.dirname, '..', 'main.ts');

/** A second Weft process, started through the CLI: its base URL and how to stop it. */
export interface WeftProcess {
  base: string;
  stop(): Promise<void>;
}

/**
 * Starts `weft start --roles=api` in a process of its own on the database (and data folder, for
 * SQLite's key file) of `config`, with pinned sandbox keys; resolves once /health answers.
 */
export async function startWeftProcess(
  config: Config,
  keys: { clientId: string; secret: string },
  env: Record<string, string> = {},
): Promise<WeftProcess> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const port = (probe.address() as net.AddressInfo).port;
  await new Promise((r) => probe.close(r));
  const db = config.database;
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start', '--roles=api'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      WEFT_DATA_DIR: config.dataDir,
      DATABASE_URL: db.dialect === 'postgres' ? db.url : `sqlite:${db.file}`,
      ...(config.encryptionKey ? { WEFT_ENCRYPTION_KEY: config.encryptionKey } : {}),
      WEFT_SANDBOX_CLIENT_ID: keys.clientId,
      WEFT_SANDBOX_SECRET: keys.secret,
      WEFT_DEMO: 'false',
      LOG_LEVEL: 'error',
      ...env,
    },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const exited = once(child, 'exit');
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600 && child.exitCode === null; i++) {
    if (
      await fetch(`${base}/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return {
        base,
        stop: async () => {
          if (child.exitCode === null) child.kill('SIGTERM');
          await exited;
        },
      };
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`weft start did not answer: ${stderr}`);
}

/** POSTs JSON to a Weft process; its status and parsed body. */
export async function postTo<T = Record<string, unknown>>(
  base: string,
  route: string,
  body: unknown,
): Promise<{ status: number; body: T }> {
  const res = await fetch(`${base}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as T };
}
