import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JobHandler, JobQueue } from '../../jobs/queue';
import { FixedClock } from '../../lib/clock';
import { createTestWeft, type TestWeft } from '../../test/harness';
import { AssetReportBuilder } from './assets.builder';
import { AssetReportBuildJob, AssetReportWorker, BUILD_JOB } from './assets.jobs';
import { assetHooks, assetItems, createReport, waitForReport } from './assets.test-kit';

/** A queue that only records what it is sent, so a test decides when builds run. */
class RecordingQueue implements JobQueue {
  readonly kind = 'in-process' as const;
  readonly sent: { name: string; data: object }[] = [];
  work<T extends object>(_name: string, _handler: JobHandler<T>): void {}
  async send<T extends object>(name: string, jobs: T[]): Promise<void> {
    for (const data of jobs) this.sent.push({ name, data });
  }
  notify(): void {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
}

const silent = { error: () => undefined, info: () => undefined };

/** The worker hands each pending report to the queue once per lease; builds are idempotent. */
describe('Asset Report builds through the job queue', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));

  beforeAll(async () => {
    w = await createTestWeft({ clock });
  });
  afterAll(() => w.close());

  it('dispatches a pending report once, again only after its lease ran out, and builds it once', async () => {
    const tokens = await assetItems(w, w.clientA, 'https://hooks.example.com/items');
    const first = await createReport(w, w.clientA, { access_tokens: tokens, days_requested: 10 });
    const second = await createReport(w, w.clientA, { access_tokens: [tokens[0]], days_requested: 10 });
    const job = new AssetReportBuildJob(
      w.ctx.db,
      new AssetReportBuilder(w.ctx.db, w.ctx.connectors, clock),
      clock,
    );
    const queue = new RecordingQueue();
    const worker = new AssetReportWorker(w.ctx.db, clock, queue, job, silent);

    expect(await worker.dispatch()).toBe(2);
    expect(queue.sent.map((s) => s.name)).toEqual([BUILD_JOB, BUILD_JOB]);
    expect(queue.sent.map((s) => (s.data as { assetReportId: string }).assetReportId).sort()).toEqual(
      [first.id, second.id].sort(),
    );
    // Handed out and within its lease: not again, from this worker or another.
    expect(await worker.dispatch()).toBe(0);
    expect(await new AssetReportWorker(w.ctx.db, clock, new RecordingQueue(), job, silent).dispatch()).toBe(
      0,
    );
    // A build whose worker died is handed out again once the lease has run out.
    clock.advance(5 * 60_000 + 1000);
    expect(await worker.dispatch()).toBe(2);

    // Two runs of one build (the lost one and its retry) make one report and one webhook.
    await Promise.all([job.run(first.id), job.run(first.id)]);
    await job.run(first.id);
    expect((await waitForReport(w, w.clientA, first.token, {}, 0)).status).toBe(200);
    expect((await assetHooks(w, first.id)).map((h) => h.json.webhook_code)).toEqual(['PRODUCT_READY']);
    // Built reports are not handed out again.
    expect(await worker.dispatch()).toBe(0);
    clock.advance(5 * 60_000 + 1000);
    expect(await worker.dispatch()).toBe(1);
  });
});
