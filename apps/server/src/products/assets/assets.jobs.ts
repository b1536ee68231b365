import type { Kysely } from 'kysely';
import type { BackgroundWorker } from '../../app-context';
import type { Database, Db } from '../../db/schema';
import type { AssetReportsTable } from '../../db/tables/asset-reports';
import { PlaidError } from '../../http/errors';
import type { JobQueue } from '../../jobs/queue';
import type { Clock } from '../../lib/clock';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { ItemsRepository } from '../items/items.repository';
import { AssetReportBuildError, type AssetReportBuilder } from './assets.builder';
import { AssetReportsRepository } from './assets.repository';
import { parseSnapshot, parseStringList, type ReportSnapshot } from './assets.snapshot';

/** The queue's job name for building one report. */
export const BUILD_JOB = 'asset-report-build';
/** How often pending reports are looked for, and when a dispatched build counts as lost. */
const SCAN_EVERY_MS = 1_000;
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/** The report's snapshot less the excluded accounts. */
function without(snapshot: ReportSnapshot, excluded: ReadonlySet<string>): ReportSnapshot {
  if (excluded.size === 0) return snapshot;
  return {
    ...snapshot,
    items: snapshot.items.map((i) => ({
      ...i,
      accounts: i.accounts.filter((a) => !excluded.has(a.accountId)),
    })),
  };
}

/**
 * Builds pending asset reports. Each build writes its result and its ASSETS webhook (PRODUCT_READY
 * or ERROR) in one transaction, only while the report is still pending, so a report removed
 * meanwhile or built twice sends nothing more. Reports with the fast_assets add-on first get
 * their fast version (and a FAST PRODUCT_READY), then the full one.
 */
export class AssetReportBuildJob {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly builder: AssetReportBuilder,
    private readonly clock: Clock,
  ) {}

  /** Builds one report if it is still pending. */
  async run(reportId: string): Promise<void> {
    const report = await new AssetReportsRepository(this.db).find(reportId);
    if (report?.status !== 'pending') return;
    const excluded = new Set(parseStringList(report.account_ids_to_exclude));
    try {
      if (report.origin === 'filter') {
        const parent = report.parent_report_id
          ? await new AssetReportsRepository(this.db).byId(report.client_id, report.parent_report_id)
          : undefined;
        if (!parent?.report || parent.status !== 'ready') throw new PlaidError('INVALID_PARENT');
        const fast = parent.fast_report ? without(parseSnapshot(parent.fast_report), excluded) : null;
        await this.finish(report, without(parseSnapshot(parent.report), excluded), fast);
        return;
      }
      const request = {
        clientId: report.client_id,
        itemIds: parseStringList(report.item_ids),
        daysRequested: report.days_requested,
        requireAllItems: report.require_all_items === 1,
        investments: parseStringList(report.add_ons).includes('investments'),
      };
      let fast: ReportSnapshot | null = null;
      if (parseStringList(report.add_ons).includes('fast_assets') && !report.fast_report) {
        fast = without(await this.builder.fast(request), excluded);
        const snapshot = fast;
        await this.db.transaction().execute(async (trx) => {
          const now = this.clock.now().toISOString();
          if (
            await new AssetReportsRepository(trx).settle(report.asset_report_id, {
              fast_report: JSON.stringify(snapshot),
              updated_at: now,
            })
          )
            await this.notify(trx, report, 'PRODUCT_READY', { report_type: 'FAST' });
        });
      }
      await this.finish(report, without(await this.builder.full(request), excluded), null);
    } catch (err) {
      await this.fail(report, err);
    }
  }

  private async finish(report: AssetReportsTable, full: ReportSnapshot, fast: ReportSnapshot | null) {
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now().toISOString();
      const settled = await new AssetReportsRepository(trx).settle(report.asset_report_id, {
        status: 'ready',
        report: JSON.stringify(full),
        ...(fast ? { fast_report: JSON.stringify(fast) } : {}),
        date_generated: now,
        updated_at: now,
      });
      if (!settled) return;
      if (fast) await this.notify(trx, report, 'PRODUCT_READY', { report_type: 'FAST' });
      await this.notify(trx, report, 'PRODUCT_READY', { report_type: 'FULL' });
    });
  }

  private async fail(report: AssetReportsTable, err: unknown): Promise<void> {
    const failure =
      err instanceof AssetReportBuildError
        ? err
        : new AssetReportBuildError(
            err instanceof PlaidError && err.type === 'ASSET_REPORT_ERROR'
              ? err
              : new PlaidError('ASSET_REPORT_GENERATION_FAILED'),
          );
    const error = {
      ...failure.error.toItemError(),
      error_type: 'ASSET_REPORT_ERROR',
      causes: failure.causes.map((c) => ({ item_id: c.item_id, ...c.error.toItemError() })),
    };
    await this.db.transaction().execute(async (trx) => {
      const now = this.clock.now().toISOString();
      const settled = await new AssetReportsRepository(trx).settle(report.asset_report_id, {
        status: 'error',
        error: JSON.stringify(error),
        updated_at: now,
      });
      if (settled) await this.notify(trx, report, 'ERROR', { error });
    });
    if (!(err instanceof AssetReportBuildError) && !(err instanceof PlaidError)) throw err;
  }

  /**
   * ASSETS webhook through the outbox: to the report's webhook, else to its first Item's (skipped,
   * but kept for the inspector, when there is neither).
   */
  private async notify(trx: Db, report: AssetReportsTable, code: 'PRODUCT_READY' | 'ERROR', body: object) {
    const firstItem = parseStringList(report.item_ids)[0];
    const item = firstItem ? await new ItemsRepository(trx).find(report.client_id, firstItem) : undefined;
    const url = report.webhook ?? item?.webhook ?? null;
    await new OutboxRepository(trx).enqueue(
      {
        clientId: report.client_id,
        itemId: null,
        webhookType: 'ASSETS',
        webhookCode: code,
        payload: { asset_report_id: report.asset_report_id, ...body, environment: report.env },
        url,
      },
      this.clock.now().toISOString(),
      url !== null,
    );
  }
}

/**
 * The assets worker: finds pending reports (every second, and at once when this process's API
 * made one) and hands each to the job queue, which runs its build on one worker. A build handed
 * out but not finished within the lease (its worker died) is handed out again.
 */
export class AssetReportWorker implements BackgroundWorker {
  readonly name = 'asset-reports';
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private active = false;
  private again = false;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly queue: JobQueue,
    job: AssetReportBuildJob,
    private readonly log: WorkerLog,
  ) {
    queue.work<{ assetReportId: string }>(BUILD_JOB, (data) => job.run(data.assetReportId));
  }

  /** Starts the queue and the scan. */
  async start(): Promise<void> {
    if (this.active) return;
    await this.queue.start();
    this.active = true;
    this.schedule(0);
  }

  /** Stops scanning, then drains and closes the queue. */
  async stop(): Promise<void> {
    this.active = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.running;
    await this.queue.stop();
  }

  /** Scans now (a report was just made); a no-op where the worker is not running. */
  wake(): void {
    if (!this.active) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  /** Hands every due report to the queue; returns how many. */
  async dispatch(): Promise<number> {
    const now = this.clock.now();
    const repo = new AssetReportsRepository(this.db);
    const due = await repo.due(new Date(now.getTime() - LEASE_MS).toISOString(), BATCH);
    let sent = 0;
    for (const report of due) {
      if (!(await repo.claim(report, now.toISOString()))) continue;
      await this.queue.send(BUILD_JOB, [{ assetReportId: report.asset_report_id }]);
      sent++;
    }
    return sent;
  }

  private schedule(delayMs: number): void {
    if (!this.active) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      this.running = this.dispatch()
        .then(() => undefined)
        .catch((err: unknown) => this.log.error({ err, job: this.name }, 'asset report dispatch failed'))
        .finally(() => {
          this.running = null;
          const next = this.again ? 0 : SCAN_EVERY_MS;
          this.again = false;
          this.schedule(next);
        });
    }, delayMs);
    this.timer.unref();
  }
}
