import { type ChildProcess, spawn } from 'node:child_process';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startReceiver, type WebhookReceiver } from '../webhooks/webhook-receiver.test-kit';

const MAIN = path.join(import.meta.dirname, '..', 'main.ts');

interface Started {
  child: ChildProcess;
  port: number;
  dataDir: string;
  keys: { client_id: string; secret: string };
  out: () => string;
  exited: Promise<number | null>;
}

let started: Started | undefined;
let rx: WebhookReceiver | undefined;

afterEach(async () => {
  started?.child.kill('SIGKILL');
  started = undefined;
  await rx?.close();
  rx = undefined;
});

/** Starts `weft start` on SQLite in a fresh data folder; resolves once it listens. */
async function startWeft(env: Record<string, string> = {}): Promise<Started> {
  const dataDir = path.join(os.tmpdir(), `weft-shutdown-${process.pid}-${Date.now()}`);
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      WEFT_DATA_DIR: dataDir,
      WEFT_DEMO: 'false',
      ...env,
    },
  });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  child.stderr!.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (let i = 0; i < 600 && !/listening/.test(out); i++) {
    if (child.exitCode !== null) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  if (!/listening/.test(out)) throw new Error(`weft did not start:\n${out}`);
  const keys = {
    client_id: /client_id: (\S+)/.exec(out)![1]!,
    secret: /secret: +(\S+)/.exec(out)![1]!,
  };
  started = { child, port, dataDir, keys, out: () => out, exited };
  return started;
}

/** Resolves once a new connection to the port is refused. */
async function refusedWithin(port: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve(false);
      });
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
    });
    if (refused) return true;
    await new Promise((r) => setTimeout(r, 20));
  }
  return false;
}

async function postJson(port: number, url: string, body: object): Promise<Record<string, unknown>> {
  const res = await fetch(`http://127.0.0.1:${port}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return (await res.json()) as Record<string, unknown>;
}

describe('weft start on SIGTERM', () => {
  it('answers a request in flight, refuses new connections, closes and exits 0', async () => {
    const w = await startWeft();
    const body = JSON.stringify({ ...w.keys, institution_id: 'ins_109508', country_codes: ['US'] });
    const socket = net.connect(w.port, '127.0.0.1');
    await new Promise((r) => socket.once('connect', r));
    let response = '';
    socket.on('data', (d: Buffer) => {
      response += d.toString();
    });
    const answered = new Promise((r) => socket.once('end', r));
    // Headers and half the body: the request is in flight when the signal arrives.
    socket.write(
      `POST /institutions/get_by_id HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body.slice(0, 20)}`,
    );
    await new Promise((r) => setTimeout(r, 300));
    w.child.kill('SIGTERM');

    expect(await refusedWithin(w.port, 5000)).toBe(true);
    expect(w.child.exitCode).toBeNull();
    socket.write(body.slice(20));
    await answered;

    expect(response).toMatch(/^HTTP\/1\.1 200 /);
    const json = JSON.parse(response.slice(response.indexOf('\r\n\r\n') + 4)) as {
      institution: { institution_id: string };
      request_id: string;
    };
    expect(json.institution.institution_id).toBe('ins_109508');
    expect(json.request_id).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(await w.exited).toBe(0);
    expect(w.out()).toContain('SIGTERM: stopping');
    expect(w.out()).toMatch(/\nstopped\n/);
  }, 60_000);

  it('lets a webhook delivery in progress finish and record its attempt before exiting 0', async () => {
    rx = await startReceiver();
    rx.delayMs = 1500;
    const w = await startWeft({ WEFT_ALLOW_PRIVATE_TARGETS: 'loopback', WEFT_WEBHOOK_POLL_MS: '20' });
    const pt = await postJson(w.port, '/sandbox/public_token/create', {
      ...w.keys,
      institution_id: 'ins_109508',
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    const ex = await postJson(w.port, '/item/public_token/exchange', {
      ...w.keys,
      public_token: pt.public_token,
    });
    await postJson(w.port, '/sandbox/item/fire_webhook', {
      ...w.keys,
      access_token: ex.access_token,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    await rx.waitFor(1);
    w.child.kill('SIGTERM');
    const signalledAt = Date.now();
    expect(await w.exited).toBe(0);
    // The receiver held its answer 1.5 s; the process waited for it instead of cutting it off.
    expect(Date.now() - signalledAt).toBeGreaterThan(1000);

    const db = new Database(path.join(w.dataDir, 'weft.sqlite'), { readonly: true });
    try {
      const row = db.prepare('SELECT status, attempts FROM outbox').get() as {
        status: string;
        attempts: number;
      };
      expect(row).toEqual({ status: 'delivered', attempts: 1 });
      const attempt = db.prepare('SELECT status_code FROM webhook_attempts').get() as { status_code: number };
      expect(attempt.status_code).toBe(200);
    } finally {
      db.close();
    }
  }, 60_000);

  it('gives up after WEFT_SHUTDOWN_TIMEOUT_MS and exits 1 when a delivery will not finish', async () => {
    rx = await startReceiver();
    rx.delayMs = 5000;
    const w = await startWeft({
      WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
      WEFT_WEBHOOK_POLL_MS: '20',
      WEFT_WEBHOOK_TIMEOUT_MS: '30000',
      WEFT_SHUTDOWN_TIMEOUT_MS: '300',
    });
    const pt = await postJson(w.port, '/sandbox/public_token/create', {
      ...w.keys,
      institution_id: 'ins_109508',
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    const ex = await postJson(w.port, '/item/public_token/exchange', {
      ...w.keys,
      public_token: pt.public_token,
    });
    await postJson(w.port, '/sandbox/item/fire_webhook', {
      ...w.keys,
      access_token: ex.access_token,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    await rx.waitFor(1);
    const signalledAt = Date.now();
    w.child.kill('SIGTERM');
    expect(await w.exited).toBe(1);
    expect(Date.now() - signalledAt).toBeLessThan(4000);
    expect(w.out()).toContain('still running after 300 ms');
  }, 60_000);
});
