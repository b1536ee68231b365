import http from 'node:http';
import https from 'node:https';
import { OUTBOUND_REFUSED, type OutboundGuard, OutboundRefusedError } from '../lib/outbound-guard';

/** What one POST produced. `status` is null when no response came back. */
export interface PostResult {
  status: number | null;
  /** The start of the response body (at most `RESPONSE_EXCERPT_BYTES`), for the inspector. */
  body: string | null;
  error: string | null;
  latencyMs: number;
  /** True when retrying cannot help (the URL is invalid or refused by policy). */
  permanent: boolean;
}

/** How to POST: time limit, and the guard deciding which targets may be connected to. */
export interface PostOptions {
  timeoutMs: number;
  guard: OutboundGuard;
}

/**
 * How much of a target's response is kept: enough to show an app's error message in the
 * inspector, too little to make Weft a way of reading pages it can reach.
 */
export const RESPONSE_EXCERPT_BYTES = 512;

/**
 * POSTs a body and reports status, the start of the response and latency. Every target passes
 * the outbound guard: the URL before connecting, each resolved address inside the socket's lookup.
 * Redirects are never followed: a 3xx is a failed attempt like any other non-2xx answer.
 */
export function postJson(
  url: string,
  body: string,
  headers: Record<string, string>,
  opts: PostOptions,
): Promise<PostResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  let target: URL;
  try {
    target = opts.guard.checkUrl(url);
  } catch (e) {
    const error = e instanceof OutboundRefusedError ? e.message : 'invalid URL';
    return Promise.resolve({ status: null, body: null, error, latencyMs: 0, permanent: true });
  }

  const client = target.protocol === 'https:' ? https : http;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<PostResult, 'latencyMs'>) => {
      if (settled) return;
      settled = true;
      resolve({ ...r, latencyMs: elapsed() });
    };
    const req = client.request(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        timeout: opts.timeoutMs,
        lookup: opts.guard.lookup,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const done = () =>
          finish({
            status: res.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
            error: null,
            permanent: false,
          });
        res.on('data', (c: Buffer) => {
          chunks.push(c.subarray(0, RESPONSE_EXCERPT_BYTES - size));
          size = Math.min(RESPONSE_EXCERPT_BYTES, size + c.length);
          // The rest is never read: a target streaming a large or endless body cannot hold the worker.
          if (size >= RESPONSE_EXCERPT_BYTES) {
            done();
            req.destroy();
          }
        });
        res.on('end', done);
        res.on('error', (err) =>
          finish({ status: res.statusCode ?? null, body: null, error: err.message, permanent: false }),
        );
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    req.on('timeout', () => req.destroy(new Error(`timed out after ${opts.timeoutMs} ms`)));
    req.on('error', (err: Error & { code?: string }) =>
      finish({ status: null, body: null, error: err.message, permanent: err.code === OUTBOUND_REFUSED }),
    );
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}
