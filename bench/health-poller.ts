import http from 'node:http';

/**
 * Polls GET /health in a process of its own, so what it measures is Weft's event loop and not the
 * bench's, which is busy creating Items. One request at a time, sent INTERVAL_MS after the last
 * was sent (or at once, if it took longer), so the poller never adds load of its own to a server
 * that is behind. A request that took longer stood for the ones that would have been sent
 * meanwhile: those are counted too, each waiting INTERVAL_MS less (HdrHistogram's correction for
 * coordinated omission), so a stall weighs as it would on an app's requests.
 *
 * Started with IPC (`fork`), it says `started`; a `{ base }` message starts the polls (so a bench
 * can start it before the server it will watch, which may be restarting); on `{ stop }` it lets
 * the request in flight finish, sends every sample back and exits.
 */
const INTERVAL_MS = 10;

/** One poll: when it was (meant to be) sent (epoch ms), how long it waited, whether it was a 200. */
export interface HealthSample {
  at: number;
  ms: number;
  ok: boolean;
}

type Command = { base: string } | { stop: true };

const samples: HealthSample[] = [];
const agent = new http.Agent({ keepAlive: true });
let base: string | null = null;
let stopping: (() => void) | null = null;

function record(at: number, ms: number, ok: boolean): void {
  samples.push({ at, ms, ok });
  for (let missed = ms - INTERVAL_MS, k = 1; missed >= INTERVAL_MS; missed -= INTERVAL_MS, k++)
    samples.push({ at: at + k * INTERVAL_MS, ms: missed, ok });
}

function poll(): void {
  if (stopping) {
    stopping();
    return;
  }
  const at = Date.now();
  const t0 = performance.now();
  const done = (ok: boolean) => {
    const ms = performance.now() - t0;
    record(at, ms, ok);
    setTimeout(poll, Math.max(0, INTERVAL_MS - ms));
  };
  http
    .get(`${base}/health`, { agent }, (res) => {
      res.resume();
      res.on('end', () => done(res.statusCode === 200));
    })
    .on('error', () => done(false));
}

process.on('message', (m: Command) => {
  if ('base' in m) {
    if (!base) setImmediate(poll);
    base = m.base;
    return;
  }
  const send = () => process.send!(samples, () => process.exit(0));
  if (base) stopping = send;
  else send();
});
process.send!('started');
