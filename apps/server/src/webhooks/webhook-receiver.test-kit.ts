import { createHash, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import {
  decodeProtectedHeader,
  importJWK,
  type JWK,
  type JWTPayload,
  jwtVerify,
  type ProtectedHeaderParameters,
} from 'jose';
import type { Weft } from '../app';
import type { ClientKeys } from '../products/clients/clients.service';
import { auth, post } from '../test/harness';

/** One webhook as a test receiver saw it. */
export interface ReceivedWebhook {
  headers: http.IncomingHttpHeaders;
  body: string;
  json: Record<string, unknown>;
  at: number;
}

/** A loopback HTTP server that records webhooks and answers with the status a test chooses. */
export interface WebhookReceiver {
  url: string;
  received: ReceivedWebhook[];
  /** Status for the next requests (default 200), or a function deciding per request. */
  respond: number | ((n: number) => number);
  /** Delay before answering, in ms (to provoke timeouts). */
  delayMs: number;
  /** Resolves once `count` webhooks (optionally matching) have arrived, or rejects after `timeoutMs`. */
  waitFor(
    count: number,
    match?: (w: ReceivedWebhook) => boolean,
    timeoutMs?: number,
  ): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

/** Starts a webhook receiver on 127.0.0.1. */
export async function startReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const sockets = new Set<import('node:net').Socket>();
  const receiver: WebhookReceiver = {
    url: '',
    received,
    respond: 200,
    delayMs: 0,
    async waitFor(count, match = () => true, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      while (Date.now() < deadline) {
        const hits = received.filter(match);
        if (hits.length >= count) return hits;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`expected ${count} webhooks, got ${received.filter(match).length}`);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const n = received.length;
      let json: Record<string, unknown> = {};
      try {
        json = JSON.parse(body) as Record<string, unknown>;
      } catch {
        // Recorded as is; the test decides whether that matters.
      }
      received.push({ headers: req.headers, body, json, at: Date.now() });
      const status = typeof receiver.respond === 'function' ? receiver.respond(n) : receiver.respond;
      setTimeout(() => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ok: status < 300 }));
      }, receiver.delayMs);
    });
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  if (!addr || typeof addr === 'string') throw new Error('no address');
  receiver.url = `http://127.0.0.1:${addr.port}/hooks`;
  return receiver;
}

/** The verification key as /webhook_verification_key/get returns it. */
export type VerificationJwk = JWK & { created_at: number; expired_at: number | null };

/**
 * Verifies a webhook the way Plaid's docs tell apps to: read the JWT header without verifying,
 * insist on ES256, fetch the key by `kid` from /webhook_verification_key/get, verify the
 * signature, reject tokens older than five minutes, and compare the body's SHA-256 with the
 * `request_body_sha256` claim in constant time. Throws when any step fails.
 */
export async function verifyLikeAnApp(
  w: Weft,
  keys: ClientKeys,
  hook: { headers: http.IncomingHttpHeaders; body: string },
): Promise<{ header: ProtectedHeaderParameters; payload: JWTPayload; key: VerificationJwk }> {
  const token = hook.headers['plaid-verification'];
  if (typeof token !== 'string') throw new Error('missing Plaid-Verification');
  const header = decodeProtectedHeader(token);
  if (header.alg !== 'ES256') throw new Error('wrong alg');
  const r = await post<{ key: VerificationJwk }>(w, '/webhook_verification_key/get', {
    ...auth(keys),
    key_id: header.kid,
  });
  if (r.status !== 200) throw new Error(`key lookup failed: ${JSON.stringify(r.body)}`);
  const key = await importJWK(r.body.key, 'ES256');
  const { payload } = await jwtVerify(token, key, { algorithms: ['ES256'], maxTokenAge: '5 min' });
  const claimed = Buffer.from(String(payload.request_body_sha256), 'hex');
  const actual = createHash('sha256').update(hook.body).digest();
  if (claimed.length !== actual.length || !timingSafeEqual(claimed, actual))
    throw new Error('body hash mismatch');
  return { header, payload, key: r.body.key };
}
