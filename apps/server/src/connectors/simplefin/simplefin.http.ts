import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import { type OutboundGuard, OutboundRefusedError } from '../../lib/outbound-guard';

/** How the connector talks to a Bridge: who may be reached, how long to wait, how much to read. */
export interface HttpOptions {
  guard: OutboundGuard;
  /** Whole-exchange limit per request (connect, headers and body). */
  timeoutMs: number;
  /** A response body larger than this is refused, never buffered. */
  maxBytes: number;
  /** Extra trusted CA certificates (PEM), for a Bridge behind a private CA; system roots otherwise. */
  ca?: string;
  /** Redirects followed, each checked like the first URL. */
  maxRedirects?: number;
}

export interface HttpRequest {
  method: 'GET' | 'POST';
  url: URL;
  headers?: Record<string, string>;
  body?: string;
}

export interface HttpResponse {
  status: number;
  body: Buffer;
}

/** Why no response came back: refused by policy, too slow, too large, or the network failed. */
export class HttpFailure extends Error {
  constructor(
    readonly kind: 'refused' | 'timeout' | 'too_large' | 'network',
    message: string,
  ) {
    super(message);
  }
}

/**
 * Plain http only to a loopback address the operator allowed (a local Bridge in development or
 * tests): credentials and bank data travel over https everywhere else, with the certificate verified.
 */
function checkTarget(url: URL, guard: OutboundGuard): URL {
  const checked = guard.checkUrl(url.href);
  if (checked.protocol === 'http:') {
    const host = checked.hostname.replace(/^\[|\]$/g, '');
    const loopback =
      host === 'localhost' || (net.isIP(host) !== 0 && guard.refusal(host) === null && isLoopback(host));
    if (guard.allow !== 'loopback' || !loopback)
      throw new OutboundRefusedError('refused: SimpleFIN is reached over https only');
  }
  return checked;
}

function isLoopback(host: string): boolean {
  return host === '::1' || host.startsWith('127.');
}

/**
 * One request through the outbound guard (the URL before connecting, every resolved address in
 * the socket's lookup, each redirect again), with a deadline and a size limit. The Authorization
 * header is dropped when a redirect leaves the origin, and https never redirects to http.
 */
export async function httpRequest(req: HttpRequest, opts: HttpOptions): Promise<HttpResponse> {
  let current = req;
  const maxRedirects = opts.maxRedirects ?? 3;
  for (let hop = 0; ; hop++) {
    let target: URL;
    try {
      target = checkTarget(current.url, opts.guard);
    } catch (e) {
      throw new HttpFailure('refused', e instanceof Error ? e.message : String(e));
    }
    const res = await once({ ...current, url: target }, opts);
    const location = res.location;
    if (res.status < 300 || res.status >= 400 || res.status === 304 || !location) return res;
    if (hop >= maxRedirects) throw new HttpFailure('network', `more than ${maxRedirects} redirects`);
    let next: URL;
    try {
      next = new URL(location, target);
    } catch {
      throw new HttpFailure('network', 'a redirect to an invalid URL');
    }
    if (target.protocol === 'https:' && next.protocol !== 'https:')
      throw new HttpFailure('refused', 'refused: a redirect from https to http');
    const headers = { ...current.headers };
    if (next.origin !== target.origin) delete headers.authorization;
    // 307 and 308 repeat the request as it was; the others fetch the new place.
    const keep = res.status === 307 || res.status === 308;
    current = keep
      ? { ...current, url: next, headers }
      : { method: 'GET', url: next, headers: withoutBody(headers) };
  }
}

function withoutBody(headers: Record<string, string>): Record<string, string> {
  const { 'content-type': _t, 'content-length': _l, ...rest } = headers;
  return rest;
}

function once(req: HttpRequest, opts: HttpOptions): Promise<HttpResponse & { location?: string }> {
  const client = req.url.protocol === 'https:' ? https : http;
  const body = req.body ?? '';
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (e: HttpFailure) => {
      if (settled) return;
      settled = true;
      r.destroy();
      reject(e);
    };
    const r = client.request(
      req.url,
      {
        method: req.method,
        headers: {
          accept: 'application/json',
          ...req.headers,
          ...(req.method === 'POST' ? { 'content-length': String(Buffer.byteLength(body)) } : {}),
        },
        lookup: opts.guard.lookup,
        agent: false,
        ...(opts.ca ? { ca: opts.ca } : {}),
      },
      (res) => {
        const declared = Number(res.headers['content-length'] ?? 0);
        if (declared > opts.maxBytes)
          return fail(
            new HttpFailure('too_large', `the response is ${declared} bytes; the limit is ${opts.maxBytes}`),
          );
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > opts.maxBytes)
            return fail(new HttpFailure('too_large', `the response is over ${opts.maxBytes} bytes`));
          chunks.push(c);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const location = res.headers.location;
          resolve({
            status: res.statusCode ?? 0,
            body: Buffer.concat(chunks),
            ...(location ? { location } : {}),
          });
        });
        res.on('error', (err) => fail(new HttpFailure('network', err.message)));
      },
    );
    const timer = setTimeout(
      () => fail(new HttpFailure('timeout', `no answer within ${opts.timeoutMs} ms`)),
      opts.timeoutMs,
    );
    r.on('error', (err: Error & { code?: string }) => {
      clearTimeout(timer);
      fail(
        err instanceof OutboundRefusedError || err.code === 'WEFT_OUTBOUND_REFUSED'
          ? new HttpFailure('refused', err.message)
          : new HttpFailure('network', err.message),
      );
    });
    r.on('close', () => clearTimeout(timer));
    r.end(req.method === 'POST' ? body : undefined);
  });
}
