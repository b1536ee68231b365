import type { BackgroundWorker } from '../app-context';

/** Something that stops taking work and resolves once its work in progress is done (Fastify's close()). */
export interface Closable {
  close(): Promise<unknown>;
}

/** What a stopping process winds down, in order. */
export interface ShutdownPlan {
  /** Listeners: each stops accepting connections at once and resolves once its in-flight requests are answered. */
  servers: Closable[];
  /** Background workers: each stops taking jobs and resolves once its running jobs are done. */
  workers: BackgroundWorker[];
  /** Closed last, once nothing can use it any more. */
  database: Closable;
  /** How long servers and workers get to finish before the process gives up on them. */
  timeoutMs: number;
  log: { info(msg: string): void; warn(msg: string): void };
  /**
   * Closes keep-alive connections that carry no request. A listener closes those once when it stops;
   * a connection whose request was in flight then turns idle later and would hold the drain open.
   */
  closeIdle?: () => void;
  /** Cuts the connections still open when the bound runs out. */
  forceClose?: () => void;
}

/** How a shutdown ended: everything finished, or the bound ran out first. */
export type ShutdownResult = 'drained' | 'timed-out';

/**
 * Winds a process down: listeners and workers drain side by side (requests get their answers,
 * webhook deliveries finish), bounded by `timeoutMs`, and the database closes only after both,
 * since a delivery still records its attempt there as it ends.
 */
export async function shutDown(plan: ShutdownPlan): Promise<ShutdownResult> {
  const drain = Promise.all([
    ...plan.servers.map((s) => s.close()),
    ...plan.workers.map((w) =>
      w
        .stop()
        .catch((err: unknown) => plan.log.warn(`worker ${w.name} did not stop cleanly: ${String(err)}`)),
    ),
  ]).then(() => 'drained' as const);
  const sweep = plan.closeIdle ? setInterval(plan.closeIdle, 50) : undefined;
  let timer: NodeJS.Timeout | undefined;
  const bound = new Promise<'timed-out'>((resolve) => {
    timer = setTimeout(() => resolve('timed-out'), plan.timeoutMs);
  });
  const result = await Promise.race([drain, bound]);
  clearTimeout(timer);
  clearInterval(sweep);
  if (result === 'timed-out') {
    plan.log.warn(`requests or jobs still running after ${plan.timeoutMs} ms; closing their connections`);
    plan.forceClose?.();
  }
  await plan.database.close();
  return result;
}

/**
 * Runs `plan()`'s shutdown on the first SIGTERM or SIGINT and exits: 0 once everything drained, 1
 * when the bound ran out. A second signal exits 1 at once, for an operator who will not wait.
 */
export function shutDownOnSignals(plan: () => ShutdownPlan): void {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopping) {
      process.exit(1);
    }
    stopping = true;
    const p = plan();
    p.log.info(`${signal}: stopping (up to ${p.timeoutMs} ms for requests and jobs in progress)`);
    shutDown(p).then(
      (result) => {
        p.log.info(result === 'drained' ? 'stopped' : 'stopped with work cut short');
        process.exit(result === 'drained' ? 0 : 1);
      },
      (err: unknown) => {
        p.log.warn(`shutdown failed: ${String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
