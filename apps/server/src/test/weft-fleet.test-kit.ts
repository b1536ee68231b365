import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

const MAIN = path.join(import.meta.dirname, '..', 'main.ts');

/** A free loopback port: taken from the kernel, then released for a child to listen on. */
export async function freePort(): Promise<number> {
  const probe = net.createServer().listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const { port } = probe.address() as net.AddressInfo;
  await new Promise((r) => probe.close(r));
  return port;
}

/**
 * One `weft start --roles=<role>` process that can be killed and started again on the same ports,
 * as a process manager would restart it. An API is ready once `/health` answers on its port; a
 * worker, which serves no API, once `/health` answers on its metrics port. Output goes to `logFile`.
 */
export class WeftNode {
  private child: ChildProcess | null = null;
  private exited: Promise<unknown> = Promise.resolve();
  /** How many times this node was started. */
  starts = 0;

  constructor(
    readonly role: 'api' | 'worker',
    readonly port: number,
    readonly metricsPort: number,
    private readonly env: Record<string, string>,
    private readonly logFile: string,
  ) {}

  /** The API's base URL (a worker listens on nothing there). */
  get base(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  /** The listener serving only /health and /metrics. */
  get metricsBase(): string {
    return `http://127.0.0.1:${this.metricsPort}`;
  }

  /** Starts the process and resolves once it answers /health; throws with its log if it exits first. */
  async start(timeoutMs = 120_000): Promise<void> {
    const log = fs.openSync(this.logFile, 'a');
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'start', `--roles=${this.role}`], {
      stdio: ['ignore', log, log],
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(this.port),
        WEFT_METRICS_PORT: String(this.metricsPort),
        ...this.env,
      },
    });
    fs.closeSync(log);
    this.child = child;
    this.exited = once(child, 'exit');
    this.starts++;
    const health = `${this.role === 'api' ? this.base : this.metricsBase}/health`;
    for (const deadline = Date.now() + timeoutMs; Date.now() < deadline && child.exitCode === null; ) {
      if (
        await fetch(health).then(
          (r) => r.ok,
          () => false,
        )
      )
        return;
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill('SIGKILL');
    await this.exited;
    throw new Error(
      `weft start --roles=${this.role} did not answer:\n${fs.readFileSync(this.logFile, 'utf8')}`,
    );
  }

  /** SIGKILL: no drain, no shutdown hooks, as when a machine is lost. */
  async kill(): Promise<void> {
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  /** SIGTERM, and waits for the process to drain and exit. */
  async stop(): Promise<void> {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null)
      this.child.kill('SIGTERM');
    await this.exited;
  }
}
