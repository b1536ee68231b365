import type { WeftApp, WeftContext } from '../../app-context';
import { createJobQueue } from '../../jobs/create-queue';
import { AssetReportBuilder } from './assets.builder';
import { AssetReportBuildJob, AssetReportWorker } from './assets.jobs';
import { AssetReportPdfCache } from './assets.pdf';
import { presentAuditCopy, presentCreated, presentRemoved, presentReportGet } from './assets.presenter';
import {
  AssetReportCreateBody,
  AssetReportFilterBody,
  AssetReportGetBody,
  AssetReportPdfGetBody,
  AssetReportRefreshBody,
  AssetReportRemoveBody,
  AuditCopyCreateBody,
  AuditCopyPdfGetBody,
  AuditCopyTokenBody,
} from './assets.schemas';
import { AssetsService } from './assets.service';

/**
 * The Assets endpoints: Asset Reports (create, get, PDF, refresh, filter, remove) and their audit
 * copies; reports are built by the assets worker through the job queue.
 */
export async function assetsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const job = new AssetReportBuildJob(
    ctx.db,
    new AssetReportBuilder(ctx.db, ctx.connectors, ctx.clock),
    ctx.clock,
  );
  const worker = new AssetReportWorker(ctx.db, ctx.clock, createJobQueue(ctx.config, app.log), job, app.log);
  ctx.workers.push(worker);
  const assets = new AssetsService(ctx.db, ctx.items, ctx.clock, () => worker.wake());
  const pdfs = new AssetReportPdfCache();

  app.post('/asset_report/create', { schema: { body: AssetReportCreateBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentCreated(await assets.create(client.clientId, req.body));
  });

  app.post('/asset_report/get', { schema: { body: AssetReportGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const view = await assets.get(client.clientId, req.body.asset_report_token, {
      fastReport: req.body.fast_report,
      includeInsights: req.body.include_insights,
      daysToInclude: req.body.options?.days_to_include,
    });
    return presentReportGet(view);
  });

  app.post('/asset_report/pdf/get', { schema: { body: AssetReportPdfGetBody } }, async (req, reply) => {
    const client = await ctx.auth.authenticate(req);
    const view = await assets.get(client.clientId, req.body.asset_report_token, {
      daysToInclude: req.body.options?.days_to_include,
    });
    return reply.type('application/pdf').send(await pdfs.get(view));
  });

  app.post('/asset_report/refresh', { schema: { body: AssetReportRefreshBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentCreated(await assets.refresh(client.clientId, req.body));
  });

  app.post('/asset_report/filter', { schema: { body: AssetReportFilterBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentCreated(await assets.filter(client.clientId, req.body));
  });

  app.post('/asset_report/remove', { schema: { body: AssetReportRemoveBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await assets.remove(client.clientId, req.body.asset_report_token);
    return presentRemoved();
  });

  app.post('/asset_report/audit_copy/create', { schema: { body: AuditCopyCreateBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentAuditCopy(
      await assets.createAuditCopy(client.clientId, req.body.asset_report_token, req.body.auditor_id),
    );
  });

  app.post('/asset_report/audit_copy/get', { schema: { body: AuditCopyTokenBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentReportGet(await assets.auditCopy(client.clientId, req.body.audit_copy_token));
  });

  app.post(
    '/asset_report/audit_copy/pdf/get',
    { schema: { body: AuditCopyPdfGetBody } },
    async (req, reply) => {
      const client = await ctx.auth.authenticate(req);
      const view = await assets.auditCopy(
        client.clientId,
        req.body.audit_copy_token,
        req.body.options?.days_to_include,
      );
      return reply.type('application/pdf').send(await pdfs.get(view));
    },
  );

  app.post('/asset_report/audit_copy/remove', { schema: { body: AuditCopyTokenBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await assets.removeAuditCopy(client.clientId, req.body.audit_copy_token);
    return presentRemoved();
  });
}
