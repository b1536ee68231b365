import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resolver } from '../lib/outbound-guard';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../test/harness';
import { RESPONSE_EXCERPT_BYTES } from './http-post';
import { startReceiver, type WebhookReceiver } from './webhook-receiver.test-kit';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_TIMEOUT_MS: '1000',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_RETRY_MAX_MS: '40',
  WEFT_WEBHOOK_MAX_ATTEMPTS: '2',
};

/**
 * Names the tests use, answered without asking DNS. Nothing here is ever connected to: the guard
 * refuses private answers inside the socket's lookup, before a connection is attempted.
 */
const resolver: Resolver = async (hostname) => {
  const table: Record<string, string[]> = {
    localhost: ['127.0.0.1'],
    'hooks.internal.test': ['10.0.0.7'],
    'metadata.internal.test': ['169.254.169.254'],
    'nat64.internal.test': ['64:ff9b::a00:7'],
  };
  const found = table[hostname];
  if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
  return found.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
};

interface Attempt {
  error: string | null;
  response: { status_code: number; body: string | null } | null;
}

/** Fires a webhook at an Item made with `url` and returns its delivery once it has settled. */
async function fireAndSettle(w: TestWeft, url: string): Promise<{ status: string; attempts: Attempt[] }> {
  const { accessToken } = await createItem(w, w.clientA, {
    initial_products: ['auth'],
    options: { webhook: url },
  });
  await post(w, '/sandbox/item/fire_webhook', {
    ...auth(w.clientA),
    access_token: accessToken,
    webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
  });
  const deadline = Date.now() + 10_000;
  for (;;) {
    const r = await post<{ deliveries: { status: string; attempts: Attempt[] }[] }>(
      w,
      '/weft/webhooks/list',
      {
        ...auth(w.clientA),
        access_token: accessToken,
      },
    );
    const d = r.body.deliveries[0];
    if (d && (d.status === 'delivered' || d.status === 'failed')) return d;
    if (Date.now() > deadline) throw new Error(`not settled: ${JSON.stringify(r.body)}`);
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function startWeft(env: Record<string, string>): Promise<TestWeft> {
  const w = await createTestWeft({ env: { ...FAST, ...env }, resolver });
  await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
  return w;
}

describe('webhook targets by default', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await startWeft({});
  });
  afterAll(async () => {
    await w?.close();
    await rx?.close();
  });

  it('refuses loopback, by address, in other notations and by name, once and without retrying', async () => {
    const port = new URL(rx.url).port;
    for (const url of [
      rx.url,
      `http://2130706433:${port}/hooks`,
      `http://[::ffff:127.0.0.1]:${port}/hooks`,
      `http://localhost:${port}/hooks`,
    ]) {
      const d = await fireAndSettle(w, url);
      expect(d.status, url).toBe('failed');
      expect(d.attempts, url).toHaveLength(1);
      expect(d.attempts[0]!.error, url).toMatch(/^refused/);
    }
    expect(rx.received).toHaveLength(0);
  });

  it('refuses names that resolve to private or special-purpose addresses', async () => {
    for (const host of ['hooks.internal.test', 'metadata.internal.test', 'nat64.internal.test']) {
      const d = await fireAndSettle(w, `http://${host}/hooks`);
      expect(d.status, host).toBe('failed');
      expect(d.attempts, host).toHaveLength(1);
      expect(d.attempts[0]!.error, host).toBe(
        `refused: ${host} resolves to a private or special-purpose address (see WEFT_ALLOW_PRIVATE_TARGETS)`,
      );
    }
  });

  it('refuses webhook URLs that are not http(s) with INVALID_FIELD, wherever an Item gets one', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['auth'] });
    for (const webhook of ['file:///etc/passwd', 'gopher://127.0.0.1:6379/_INFO', 'not a url']) {
      const calls: [string, Record<string, unknown>][] = [
        [
          '/link/token/create',
          {
            client_name: 'x',
            language: 'en',
            country_codes: ['US'],
            user: { client_user_id: 'u' },
            products: ['auth'],
            webhook,
          },
        ],
        ['/item/webhook/update', { access_token: accessToken, webhook }],
        [
          '/sandbox/public_token/create',
          { institution_id: 'ins_109508', initial_products: ['auth'], options: { webhook } },
        ],
      ];
      for (const [path, body] of calls) {
        const r = await post(w, path, { ...auth(w.clientA), ...body });
        expect(r.status, `${path} ${webhook}`).toBe(400);
        expect(r.body, `${path} ${webhook}`).toMatchObject({
          error_type: 'INVALID_REQUEST',
          error_code: 'INVALID_FIELD',
        });
      }
    }
  });
});

describe('webhook targets with WEFT_ALLOW_PRIVATE_TARGETS=loopback', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let redirector: http.Server;
  let redirectUrl = '';
  beforeAll(async () => {
    rx = await startReceiver();
    w = await startWeft(LOOPBACK_TARGETS);
    // Answers every webhook with a redirect to the receiver and a body longer than Weft keeps.
    redirector = http.createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        res.writeHead(307, { location: rx.url, 'content-type': 'text/plain' });
        res.end('r'.repeat(RESPONSE_EXCERPT_BYTES * 8));
      });
    });
    await new Promise<void>((resolve) => redirector.listen(0, '127.0.0.1', resolve));
    const addr = redirector.address();
    if (!addr || typeof addr === 'string') throw new Error('no address');
    redirectUrl = `http://127.0.0.1:${addr.port}/hooks`;
  });
  afterAll(async () => {
    await w?.close();
    await rx?.close();
    await new Promise<void>((resolve) => redirector.close(() => resolve()));
  });

  it('delivers to a receiver on 127.0.0.1 and on localhost', async () => {
    for (const url of [rx.url, rx.url.replace('127.0.0.1', 'localhost')]) {
      const d = await fireAndSettle(w, url);
      expect(d.status, url).toBe('delivered');
    }
    expect(rx.received).toHaveLength(2);
  });

  it('still refuses every other private target', async () => {
    for (const url of [
      'http://10.0.0.7/hooks',
      'http://169.254.169.254/latest',
      'http://hooks.internal.test/x',
    ]) {
      const d = await fireAndSettle(w, url);
      expect(d.status, url).toBe('failed');
      expect(d.attempts[0]!.error, url).toMatch(/^refused/);
    }
  });

  it('does not follow redirects: a 3xx is a failed attempt, and only an excerpt of the answer is kept', async () => {
    rx.received.length = 0;
    const d = await fireAndSettle(w, redirectUrl);
    expect(d.status).toBe('failed');
    expect(d.attempts).toHaveLength(2);
    for (const a of d.attempts) {
      expect(a.response?.status_code).toBe(307);
      expect(a.response?.body).toBe('r'.repeat(RESPONSE_EXCERPT_BYTES));
    }
    expect(rx.received).toHaveLength(0);
  });
});
