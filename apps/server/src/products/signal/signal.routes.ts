import type { WeftApp, WeftContext } from '../../app-context';
import { type ErrorLogger, EvaluationLog } from './signal.evaluation-log';
import { presentEvaluation, presentSchedule } from './signal.presenter';
import {
  SignalDecisionReportBody,
  SignalEvaluateBody,
  SignalPrepareBody,
  SignalReturnReportBody,
  SignalScheduleBody,
} from './signal.schemas';
import { SignalService } from './signal.service';
import { SignalAdminService } from './signal-admin.service';

const services = new WeakMap<WeftContext, SignalService>();

/** The Signal service of an app's context: one per app, as it holds the evaluations being written. */
export function signalService(
  ctx: WeftContext,
  logger: ErrorLogger = { error: (obj, msg) => console.error(msg, obj) },
): SignalService {
  let service = services.get(ctx);
  if (!service) {
    const log = new EvaluationLog(ctx.db, logger);
    service = new SignalService(ctx.db, ctx.items, ctx.clock, ctx.connectors, log, ctx.changeEpoch);
    services.set(ctx, service);
  }
  return service;
}

/** Signal's operator functions on an app's context, reading only once its evaluations are written. */
export function signalAdmin(ctx: WeftContext): SignalAdminService {
  return new SignalAdminService(ctx.db, ctx.clock, () => signalService(ctx).flush());
}

/**
 * /signal/evaluate, /signal/schedule, /signal/decision/report, /signal/return/report and
 * /signal/prepare; an Item linked for signal collects its transactions from its creation.
 */
export async function signalRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const signal = signalService(ctx, app.log);
  ctx.items.onItemCreated((trx, item, accounts) => signal.onItemCreated(trx, item, accounts));
  // Registered after the database's own hook, so it runs before the database closes.
  app.addHook('onClose', () => signal.flush());

  app.post('/signal/evaluate', { schema: { body: SignalEvaluateBody } }, async (req) => {
    const client = ctx.auth.cached(req) ?? (await ctx.auth.authenticate(req));
    return presentEvaluation(await signal.evaluate(client.clientId, req.body));
  });

  app.post('/signal/schedule', { schema: { body: SignalScheduleBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return presentSchedule(await signal.schedule(client.clientId, req.body));
  });

  app.post('/signal/decision/report', { schema: { body: SignalDecisionReportBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await signal.reportDecision(client.clientId, req.body);
    return {};
  });

  app.post('/signal/return/report', { schema: { body: SignalReturnReportBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await signal.reportReturn(client.clientId, req.body);
    return {};
  });

  app.post('/signal/prepare', { schema: { body: SignalPrepareBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await signal.prepare(client.clientId, req.body.access_token);
    return {};
  });
}
