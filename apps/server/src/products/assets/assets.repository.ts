import type { Updateable } from 'kysely';
import type { Db } from '../../db/schema';
import type { AssetReportAuditCopiesTable, AssetReportsTable } from '../../db/tables/asset-reports';

/**
 * Asset reports and audit copies. Every read and change an app makes is scoped by its client; only
 * the worker's methods (`due`, `claim`, `settle`) reach across clients, to build what is pending.
 */
export class AssetReportsRepository {
  constructor(private readonly db: Db) {}

  /** Adds a report. */
  async insert(row: AssetReportsTable): Promise<void> {
    await this.db.insertInto('asset_reports').values(row).execute();
  }

  /** The client's report with this token digest. */
  byToken(clientId: string, tokenHash: string): Promise<AssetReportsTable | undefined> {
    return this.db
      .selectFrom('asset_reports')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** The client's report with this id. */
  byId(clientId: string, reportId: string): Promise<AssetReportsTable | undefined> {
    return this.db
      .selectFrom('asset_reports')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('asset_report_id', '=', reportId)
      .executeTakeFirst();
  }

  /** Removes the client's report (its audit copies go with it); whether there was one. */
  async remove(clientId: string, reportId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('asset_reports')
      .where('client_id', '=', clientId)
      .where('asset_report_id', '=', reportId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** Pending reports not handed to the queue since `staleBefore` (or never), oldest first. */
  due(staleBefore: string, limit: number): Promise<AssetReportsTable[]> {
    return this.db
      .selectFrom('asset_reports')
      .selectAll()
      .where('status', '=', 'pending')
      .where((eb) => eb.or([eb('dispatched_at', 'is', null), eb('dispatched_at', '<', staleBefore)]))
      .orderBy('created_at')
      .orderBy('asset_report_id')
      .limit(limit)
      .execute();
  }

  /** Marks a pending report handed to the queue, unless another worker did since it was read. */
  async claim(report: AssetReportsTable, at: string): Promise<boolean> {
    let q = this.db
      .updateTable('asset_reports')
      .set({ dispatched_at: at })
      .where('asset_report_id', '=', report.asset_report_id)
      .where('status', '=', 'pending');
    q =
      report.dispatched_at === null
        ? q.where('dispatched_at', 'is', null)
        : q.where('dispatched_at', '=', report.dispatched_at);
    return Number((await q.executeTakeFirst()).numUpdatedRows) === 1;
  }

  /** A report by id, for the worker. */
  find(reportId: string): Promise<AssetReportsTable | undefined> {
    return this.db
      .selectFrom('asset_reports')
      .selectAll()
      .where('asset_report_id', '=', reportId)
      .executeTakeFirst();
  }

  /** Records what a build produced while the report is still pending; whether it was. */
  async settle(reportId: string, change: Updateable<AssetReportsTable>): Promise<boolean> {
    const r = await this.db
      .updateTable('asset_reports')
      .set(change)
      .where('asset_report_id', '=', reportId)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Adds an audit copy. */
  async insertAuditCopy(row: AssetReportAuditCopiesTable): Promise<void> {
    await this.db.insertInto('asset_report_audit_copies').values(row).execute();
  }

  /** The audit copy with this token digest that `auditorId` may read. */
  auditCopyForAuditor(
    auditorId: string,
    tokenHash: string,
  ): Promise<AssetReportAuditCopiesTable | undefined> {
    return this.db
      .selectFrom('asset_report_audit_copies')
      .selectAll()
      .where('auditor_id', '=', auditorId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Removes the client's audit copy with this token digest; whether there was one. */
  async removeAuditCopy(clientId: string, tokenHash: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('asset_report_audit_copies')
      .where('client_id', '=', clientId)
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
