import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../test/harness';
import { startReceiver, type WebhookReceiver } from '../webhooks/webhook-receiver.test-kit';
import { listenForMetrics, metricsAccess } from './metrics.routes';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_TIMEOUT_MS: '300',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_RETRY_MAX_MS: '40',
  WEFT_WEBHOOK_MAX_ATTEMPTS: '3',
  ...LOOPBACK_TARGETS,
};

/** GET /metrics as a peer at `remoteAddress` with extra headers; status and text. */
async function scrape(w: TestWeft, remoteAddress = '127.0.0.1', headers: Record<string, string> = {}) {
  const res = await w.app.inject({ method: 'GET', url: '/metrics', remoteAddress, headers });
  return { status: res.statusCode, text: res.body, type: res.headers['content-type'] };
}

/** The value of one sample line (`name{labels}`), or undefined when absent. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('/metrics', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });
  afterEach(() => {
    rx.respond = 200;
  });

  it('counts requests by route pattern, method and status with latency buckets, never by raw URL', async () => {
    for (let i = 0; i < 3; i++) await post(w, '/accounts/get', { ...auth(w.clientA), access_token: 'nope' });
    await w.app.inject({ method: 'GET', url: '/no/such/path/access-sandbox-secret-ish' });
    const { status, text, type } = await scrape(w);
    expect(status).toBe(200);
    expect(type).toContain('text/plain; version=0.0.4');
    const labels = 'method="POST",route="/accounts/get",status_code="400"';
    expect(sample(text, `weft_http_request_duration_seconds_count{${labels}}`)).toBe(3);
    expect(sample(text, `weft_http_request_duration_seconds_bucket{le="+Inf",${labels}}`)).toBe(3);
    expect(sample(text, `weft_http_request_duration_seconds_sum{${labels}}`)).toBeGreaterThan(0);
    expect(
      sample(
        text,
        'weft_http_request_duration_seconds_count{method="GET",route="unmatched",status_code="404"}',
      ),
    ).toBe(1);
    expect(text).not.toContain('/no/such/path');
    // Process metrics come from prom-client's default collectors.
    // (A counter of CPU used since the collector started, so it may still read 0 on a fast scrape.)
    expect(sample(text, 'process_cpu_user_seconds_total')).toBeGreaterThanOrEqual(0);
    expect(text).toContain('process_resident_memory_bytes');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('reports Items by environment and connector, and webhook outcomes and queue depth', async () => {
    const before = await scrape(w);
    expect(sample(before.text, 'weft_webhook_deliveries_total{outcome="delivered"}')).toBe(0);
    expect(sample(before.text, 'weft_webhook_queue_depth{status="pending"}')).toBe(0);

    const { accessToken } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    const fire = () =>
      post(w, '/sandbox/item/fire_webhook', {
        ...auth(w.clientA),
        access_token: accessToken,
        webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
      });
    await fire();
    const queued = await scrape(w);
    expect(sample(queued.text, 'weft_webhook_queue_depth{status="pending"}')).toBe(1);
    expect(sample(queued.text, 'weft_items{environment="sandbox",connector="sandbox"}')).toBe(1);

    const worker = w.ctx.workers.find((x) => x.name === 'webhook-delivery')!;
    await worker.start();
    await rx.waitFor(1);
    rx.respond = 500;
    await fire();
    await rx.waitFor(4);
    let text = '';
    for (let i = 0; i < 200; i++) {
      text = (await scrape(w)).text;
      if (sample(text, 'weft_webhook_deliveries_total{outcome="failed"}') === 1) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    await worker.stop();
    expect(sample(text, 'weft_webhook_deliveries_total{outcome="delivered"}')).toBe(1);
    expect(sample(text, 'weft_webhook_deliveries_total{outcome="retried"}')).toBe(2);
    expect(sample(text, 'weft_webhook_deliveries_total{outcome="failed"}')).toBe(1);
    expect(sample(text, 'weft_webhook_queue_depth{status="pending"}')).toBe(0);
  });

  it('without a token, answers loopback peers only, and not what a proxy forwarded', async () => {
    expect((await scrape(w, '10.0.0.7')).status).toBe(403);
    expect((await scrape(w, '127.0.0.1', { 'x-forwarded-for': '203.0.113.9' })).status).toBe(403);
    expect((await scrape(w, '127.0.0.1', { forwarded: 'for=203.0.113.9' })).status).toBe(403);
    expect((await scrape(w, '::1')).status).toBe(200);
    expect((await scrape(w, '::ffff:127.0.0.1')).status).toBe(200);
  });
});

describe('/metrics with WEFT_METRICS_TOKEN', () => {
  const token = 'scrape-token-0123456789abcdef';
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ env: { WEFT_METRICS_TOKEN: token } });
  });
  afterAll(() => w.close());

  it('answers whoever presents the bearer token, from any address, and nobody else', async () => {
    const noToken = await scrape(w, '127.0.0.1');
    expect(noToken.status).toBe(401);
    expect(noToken.text).not.toContain('weft_');
    expect((await scrape(w, '10.0.0.7', { authorization: `Bearer ${token}x` })).status).toBe(401);
    expect((await scrape(w, '10.0.0.7', { authorization: token })).status).toBe(401);
    const ok = await scrape(w, '10.0.0.7', { authorization: `Bearer ${token}` });
    expect(ok.status).toBe(200);
    expect(ok.text).toContain('weft_http_request_duration_seconds');
  });
});

describe('WEFT_METRICS_PORT listener', () => {
  it('serves /health and /metrics, and no Plaid endpoint', async () => {
    const w = await createTestWeft();
    const server = await listenForMetrics(w.ctx, 0, '127.0.0.1');
    try {
      const { port } = server.server.address() as { port: number };
      const base = `http://127.0.0.1:${port}`;
      expect((await fetch(`${base}/health`)).status).toBe(200);
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain('weft_webhook_queue_depth');
      const plaid = await fetch(`${base}/accounts/get`, { method: 'POST', body: '{}' });
      expect(plaid.status).toBe(404);
    } finally {
      await server.close();
      await w.close();
    }
  });
});

describe('metricsAccess', () => {
  it.each([
    [{}, '127.0.0.1', undefined, 'allowed'],
    [{}, '127.0.0.53', undefined, 'allowed'],
    [{}, '192.168.1.4', undefined, 'loopback-only'],
    [{}, undefined, undefined, 'loopback-only'],
    [{ 'x-real-ip': '198.51.100.1' }, '127.0.0.1', undefined, 'loopback-only'],
    // docs/link.md's nginx example sets only X-Forwarded-Proto.
    [{ 'x-forwarded-proto': 'https' }, '127.0.0.1', undefined, 'loopback-only'],
    [{}, '127.0.0.1', 'a-token-of-16-chars', 'token-required'],
    [{ authorization: 'bearer a-token-of-16-chars' }, '192.168.1.4', 'a-token-of-16-chars', 'allowed'],
    [{ authorization: 'Basic a-token-of-16-chars' }, '127.0.0.1', 'a-token-of-16-chars', 'token-required'],
  ] as const)('%o from %s with token %s → %s', (headers, remote, token, expected) => {
    expect(metricsAccess(headers, remote, token)).toBe(expected);
  });
});
