import type { FastifyReply, FastifyRequest } from 'fastify';
import type { WeftApp, WeftContext } from '../../app-context';
import type { Clock } from '../../lib/clock';
import type { DashboardApiRequestsTable, DashboardDb } from './dashboard.tables';
import { redactBody } from './redact';

/** How long API requests are kept for the dashboard's API logs. */
export const API_LOG_RETENTION_MS = 7 * 86_400_000;
/** Rows written in one statement at most; the buffer is written when it holds this many. */
const BATCH = 200;
/** Rows waiting longer than this are written anyway. */
const FLUSH_MS = 1000;
/** Past this many waiting rows (the database is down or slow), new ones are dropped, not queued. */
const MAX_PENDING = 5000;
/** Answers longer than this are not parsed or kept, only their size. */
const MAX_PARSED = 64 * 1024;
/** However busy the week, at most about this many rows are kept. */
export const MAX_ROWS = 500_000;
/** How often old rows are purged. */
const PURGE_EVERY_MS = 10 * 60_000;

/** Paths that are not Plaid's API: the dashboard, Link's own UI API, the demo, health and metrics. */
const NOT_API = ['/dashboard', '/link/api/', '/demo/', '/health', '/metrics'];

type Row = Omit<DashboardApiRequestsTable, 'id'>;

/**
 * Records every authenticated Plaid API request (POST under a Plaid or /weft path): status,
 * latency, error code and request_id, with the bodies redacted (redact.ts). Rows are buffered and
 * written in batches off the request's path, so a request pays no database write; what is older
 * than API_LOG_RETENTION_MS, and the oldest rows past MAX_ROWS, are deleted every ten minutes.
 */
export class ApiRequestLog {
  private pending: Row[] = [];
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> = Promise.resolve();
  private lastPurge = 0;
  private readonly sent = new WeakMap<FastifyRequest, string>();

  constructor(
    private readonly db: DashboardDb,
    private readonly clock: Clock,
    private readonly onError: (e: unknown) => void,
  ) {}

  /** Adds the hooks to the app; requests to every route (registered before or after) are seen. */
  install(app: WeftApp, ctx: WeftContext): void {
    app.addHook('onSend', (req, _reply, payload, done) => {
      if (isApiRequest(req) && typeof payload === 'string') this.sent.set(req, payload);
      done(null, payload);
    });
    app.addHook('onResponse', (req, reply, done) => {
      if (isApiRequest(req)) void this.record(req, reply, ctx);
      done();
    });
    app.addHook('onClose', async () => this.close());
  }

  private async record(req: FastifyRequest, reply: FastifyReply, ctx: WeftContext): Promise<void> {
    // The request's own authentication, already made by its handler in almost every case.
    const client = await ctx.auth.authenticate(req).catch(() => undefined);
    if (!client) return;
    const response = this.sent.get(req) ?? '';
    // A large answer (a page of transactions) is not parsed just to be cut: it is noted by size.
    const large = response.length > MAX_PARSED;
    let parsed: Record<string, unknown> | undefined;
    if (!large)
      try {
        parsed = JSON.parse(response) as Record<string, unknown>;
      } catch {}
    const itemOf = (v: unknown) => (typeof v === 'string' ? v : null);
    const item = parsed?.item as Record<string, unknown> | undefined;
    this.add({
      request_id: req.id,
      client_id: client.clientId,
      path: req.url.split('?')[0]!,
      status: reply.statusCode,
      latency_ms: Math.round(reply.elapsedTime),
      error_code: reply.statusCode >= 400 ? itemOf(parsed?.error_code) : null,
      item_id: itemOf(parsed?.item_id) ?? itemOf(item?.item_id),
      request_body: redactBody(req.body),
      response_body: large
        ? JSON.stringify({ note: 'not kept: too large', bytes: response.length })
        : redactBody(parsed ?? response),
      created_at: this.clock.now().toISOString(),
    });
  }

  private add(row: Row): void {
    if (this.pending.length >= MAX_PENDING) return;
    this.pending.push(row);
    if (this.pending.length >= BATCH) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), FLUSH_MS).unref();
  }

  /** Writes what is buffered (the dashboard calls it before reading, so a page shows the latest). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.writing = this.writing.then(() => this.write());
    return this.writing;
  }

  private async write(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const rows = this.pending.splice(0, BATCH);
        await this.db.insertInto('dashboard_api_requests').values(rows).execute();
      }
      await this.purge();
    } catch (e) {
      this.onError(e);
    }
  }

  /** Deletes rows past the retention, and the oldest past MAX_ROWS, at most every ten minutes. */
  async purge(force = false): Promise<void> {
    const now = this.clock.now().getTime();
    if (!force && now - this.lastPurge < PURGE_EVERY_MS) return;
    this.lastPurge = now;
    await this.db
      .deleteFrom('dashboard_api_requests')
      .where('created_at', '<', new Date(now - API_LOG_RETENTION_MS).toISOString())
      .execute();
    const newest = await this.db
      .selectFrom('dashboard_api_requests')
      .select((eb) => eb.fn.max('id').as('id'))
      .executeTakeFirst();
    const top = Number(newest?.id ?? 0);
    if (top > MAX_ROWS)
      await this.db
        .deleteFrom('dashboard_api_requests')
        .where('id', '<=', top - MAX_ROWS)
        .execute();
  }

  private async close(): Promise<void> {
    await this.flush();
  }
}

function isApiRequest(req: FastifyRequest): boolean {
  return req.method === 'POST' && !NOT_API.some((p) => req.url.startsWith(p));
}
