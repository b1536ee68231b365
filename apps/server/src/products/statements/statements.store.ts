import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Kysely } from 'kysely';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { StatementWindowsTable } from '../../db/tables/statements';
import type { TransactionsStateTable } from '../../db/tables/transactions';
import { type Clock, isoDate } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { initializeTransactions } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { monthlyStatements, type StatementLine } from './statements.ledger';
import { type NewStatement, StatementsRepository } from './statements.repository';
import {
  defaultWindow,
  type StatementMonth,
  type StatementsWindow,
  statementMonths,
} from './statements.window';

/** Account types that have statements. */
const STATEMENT_TYPES = new Set(['depository', 'credit']);

/** Whether an account has monthly statements. */
export function hasStatements(a: AccountsTable): boolean {
  return STATEMENT_TYPES.has(a.type);
}

const OpeningBalances = Type.Record(Type.String(), Type.Number());

function productsOf(item: ItemsTable): string[] {
  return JSON.parse(item.products) as string[];
}

function windowOf(row: StatementWindowsTable): StatementsWindow {
  return { startDate: row.start_date, endDate: row.end_date };
}

/**
 * Issues an Item's monthly statements into the store from its ledger (the Item's stored
 * transactions), for the months its windows cover: the window asked for at link, and each one
 * asked for by /statements/refresh. A month is issued once it is over on the day the Item's data
 * stands at and wholly inside the ledger; issued statements keep their id and contents until a
 * refresh extracts their month again. A refresh completes with STATEMENTS_REFRESH_COMPLETE
 * through the outbox, in the transaction that writes its statements.
 */
export class StatementsStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly connectors: ConnectorRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * For a new Item, in its creation transaction: records the statements window it was linked with
   * (given with statements among its optional products too, it stands for their first use), and,
   * when it asked for statements, its window (the two years up to today when none was given) and
   * its ledger when no other product started it, so statements can be issued once the history is in.
   */
  async onItemCreated(
    trx: Db,
    item: ItemsTable,
    accounts: AccountsTable[],
    window: StatementsWindow | undefined,
    daysRequested: number | undefined,
  ): Promise<void> {
    const asked = productsOf(item).includes('statements');
    if (!asked && !window) return;
    await this.addWindow(trx, item, window ?? defaultWindow(isoDate(this.clock.now())), 'link');
    if (!asked || (await new TransactionsRepository(trx).state(item.item_id))) return;
    const connector = this.connectors.get(item.connector);
    await initializeTransactions(trx, connector, item, accounts, this.clock.now(), daysRequested);
  }

  /** Gives an Item that never asked for statements its default window, on its first use of them. */
  async ensureWindow(item: ItemsTable): Promise<void> {
    if ((await new StatementsRepository(this.db).windows(item.item_id)).length > 0) return;
    await this.addWindow(this.db, item, defaultWindow(isoDate(this.clock.now())), 'link');
  }

  /** Records a /statements/refresh window, pending until its statements are extracted. */
  async addRefresh(item: ItemsTable, window: StatementsWindow): Promise<void> {
    await this.addWindow(this.db, item, window, 'refresh');
  }

  private async addWindow(
    db: Db,
    item: ItemsTable,
    window: StatementsWindow,
    source: 'link' | 'refresh',
  ): Promise<void> {
    await new StatementsRepository(db).addWindow({
      id: randomId(24),
      item_id: item.item_id,
      source,
      start_date: window.startDate,
      end_date: window.endDate,
      status: source === 'link' ? 'done' : 'pending',
      created_at: this.clock.now().toISOString(),
      completed_at: source === 'link' ? this.clock.now().toISOString() : null,
    });
  }

  /** The Item's ledger state once its whole history is in and visible; null before. */
  async readyLedger(item: ItemsTable): Promise<TransactionsStateTable | null> {
    const state = await new TransactionsRepository(this.db).state(item.item_id);
    if (!state?.historical_loaded || this.clock.now().toISOString() < state.historical_ready_at) return null;
    return state;
  }

  /**
   * Brings the Item's statements up to its ledger: issues the months of its windows not issued yet
   * and completes its pending refreshes. Does nothing before the ledger is ready.
   */
  async update(item: ItemsTable): Promise<void> {
    const state = await this.readyLedger(item);
    if (!state) return;
    const repo = new StatementsRepository(this.db);
    const windows = await repo.windows(item.item_id);
    const pending = windows.filter((w) => w.status === 'pending');
    const months = statementMonths(
      windows.filter((w) => w.status === 'done').map(windowOf),
      state.history_start,
      state.sim_date,
    );
    const accounts = (await new AccountsRepository(this.db).list(item.item_id)).filter(hasStatements);
    const issued = new Set(
      (await repo.summaries(item.item_id)).map((s) => `${s.account_id}:${s.period_start}`),
    );
    const missing = accounts.some((a) => months.some((m) => !issued.has(`${a.account_id}:${m.start}`)));
    if (!missing && pending.length === 0) return;

    const ledger = await this.ledger(item, state, accounts);
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const writer = new StatementsRepository(trx);
      const fresh = ledger(months).filter((s) => !issued.has(`${s.account_id}:${s.period_start}`));
      await writer.write(item.item_id, fresh, now, false);
      for (const w of pending) {
        const refreshed = ledger(statementMonths([windowOf(w)], state.history_start, state.sim_date));
        await writer.write(item.item_id, refreshed, now, true);
        if (await writer.completeWindow(item.item_id, w.id, now))
          await refreshComplete(trx, item, 'SUCCESS', now);
      }
    });
  }

  /**
   * Completes the Item's pending refreshes as failed (its login broke before they ran): each sends
   * STATEMENTS_REFRESH_COMPLETE with FAILURE.
   */
  async failPending(item: ItemsTable): Promise<void> {
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new StatementsRepository(trx);
      for (const w of await repo.windows(item.item_id))
        if (w.status === 'pending' && (await repo.completeWindow(item.item_id, w.id, now)))
          await refreshComplete(trx, item, 'FAILURE', now);
    });
  }

  /** Reads the accounts' posted transactions once; returns what issues their statements for some months. */
  private async ledger(
    item: ItemsTable,
    state: TransactionsStateTable,
    accounts: readonly AccountsTable[],
  ): Promise<(months: readonly StatementMonth[]) => NewStatement[]> {
    const parsed: unknown = JSON.parse(state.opening_balances);
    const opening = Value.Check(OpeningBalances, parsed) ? parsed : {};
    const rows = await new TransactionsRepository(this.db).live(
      item.item_id,
      accounts.map((a) => a.account_id),
    );
    const byAccount = new Map<string, StatementLine[]>();
    for (const t of rows) {
      if (t.pending) continue;
      const list = byAccount.get(t.account_id) ?? [];
      list.push({ transaction_id: t.transaction_id, date: t.date, name: t.name, amount: Number(t.amount) });
      byAccount.set(t.account_id, list);
    }
    return (months) =>
      accounts.flatMap((a) =>
        monthlyStatements(
          {
            accountId: a.account_id,
            type: a.type,
            currency: a.iso_currency_code,
            opening: opening[a.account_id] ?? 0,
          },
          byAccount.get(a.account_id) ?? [],
          months,
        ).map((s) => ({
          statement_id: randomId(37),
          item_id: item.item_id,
          account_id: s.accountId,
          year: s.month.year,
          month: s.month.month,
          period_start: s.month.start,
          period_end: s.month.end,
          date_posted: s.month.end,
          iso_currency_code: s.currency,
          opening_balance: s.opening,
          closing_balance: s.closing,
          lines: s.lines,
        })),
      );
  }
}

/** STATEMENTS_REFRESH_COMPLETE for the Item, in the caller's transaction. */
function refreshComplete(
  trx: Db,
  item: ItemsTable,
  result: 'SUCCESS' | 'FAILURE',
  now: string,
): Promise<number> {
  return new OutboxRepository(trx).enqueue(
    {
      clientId: item.client_id,
      itemId: item.item_id,
      webhookType: 'STATEMENTS',
      webhookCode: 'STATEMENTS_REFRESH_COMPLETE',
      payload: { item_id: item.item_id, result, environment: item.env },
    },
    now,
    Boolean(item.webhook),
  );
}
