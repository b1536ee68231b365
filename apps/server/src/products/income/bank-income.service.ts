import { createHash, randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/institutions';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { UsersTable } from '../../db/tables/income';
import { detectIncome, type IncomeInput } from '../../engines/income/income';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { dateOf, dayNumber } from '../../lib/days';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { AccountDetailsStore } from '../items/account-details.store';
import { ItemsRepository } from '../items/items.repository';
import { initializeTransactions, loadHistory } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { UsersRepository } from '../users/users.repository';
import type { BankIncomeReportData, ReportItem } from './bank-income.report';
import { BankIncomeRepository, type StoredReport } from './bank-income.repository';

/** Days a bank income report looks back when the Link session named none. */
export const DEFAULT_BANK_INCOME_DAYS = 90;

/** A UUID-shaped id that is always the same for the same name. */
function stableUuid(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** The id of a detected source: the same payer keeps its id across reports. */
function sourceId(userId: string, itemId: string, key: string): string {
  return stableUuid(`${userId}|${itemId}|${key}`);
}

/**
 * Bank Income: reports of a user's income, detected (engines/income) in the deposits the store
 * holds for the Items the user linked for bank income.
 */
export class BankIncomeService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /** The user's latest `count` reports, newest first; the first read makes the first report. */
  async get(user: UsersTable, count: number): Promise<StoredReport[]> {
    const repo = new BankIncomeRepository(this.db);
    const reports = await repo.latest(user, count);
    if (reports.length > 0) return reports;
    const links = await new UsersRepository(this.db).items(user, 'bank');
    if (links.length === 0) return [];
    // The first report has an id of its own: reads that make it at once store one, and all answer it.
    const report = await this.generate(user, links[0]!.days_requested, stableUuid(`${user.user_id}|first`));
    await repo.insert(user, report);
    return repo.latest(user, count);
  }

  /**
   * Makes a new report from the Items' data as the store holds it now, and tells the app with
   * INCOME BANK_INCOME_REFRESH_COMPLETE, written in the same transaction as the report.
   */
  async refresh(user: UsersTable, daysRequested: number | undefined): Promise<void> {
    const links = await new UsersRepository(this.db).items(user, 'bank');
    if (links.length === 0)
      throw new PlaidError('PRODUCT_NOT_READY', 'the user has no Item linked for bank income');
    const report = await this.generate(user, daysRequested ?? links[0]!.days_requested);
    const first = await new ItemsRepository(this.db).find(user.client_id, links[0]!.item_id);
    await this.db.transaction().execute(async (trx) => {
      await new BankIncomeRepository(trx).insert(user, report);
      await new OutboxRepository(trx).enqueue(
        {
          clientId: user.client_id,
          itemId: first?.item_id ?? null,
          webhookType: 'INCOME',
          webhookCode: 'BANK_INCOME_REFRESH_COMPLETE',
          payload: { user_id: user.user_id, result: 'SUCCESS', environment: user.env },
        },
        report.generatedAt,
        Boolean(first?.webhook),
      );
    });
  }

  /** A report over the last `daysRequested` days of every Item the user linked for bank income. */
  async generate(
    user: UsersTable,
    daysRequested: number,
    bankIncomeId: string = randomUUID(),
  ): Promise<StoredReport> {
    const now = this.clock.now();
    const items: ReportItem[] = [];
    let start: string | null = null;
    let end: string | null = null;
    for (const link of await new UsersRepository(this.db).items(user, 'bank')) {
      const item = await new ItemsRepository(this.db).find(user.client_id, link.item_id);
      if (!item) continue;
      const day = await this.readyDay(item, now);
      const window = { start: dateOf(dayNumber(day) - daysRequested + 1), end: day };
      if (start === null || window.start < start) start = window.start;
      if (end === null || window.end > end) end = window.end;
      items.push(await this.reportItem(user, item, window, now));
    }
    const today = now.toISOString().slice(0, 10);
    const data: BankIncomeReportData = { window: { start: start ?? today, end: end ?? today }, items };
    return { bankIncomeId, daysRequested, generatedAt: now.toISOString(), data };
  }

  /** Completes the Item's transaction history if it is not in the store yet; returns its day. */
  private async readyDay(item: ItemsTable, now: Date): Promise<string> {
    const connector = this.connectors.get(item.connector);
    const repo = new TransactionsRepository(this.db);
    if (!(await repo.state(item.item_id)))
      await this.db.transaction().execute(async (trx) => {
        if (await new TransactionsRepository(trx).state(item.item_id)) return;
        const accounts = await new AccountsRepository(trx).listAll(item.item_id);
        await initializeTransactions(trx, connector, item, accounts, now);
      });
    let state = (await repo.state(item.item_id))!;
    if (!state.historical_loaded) {
      await loadHistory(this.db, connector, item, now);
      state = (await repo.state(item.item_id))!;
    }
    return state.sim_date ?? now.toISOString().slice(0, 10);
  }

  private async reportItem(
    user: UsersTable,
    item: ItemsTable,
    window: { start: string; end: string },
    now: Date,
  ): Promise<ReportItem> {
    const accounts = (await new AccountsRepository(this.db).list(item.item_id)).filter(
      (a) => a.type === 'depository',
    );
    const owners = await new AccountDetailsStore(this.db, this.connectors, this.clock).owners(item, accounts);
    const rows = await new TransactionsRepository(this.db).live(
      item.item_id,
      accounts.map((a) => a.account_id),
    );
    const inputs: IncomeInput[] = rows.map((t) => ({
      id: t.transaction_id,
      accountId: t.account_id,
      date: t.date,
      amount: t.amount,
      description: t.name,
      merchantName: t.merchant_name,
      pfcDetailed: t.pfc_detailed,
      pending: t.pending === 1,
    }));
    const checkNumbers = new Map(rows.map((t) => [t.transaction_id, t.check_number]));
    const currency = new Map(accounts.map((a) => [a.account_id, a.iso_currency_code]));
    const error = item.error ? (JSON.parse(item.error) as Record<string, unknown>) : null;
    return {
      item_id: item.item_id,
      institution_id: item.institution_id,
      institution_name: findInstitution(item.institution_id)?.name ?? item.institution_id,
      last_updated_time: now.toISOString(),
      accounts: accounts.map((a, i) => ({
        account_id: a.account_id,
        mask: a.mask,
        name: a.name,
        official_name: a.official_name,
        subtype: a.subtype ?? 'checking',
        currency: a.iso_currency_code,
        owners: owners[i] ?? [],
      })),
      sources: detectIncome(inputs, window).map((s) => ({
        income_source_id: sourceId(user.user_id, item.item_id, s.key),
        account_id: s.accountId,
        description: s.description,
        category: s.category,
        pay_frequency: s.payFrequency,
        start_date: s.startDate,
        end_date: s.endDate,
        next_pay_date: s.nextPayDate,
        currency: currency.get(s.accountId) ?? 'USD',
        total: s.total,
        transaction_count: s.transactions.length,
        months: s.months.map((m) => ({
          start_date: m.start,
          end_date: m.end,
          total: m.total,
          transactions: m.transactions.map((t) => ({
            transaction_id: t.id,
            date: t.date,
            amount: -t.amount,
            name: t.description,
            pending: t.pending,
            check_number: checkNumbers.get(t.id) ?? null,
          })),
        })),
      })),
      error: error
        ? {
            error_type: String(error.error_type),
            error_code: String(error.error_code),
            error_message: String(error.error_message),
            display_message: typeof error.display_message === 'string' ? error.display_message : null,
          }
        : null,
    };
  }
}
