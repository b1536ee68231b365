/**
 * One OFX POST: `Content-Type: application/x-ofx` to the server's URL through the outbound guard
 * (the URL before connecting, every resolved address in the socket's lookup), with TLS verified
 * (against WEFT_OFX_CA_FILE's certificates when set), a time limit from connection to last byte,
 * and a ceiling on the response size. Temporary redirects (307, 308), which keep the method and
 * body, are followed up to three times, each target checked by the guard like the first.
 */
import http from 'node:http';
import https from 'node:https';
import { OUTBOUND_REFUSED, type OutboundGuard, OutboundRefusedError } from '../../lib/outbound-guard';

/** What a POST brought back: the status and the whole body. */
export interface OfxHttpResponse {
  status: number;
  body: Buffer;
}

/** Why no usable answer came back. */
export type TransportFailure = 'timeout' | 'unreachable' | 'refused' | 'too-large' | 'redirect';

/** A POST that got no usable answer; `kind` says why, the message says what happened. */
export class OfxTransportError extends Error {
  constructor(
    readonly kind: TransportFailure,
    message: string,
  ) {
    super(message);
    this.name = 'OfxTransportError';
  }
}

/** How to POST. */
export interface TransportOptions {
  guard: OutboundGuard;
  timeoutMs: number;
  maxResponseBytes: number;
  /** PEM certificates trusted instead of Node's roots; null for the roots. */
  ca: string | null;
  /** Whether the request (which carries a password) may go to a redirect's target. */
  mayFollow(url: string): boolean;
}

const MAX_REDIRECTS = 3;

/** POSTs an OFX request; throws OfxTransportError when no complete answer came back in time. */
export async function postOfx(url: string, body: string, opts: TransportOptions): Promise<OfxHttpResponse> {
  const deadline = Date.now() + opts.timeoutMs;
  let target = url;
  for (let hop = 0; ; hop++) {
    const res = await postOnce(target, body, opts, deadline);
    if ((res.status === 307 || res.status === 308) && res.location) {
      if (hop >= MAX_REDIRECTS)
        throw new OfxTransportError('redirect', 'the OFX server redirected too many times');
      target = new URL(res.location, target).toString();
      if (!opts.mayFollow(target))
        throw new OfxTransportError(
          'refused',
          `refused: the OFX server redirected to ${new URL(target).origin}`,
        );
      continue;
    }
    return { status: res.status, body: res.body };
  }
}

function postOnce(
  url: string,
  body: string,
  opts: TransportOptions,
  deadline: number,
): Promise<OfxHttpResponse & { location: string | null }> {
  let target: URL;
  try {
    target = opts.guard.checkUrl(url);
  } catch (e) {
    const why = e instanceof OutboundRefusedError ? e.message : 'invalid URL';
    return Promise.reject(new OfxTransportError('refused', why));
  }
  const left = deadline - Date.now();
  if (left <= 0)
    return Promise.reject(new OfxTransportError('timeout', 'the OFX server did not answer in time'));
  const isHttps = target.protocol === 'https:';
  const payload = Buffer.from(body, 'utf8');
  return new Promise((resolve, reject) => {
    let settled = false;
    const fail = (err: OfxTransportError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const options: https.RequestOptions = {
      method: 'POST',
      headers: {
        'content-type': 'application/x-ofx',
        accept: 'application/x-ofx, application/xml, text/xml, */*',
        'content-length': String(payload.length),
        'user-agent': 'Weft OFX',
      },
      lookup: opts.guard.lookup,
      agent: false,
      ...(isHttps ? { rejectUnauthorized: true, ...(opts.ca ? { ca: opts.ca } : {}) } : {}),
    };
    const req = (isHttps ? https : http).request(target, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const declared = Number(res.headers['content-length']);
      if (Number.isFinite(declared) && declared > opts.maxResponseBytes) {
        req.destroy();
        return fail(new OfxTransportError('too-large', `the OFX server answered ${declared} bytes`));
      }
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > opts.maxResponseBytes) {
          req.destroy();
          return fail(
            new OfxTransportError(
              'too-large',
              `the OFX server's answer passed ${opts.maxResponseBytes} bytes`,
            ),
          );
        }
        chunks.push(c);
      });
      res.on('end', () => {
        if (settled) return;
        settled = true;
        const location = res.headers.location;
        resolve({
          status: res.statusCode ?? 0,
          body: Buffer.concat(chunks),
          location: typeof location === 'string' ? location : null,
        });
      });
      res.on('error', (err) => fail(new OfxTransportError('unreachable', err.message)));
    });
    const timer = setTimeout(() => {
      req.destroy();
      fail(new OfxTransportError('timeout', `the OFX server did not answer within ${opts.timeoutMs} ms`));
    }, left);
    req.on('error', (err: Error & { code?: string }) =>
      fail(
        err.code === OUTBOUND_REFUSED
          ? new OfxTransportError('refused', err.message)
          : new OfxTransportError('unreachable', err.message),
      ),
    );
    req.on('close', () => clearTimeout(timer));
    req.end(payload);
  });
}
