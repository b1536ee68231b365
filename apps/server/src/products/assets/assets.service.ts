import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { AssetReportsTable } from '../../db/tables/asset-reports';
import { errors, PlaidError } from '../../http/errors';
import { requireHttpUrl } from '../../http/url-fields';
import type { Clock } from '../../lib/clock';
import { randomId, sha256 } from '../../lib/ids';
import type { ItemsService } from '../items/items.service';
import { AssetReportsRepository } from './assets.repository';
import type {
  AddOn,
  AssetReportCreateBody,
  AssetReportFilterBody,
  AssetReportRefreshBody,
} from './assets.schemas';
import { parseSnapshot, parseStoredError, parseStringList, type ReportSnapshot } from './assets.snapshot';

/** Plaid's bounds on an Asset Report's days and Items. */
export const MAX_DAYS = 731;
const MAX_ACCESS_TOKENS = 99;

const REPORT_TOKEN_RE =
  /^assets-(sandbox|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const AUDIT_TOKEN_RE = /^a-(sandbox|production)-[A-Za-z0-9]{26}$/;

/** A built report as a read shows it: the row and the snapshot asked for. */
export interface ReportView {
  report: AssetReportsTable;
  snapshot: ReportSnapshot;
  fast: boolean;
  includeInsights: boolean;
  daysToInclude: number | undefined;
}

/** The error a report whose build failed answers with (stored as Plaid's error object). */
function storedError(report: AssetReportsTable): PlaidError {
  const stored = report.error ? parseStoredError(report.error) : null;
  return new PlaidError(stored?.error_code ?? 'ASSET_REPORT_GENERATION_FAILED', stored?.error_message, {
    type: 'ASSET_REPORT_ERROR',
    status: 400,
  });
}

/** PRODUCT_NOT_READY as Assets answers it, while a report builds. */
function notReady(): PlaidError {
  return new PlaidError('PRODUCT_NOT_READY', 'the requested Asset Report is not yet ready', {
    type: 'ASSET_REPORT_ERROR',
  });
}

function checkDays(field: string, days: number | undefined): void {
  if (days !== undefined && (days < 0 || days > MAX_DAYS))
    throw errors.invalidField(`${field} must be an integer between 0 and ${MAX_DAYS}`);
}

/**
 * Assets: Asset Reports over several of a client's Items, built in the background by the assets
 * worker (see assets.jobs.ts), read as JSON or PDF, refreshed, filtered, removed and shared with an
 * auditor through audit copies. Reports and copies are reached only by their tokens, each scoped
 * to the client that made it (an audit copy: to its auditor).
 */
export class AssetsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
    /** Tells this process's worker there is a report to build (a no-op where no worker runs). */
    private readonly wake: () => void,
  ) {}

  private repo(): AssetReportsRepository {
    return new AssetReportsRepository(this.db);
  }

  /** /asset_report/create: checks the request and its Items, then queues the report's build. */
  async create(clientId: string, body: AssetReportCreateBody): Promise<{ token: string; id: string }> {
    const tokens = body.access_tokens;
    if (tokens === undefined) throw errors.missingFields(['access_tokens']);
    if (tokens.length === 0 || tokens.length > MAX_ACCESS_TOKENS)
      throw errors.invalidField(`access_tokens must hold between 1 and ${MAX_ACCESS_TOKENS} access tokens`);
    checkDays('days_requested', body.days_requested);
    const options = body.options ?? {};
    requireHttpUrl('webhook', options.webhook);
    const itemIds: string[] = [];
    let env = '';
    for (const token of new Set(tokens)) {
      const item = await this.items.resolve(clientId, token);
      const products = JSON.parse(item.products) as string[];
      if (!products.includes('assets'))
        throw new PlaidError(
          'PRODUCT_NOT_ENABLED',
          `the 'assets' product is not enabled for the following access tokens: ${token}`,
        );
      if (!itemIds.includes(item.item_id)) itemIds.push(item.item_id);
      env = item.env;
    }
    const addOns: AddOn[] = [...new Set(options.add_ons ?? [])];
    if (options.include_fast_report && !addOns.includes('fast_assets')) addOns.push('fast_assets');
    return this.insert(clientId, env, {
      origin: 'create',
      parent_report_id: null,
      days_requested: body.days_requested,
      client_report_id: options.client_report_id ?? null,
      webhook: options.webhook || null,
      user: JSON.stringify(options.user ?? {}),
      add_ons: JSON.stringify(addOns),
      require_all_items: options.require_all_items === false ? 0 : 1,
      item_ids: JSON.stringify(itemIds),
      account_ids_to_exclude: '[]',
    });
  }

  /** /asset_report/refresh: a new report over the same Items, with today's data. */
  async refresh(clientId: string, body: AssetReportRefreshBody): Promise<{ token: string; id: string }> {
    checkDays('days_requested', body.days_requested);
    const parent = await this.byToken(clientId, body.asset_report_token);
    const options = body.options ?? {};
    requireHttpUrl('webhook', options.webhook);
    return this.insert(clientId, parent.env, {
      origin: 'refresh',
      parent_report_id: parent.asset_report_id,
      days_requested: body.days_requested ?? parent.days_requested,
      client_report_id: options.client_report_id ?? parent.client_report_id,
      webhook: options.webhook || parent.webhook,
      user: options.user ? JSON.stringify(options.user) : parent.user,
      add_ons: parent.add_ons,
      require_all_items: parent.require_all_items,
      item_ids: parent.item_ids,
      account_ids_to_exclude: parent.account_ids_to_exclude,
    });
  }

  /** /asset_report/filter: a new report with the parent's data less some accounts. */
  async filter(clientId: string, body: AssetReportFilterBody): Promise<{ token: string; id: string }> {
    const parent = await this.byToken(clientId, body.asset_report_token);
    if (parent.status === 'pending') throw notReady();
    if (parent.status === 'error') throw new PlaidError('INVALID_PARENT');
    const known = new Set(
      parseSnapshot(parent.report!).items.flatMap((i) => i.accounts.map((a) => a.accountId)),
    );
    const unknown = body.account_ids_to_exclude.filter((id) => !known.has(id));
    if (unknown.length > 0)
      throw new PlaidError(
        'INVALID_ACCOUNT_ID',
        `account_ids_to_exclude names accounts not in the report: ${unknown.join(', ')}`,
      );
    const excluded = [
      ...new Set([...parseStringList(parent.account_ids_to_exclude), ...body.account_ids_to_exclude]),
    ];
    return this.insert(clientId, parent.env, {
      origin: 'filter',
      parent_report_id: parent.asset_report_id,
      days_requested: parent.days_requested,
      client_report_id: parent.client_report_id,
      webhook: parent.webhook,
      user: parent.user,
      add_ons: parent.add_ons,
      require_all_items: parent.require_all_items,
      item_ids: parent.item_ids,
      account_ids_to_exclude: JSON.stringify(excluded),
    });
  }

  /** /asset_report/remove: the report goes, and its audit copies with it. */
  async remove(clientId: string, token: string): Promise<void> {
    const report = await this.byToken(clientId, token);
    await this.repo().remove(clientId, report.asset_report_id);
  }

  /** /asset_report/get: the built report (or its fast version). */
  async get(
    clientId: string,
    token: string | undefined,
    opts: { fastReport?: boolean; includeInsights?: boolean; daysToInclude?: number },
  ): Promise<ReportView> {
    if (token === undefined) throw errors.missingFields(['asset_report_token']);
    checkDays('options.days_to_include', opts.daysToInclude);
    return this.view(await this.byToken(clientId, token), opts);
  }

  /** /asset_report/audit_copy/create: a copy of a built report that the auditor's client id may read. */
  async createAuditCopy(clientId: string, token: string, auditorId: string | undefined): Promise<string> {
    if (!auditorId) throw errors.missingFields(['auditor_id']);
    const report = await this.byToken(clientId, token);
    if (report.status === 'pending') throw notReady();
    if (report.status === 'error') throw new PlaidError('INVALID_PARENT');
    const auditToken = `a-${report.env}-${randomId(26)}`;
    await this.repo().insertAuditCopy({
      token_hash: sha256(auditToken),
      asset_report_id: report.asset_report_id,
      client_id: clientId,
      auditor_id: auditorId,
      created_at: this.clock.now().toISOString(),
    });
    return auditToken;
  }

  /** /asset_report/audit_copy/get and pdf/get: the copied report, for its auditor only. */
  async auditCopy(auditorId: string, auditToken: string, daysToInclude?: number): Promise<ReportView> {
    checkDays('options.days_to_include', daysToInclude);
    if (!AUDIT_TOKEN_RE.test(auditToken)) throw new PlaidError('INVALID_AUDIT_COPY_TOKEN');
    const repo = this.repo();
    const copy = await repo.auditCopyForAuditor(auditorId, sha256(auditToken));
    const report = copy && (await repo.byId(copy.client_id, copy.asset_report_id));
    if (!report) throw new PlaidError('INVALID_AUDIT_COPY_TOKEN');
    return this.view(report, { daysToInclude });
  }

  /** /asset_report/audit_copy/remove: by the client that made the copy. */
  async removeAuditCopy(clientId: string, auditToken: string): Promise<void> {
    if (
      !AUDIT_TOKEN_RE.test(auditToken) ||
      !(await this.repo().removeAuditCopy(clientId, sha256(auditToken)))
    )
      throw new PlaidError('INVALID_AUDIT_COPY_TOKEN');
  }

  private view(
    report: AssetReportsTable,
    opts: { fastReport?: boolean; includeInsights?: boolean; daysToInclude?: number },
  ): ReportView {
    if (report.status === 'error') throw storedError(report);
    const base = {
      report,
      includeInsights: opts.includeInsights === true,
      daysToInclude: opts.daysToInclude,
    };
    if (opts.fastReport) {
      if (!parseStringList(report.add_ons).includes('fast_assets'))
        throw errors.invalidField('fast_report requires a report created with the fast_assets add-on');
      if (!report.fast_report) throw notReady();
      return { ...base, snapshot: parseSnapshot(report.fast_report), fast: true };
    }
    if (report.status !== 'ready' || !report.report) throw notReady();
    return { ...base, snapshot: parseSnapshot(report.report), fast: false };
  }

  private async byToken(clientId: string, token: string): Promise<AssetReportsTable> {
    if (!REPORT_TOKEN_RE.test(token)) throw new PlaidError('INVALID_ASSET_REPORT_TOKEN');
    const report = await this.repo().byToken(clientId, sha256(token));
    if (!report || !token.startsWith(`assets-${report.env}-`))
      throw new PlaidError('INVALID_ASSET_REPORT_TOKEN');
    return report;
  }

  private async insert(
    clientId: string,
    env: string,
    fields: Pick<
      AssetReportsTable,
      | 'origin'
      | 'parent_report_id'
      | 'days_requested'
      | 'client_report_id'
      | 'webhook'
      | 'user'
      | 'add_ons'
      | 'require_all_items'
      | 'item_ids'
      | 'account_ids_to_exclude'
    >,
  ): Promise<{ token: string; id: string }> {
    const token = `assets-${env}-${randomUUID()}`;
    const id = randomUUID();
    const now = this.clock.now().toISOString();
    await this.repo().insert({
      asset_report_id: id,
      client_id: clientId,
      token_hash: sha256(token),
      env,
      status: 'pending',
      ...fields,
      fast_report: null,
      report: null,
      error: null,
      dispatched_at: null,
      date_generated: null,
      created_at: now,
      updated_at: now,
    });
    this.wake();
    return { token, id };
  }
}
