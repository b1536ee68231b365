import type { Db } from '../../db/schema';
import type { UsersTable } from '../../db/tables/income';
import { type BankIncomeReportData, parseReport } from './bank-income.report';

/** A stored bank income report, parsed. */
export interface StoredReport {
  bankIncomeId: string;
  daysRequested: number;
  generatedAt: string;
  data: BankIncomeReportData;
}

/** Bank income reports of a client's users; every method is scoped by the (client's) user. */
export class BankIncomeRepository {
  constructor(private readonly db: Db) {}

  /** Adds a report of the user; a report whose id is already stored is left as it is. */
  async insert(user: UsersTable, report: StoredReport): Promise<void> {
    await this.db
      .insertInto('bank_income_reports')
      .values({
        bank_income_id: report.bankIncomeId,
        user_id: user.user_id,
        days_requested: report.daysRequested,
        data: JSON.stringify(report.data),
        generated_at: report.generatedAt,
      })
      .onConflict((oc) => oc.column('bank_income_id').doNothing())
      .execute();
  }

  /** The user's `count` latest reports, newest first. */
  async latest(user: UsersTable, count: number): Promise<StoredReport[]> {
    const rows = await this.db
      .selectFrom('bank_income_reports')
      .innerJoin('users', 'users.user_id', 'bank_income_reports.user_id')
      .selectAll('bank_income_reports')
      .where('users.client_id', '=', user.client_id)
      .where('bank_income_reports.user_id', '=', user.user_id)
      .orderBy('bank_income_reports.generated_at', 'desc')
      .orderBy('bank_income_reports.bank_income_id', 'desc')
      .limit(count)
      .execute();
    return rows.map((r) => ({
      bankIncomeId: r.bank_income_id,
      daysRequested: r.days_requested,
      generatedAt: r.generated_at,
      data: parseReport(r.data),
    }));
  }
}
