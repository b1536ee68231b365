import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

/** What one POST produced. `status` is null when no response came back. */
export interface PostResult {
  status: number | null;
  body: string | null;
  error: string | null;
  latencyMs: number;
  /** True when retrying cannot help (the URL is invalid or refused by policy). */
  permanent: boolean;
}

/** How to POST: time limit, whether private addresses are refused, how much of a reply to keep. */
export interface PostOptions {
  timeoutMs: number;
  blockPrivate: boolean;
  maxResponseBytes?: number;
}

const DEFAULT_MAX_RESPONSE = 8192;

/**
 * POSTs a body and reports status, the start of the response and latency. Never follows redirects.
 * With `blockPrivate`, the host is resolved and the connection refused when the address is
 * private, loopback, link-local or otherwise not public; the check runs on the address actually
 * connected to, so a DNS answer that changes between check and connect cannot slip through.
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
    target = new URL(url);
  } catch {
    return Promise.resolve({ status: null, body: null, error: 'invalid URL', latencyMs: 0, permanent: true });
  }
  if (target.protocol !== 'http:' && target.protocol !== 'https:')
    return Promise.resolve({
      status: null,
      body: null,
      error: 'URL must be http or https',
      latencyMs: 0,
      permanent: true,
    });
  const literal = target.hostname.replace(/^\[|\]$/g, '');
  if (opts.blockPrivate && net.isIP(literal) && !isPublicAddress(literal))
    return Promise.resolve({
      status: null,
      body: null,
      error: `refused: ${literal} is not a public address`,
      latencyMs: 0,
      permanent: true,
    });

  const limit = opts.maxResponseBytes ?? DEFAULT_MAX_RESPONSE;
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
        lookup: opts.blockPrivate ? guardedLookup : undefined,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < limit) chunks.push(c.subarray(0, limit - size));
          size += c.length;
        });
        res.on('end', () =>
          finish({
            status: res.statusCode ?? null,
            body: Buffer.concat(chunks).toString('utf8'),
            error: null,
            permanent: false,
          }),
        );
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
      finish({ status: null, body: null, error: err.message, permanent: err.code === 'WEFT_REFUSED' }),
    );
    req.on('close', () => clearTimeout(timer));
    req.end(body);
  });
}

type LookupCallback = (
  err: NodeJS.ErrnoException | null,
  address: string | dns.LookupAddress[],
  family?: number,
) => void;

/** dns.lookup that fails for non-public addresses (used as the socket's lookup). */
function guardedLookup(hostname: string, options: dns.LookupOptions, callback: LookupCallback): void {
  dns.lookup(hostname, { ...options, all: true }, (err, addresses) => {
    if (err) return callback(err, []);
    const list = addresses as dns.LookupAddress[];
    const bad = list.find((a) => !isPublicAddress(a.address));
    if (bad) {
      const refused: NodeJS.ErrnoException = new Error(
        `refused: ${hostname} resolves to ${bad.address}, not a public address`,
      );
      refused.code = 'WEFT_REFUSED';
      return callback(refused, []);
    }
    if (options.all) return callback(null, list);
    const first = list[0];
    if (!first) return callback(new Error(`no address for ${hostname}`), []);
    callback(null, first.address, first.family);
  });
}

const BLOCKED_V4: [string, number][] = [
  ['0.0.0.0', 8],
  ['10.0.0.0', 8],
  ['100.64.0.0', 10],
  ['127.0.0.0', 8],
  ['169.254.0.0', 16],
  ['172.16.0.0', 12],
  ['192.0.0.0', 24],
  ['192.0.2.0', 24],
  ['192.168.0.0', 16],
  ['198.18.0.0', 15],
  ['198.51.100.0', 24],
  ['203.0.113.0', 24],
  ['224.0.0.0', 4],
  ['240.0.0.0', 4],
];

const BLOCKED_V6: [string, number][] = [
  ['::', 128],
  ['::1', 128],
  ['64:ff9b:1::', 48],
  ['100::', 64],
  ['2001:db8::', 32],
  ['fc00::', 7],
  ['fe80::', 10],
  ['ff00::', 8],
];

const blockList = (() => {
  const list = new net.BlockList();
  for (const [a, p] of BLOCKED_V4) list.addSubnet(a, p, 'ipv4');
  for (const [a, p] of BLOCKED_V6) list.addSubnet(a, p, 'ipv6');
  return list;
})();

/** True for globally routable unicast addresses; false for private, loopback, link-local and the like. */
export function isPublicAddress(address: string): boolean {
  const family = net.isIP(address);
  if (family === 0) return false;
  if (family === 6) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
    if (mapped) return isPublicAddress(mapped[1]!);
    return !blockList.check(address, 'ipv6');
  }
  return !blockList.check(address, 'ipv4');
}
