import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth, createItem, createTestWeft, LOOPBACK_TARGETS, post, type TestWeft } from '../test/harness';
import { startReceiver, type WebhookReceiver } from '../webhooks/webhook-receiver.test-kit';

type LogLine = Record<string, unknown> & { level: number; msg?: string; raw: string };

/** A stream keeping every JSON log line written to it. */
function logSink(): { stream: Writable; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n'))
        if (l.trim()) lines.push({ ...(JSON.parse(l) as LogLine), raw: l });
      done();
    },
  });
  return { stream, lines };
}

describe('log lines', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  const sink = logSink();
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({
      env: { LOG_LEVEL: 'info', WEFT_WEBHOOK_POLL_MS: '10', ...LOOPBACK_TARGETS },
      logStream: sink.stream,
    });
    // A route that fails the way a bug would, to see what the error log carries.
    w.app.post('/test/unexpected-failure', async () => {
      throw new Error('something Weft did not expect');
    });
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  it('log an unexpected error with the request_id its Plaid error response carries, and the secret redacted', async () => {
    const res = await post(w, '/test/unexpected-failure', {}, { 'plaid-secret': 'do-not-log-me' });
    expect(res.status).toBe(500);
    const requestId = res.body.request_id as string;
    expect(requestId).toMatch(/^[A-Za-z0-9]{15}$/);
    expect(res.headers['x-request-id']).toBe(requestId);

    const mine = sink.lines.filter((l) => l.request_id === requestId);
    const error = mine.find((l) => l.level === 50);
    expect(error?.msg).toBe('unhandled error');
    // Once per line: a key written twice is valid JSON to some parsers and an error to others.
    expect(error?.raw.split('"request_id"')).toHaveLength(2);
    expect((error?.err as { message?: string } | undefined)?.message).toBe('something Weft did not expect');
    expect(mine.map((l) => l.msg)).toEqual(expect.arrayContaining(['incoming request', 'request completed']));
    expect(JSON.stringify(sink.lines)).not.toContain('do-not-log-me');
  });

  it('log a Plaid error response under its request_id, and no two requests share one', async () => {
    const a = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: 'access-sandbox-nope' });
    const b = await post(w, '/accounts/get', { ...auth(w.clientA), access_token: 'access-sandbox-nope' });
    expect(a.status).toBe(400);
    expect(a.body.request_id).not.toBe(b.body.request_id);
    const completed = sink.lines.find(
      (l) => l.request_id === a.body.request_id && l.msg === 'request completed',
    );
    expect((completed?.res as { statusCode?: number } | undefined)?.statusCode).toBe(400);
  });

  it('log each webhook delivery with its job and outbox id', async () => {
    const { accessToken, itemId } = await createItem(w, w.clientA, {
      initial_products: ['auth'],
      options: { webhook: rx.url },
    });
    await post(w, '/sandbox/item/fire_webhook', {
      ...auth(w.clientA),
      access_token: accessToken,
      webhook_code: 'NEW_ACCOUNTS_AVAILABLE',
    });
    const worker = w.ctx.workers.find((x) => x.name === 'webhook-delivery')!;
    await worker.start();
    await rx.waitFor(1);
    let line: LogLine | undefined;
    for (let i = 0; i < 200 && !line; i++) {
      line = sink.lines.find((l) => l.msg === 'webhook delivery');
      if (!line) await new Promise((r) => setTimeout(r, 10));
    }
    await worker.stop();
    expect(line).toMatchObject({ job: 'webhook_deliver', job_key: `item:${itemId}`, outcome: 'delivered' });
    expect(line?.outbox_id).toEqual(expect.any(Number));
  });
});
