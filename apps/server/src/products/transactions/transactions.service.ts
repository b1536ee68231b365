import type { Kysely } from 'kysely';
import type { Connector } from '../../connectors/connector';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsStateTable, TransactionsTable } from '../../db/tables/transactions';
import { errors, PlaidError } from '../../http/errors';
import { ConcurrencyLimit } from '../../jobs/concurrency-limit';
import { balanceSign } from '../../lib/balance-sign';
import { type Clock, isoDate } from '../../lib/clock';
import { dateOf, dayNumber } from '../../lib/days';
import { toMinor } from '../../lib/money';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import type { ItemsService } from '../items/items.service';
import { decodeCursor, encodeCursor, type SyncCursor } from './sync-cursor';
import {
  type CatchUpResult,
  carriesTransactions,
  catchUp,
  initializeTransactions,
  loadHistory,
  notifySyncUpdates,
} from './transactions.pull';
import { TransactionsRepository } from './transactions.repository';
import { buildRow, transactionId } from './transactions.rows';

/**
 * History loads run one at a time in a process (a read of an Item whose load is running waits for
 * it): forty started together would each take their next chunk in the same turn of the loop.
 */
const historyLoads = new ConcurrencyLimit(1);

/** Plaid's transactions update status. */
export type UpdateStatus = 'NOT_READY' | 'INITIAL_UPDATE_COMPLETE' | 'HISTORICAL_UPDATE_COMPLETE';

/** One /transactions/sync page. */
export interface SyncPage {
  item: ItemsTable;
  accounts: AccountsTable[];
  added: TransactionsTable[];
  modified: TransactionsTable[];
  removed: TransactionsTable[];
  nextCursor: string;
  hasMore: boolean;
  status: UpdateStatus;
}

/** Transactions of Items: sync, get, refresh, the sandbox clock and sandbox-created transactions. */
export class TransactionsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly items: ItemsService,
    private readonly connectors: ConnectorRegistry,
  ) {}

  private connectorOf(item: ItemsTable): Connector {
    return this.connectors.get(item.connector);
  }

  /** Starts transactions for a new Item (inside its creation transaction) when it asked for them. */
  async onItemCreated(
    trx: Parameters<typeof initializeTransactions>[0],
    item: ItemsTable,
    accounts: AccountsTable[],
    daysRequested?: number,
  ): Promise<void> {
    const products = JSON.parse(item.products) as string[];
    // An Item its connector populated at creation (statement files) has its transactions already.
    if (!products.includes('transactions') || (await new TransactionsRepository(trx).state(item.item_id)))
      return;
    await initializeTransactions(
      trx,
      this.connectorOf(item),
      item,
      accounts,
      this.clock.now(),
      daysRequested,
    );
  }

  /**
   * The Item's state. An Item that never asked for transactions starts pulling now (as Plaid does
   * on the first call), and a historical pull that is due is completed before anything is read.
   */
  private async stateOf(item: ItemsTable, daysRequested?: number): Promise<TransactionsStateTable> {
    const repo = new TransactionsRepository(this.db);
    let state = await repo.state(item.item_id);
    const connector = this.connectorOf(item);
    if (!state) {
      await this.db.transaction().execute(async (trx) => {
        if (await new TransactionsRepository(trx).state(item.item_id)) return;
        const accounts = await new AccountsRepository(trx).listAll(item.item_id);
        await initializeTransactions(trx, connector, item, accounts, this.clock.now(), daysRequested);
      });
      state = (await repo.state(item.item_id))!;
    }
    const now = this.clock.now();
    if (!state.historical_loaded && now.toISOString() >= state.historical_ready_at) {
      await historyLoads.run(item.item_id, () => loadHistory(this.db, connector, item, now));
      state = (await repo.state(item.item_id))!;
    }
    return state;
  }

  /** Completes historical pulls that are due (the worker calls this; reads do it for their Item too). */
  async loadDueHistories(limit = 20): Promise<number> {
    const now = this.clock.now();
    const due = await this.db
      .selectFrom('transactions_state')
      .innerJoin('items', 'items.item_id', 'transactions_state.item_id')
      .selectAll('items')
      .where('transactions_state.historical_loaded', '=', 0)
      .where('transactions_state.historical_ready_at', '<=', now.toISOString())
      .limit(limit)
      .execute();
    let loaded = 0;
    for (const item of due)
      if (await historyLoads.run(item.item_id, () => loadHistory(this.db, this.connectorOf(item), item, now)))
        loaded++;
    return loaded;
  }

  /**
   * What the app may see now: pull status and the highest visible version. A history still being
   * stored stays out of sight, whatever the time.
   */
  private visibility(state: TransactionsStateTable): { status: UpdateStatus; head: number } {
    const now = this.clock.now().toISOString();
    if (now < state.initial_ready_at) return { status: 'NOT_READY', head: 0 };
    if (now < state.historical_ready_at || !state.historical_loaded)
      return { status: 'INITIAL_UPDATE_COMPLETE', head: state.initial_seq };
    return { status: 'HISTORICAL_UPDATE_COMPLETE', head: state.seq };
  }

  private async visibleAccounts(item: ItemsTable): Promise<AccountsTable[]> {
    return (await new AccountsRepository(this.db).list(item.item_id)).filter(carriesTransactions);
  }

  /** /transactions/sync: the changes after `cursor`, at most `count`, in version order. */
  async sync(
    clientId: string,
    accessToken: string,
    cursorText: string | undefined,
    count: number,
    accountId?: string,
    daysRequested?: number,
  ): Promise<SyncPage> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const state = await this.stateOf(item, daysRequested);
    const { status, head } = this.visibility(state);
    const accounts = await this.visibleAccounts(item);
    if (accountId && !accounts.some((a) => a.account_id === accountId)) throw errors.invalidAccountId();
    const empty = { item, accounts, added: [], modified: [], removed: [], hasMore: false, status };
    if (head === 0) return { ...empty, nextCursor: '' };

    let cursor: SyncCursor;
    if (!cursorText) cursor = { from: 0, run: null, accountId: accountId ?? null };
    else if (cursorText === 'now')
      return {
        ...empty,
        nextCursor: encodeCursor(item.item_id, { from: head, run: null, accountId: accountId ?? null }),
      };
    else cursor = decodeCursor(item.item_id, cursorText);
    if ((cursor.accountId ?? undefined) !== accountId)
      throw new PlaidError('INVALID_FIELD', 'cursor was created for a different account_id');
    if (cursor.run && cursor.run.seq !== state.seq)
      throw new PlaidError('TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION');

    // A cursor never moves backwards, even if it is ahead of what is visible right now.
    const to = cursor.run?.to ?? Math.max(head, cursor.from);
    const after = cursor.run ? { version: cursor.run.afterVersion, id: cursor.run.afterId } : null;
    const rows = await new TransactionsRepository(this.db).changes(
      item.item_id,
      cursor.from,
      to,
      after,
      count + 1,
      accountId,
    );
    const hasMore = rows.length > count;
    const pageRows = hasMore ? rows.slice(0, count) : rows;
    const visible = new Set(accounts.map((a) => a.account_id));
    const page = {
      added: [] as TransactionsTable[],
      modified: [] as TransactionsTable[],
      removed: [] as TransactionsTable[],
    };
    for (const r of pageRows) {
      if (!visible.has(r.account_id)) continue;
      const isNew = r.added_version > cursor.from;
      // A row added and removed since the cursor was never seen: nothing to report.
      if (r.removed) {
        if (!isNew) page.removed.push(r);
      } else (isNew ? page.added : page.modified).push(r);
    }
    const last = pageRows[pageRows.length - 1];
    const nextCursor = encodeCursor(
      item.item_id,
      hasMore && last
        ? {
            from: cursor.from,
            accountId: accountId ?? null,
            run: { to, seq: state.seq, afterVersion: last.version, afterId: last.transaction_id },
          }
        : { from: to, accountId: accountId ?? null, run: null },
    );
    return { item, accounts, ...page, nextCursor, hasMore, status };
  }

  /** /transactions/get: live transactions between two dates, newest first. */
  async get(
    clientId: string,
    accessToken: string,
    opts: {
      start: string;
      end: string;
      accountIds?: string[];
      count: number;
      offset: number;
      daysRequested?: number;
    },
  ): Promise<{
    item: ItemsTable;
    accounts: AccountsTable[];
    transactions: TransactionsTable[];
    total: number;
  }> {
    if (opts.start > opts.end)
      throw new PlaidError('INVALID_FIELD', 'start_date must be on or before end_date');
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const state = await this.stateOf(item);
    const { head } = this.visibility(state);
    if (head === 0) throw errors.productNotReady();
    const repoAccounts = new AccountsRepository(this.db);
    const accounts = opts.accountIds
      ? await listFiltered(repoAccounts, item.item_id, opts.accountIds)
      : await this.visibleAccounts(item);
    const { rows, total } = await new TransactionsRepository(this.db).between(item.item_id, {
      start: opts.start,
      end: opts.end,
      accountIds: accounts.map((a) => a.account_id),
      maxVersion: head,
      offset: opts.offset,
      count: opts.count,
    });
    return { item, accounts, transactions: rows, total };
  }

  /** Live transactions for recurring detection, once the pull is complete. */
  async forRecurring(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<{
    item: ItemsTable;
    accounts: AccountsTable[];
    transactions: TransactionsTable[];
    updatedAt: string;
  }> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const state = await this.stateOf(item);
    if (this.visibility(state).status !== 'HISTORICAL_UPDATE_COMPLETE') throw errors.productNotReady();
    const accounts = accountIds
      ? await listFiltered(new AccountsRepository(this.db), item.item_id, accountIds)
      : await this.visibleAccounts(item);
    const transactions = await new TransactionsRepository(this.db).live(
      item.item_id,
      accounts.map((a) => a.account_id),
    );
    return { item, accounts, transactions, updatedAt: state.updated_at };
  }

  /**
   * /transactions/refresh: completes a pull still in progress and catches the Item up to today,
   * reading its source on demand (Plaid's dynamic sandbox user then moves a day forward).
   */
  async refresh(clientId: string, accessToken: string): Promise<void> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const state = await this.stateOf(item);
    await this.moveTo(item, state.clock_offset_days, true);
  }

  /** The sandbox clock: advances an Item's simulated time by `days`. */
  async advance(
    clientId: string,
    accessToken: string,
    days: number,
  ): Promise<CatchUpResult & { item: ItemsTable }> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    if (item.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
    const state = await this.stateOf(item);
    return { ...(await this.moveTo(item, state.clock_offset_days + days, false)), item };
  }

  private async moveTo(item: ItemsTable, offsetDays: number, onDemand: boolean): Promise<CatchUpResult> {
    const now = this.clock.now();
    const target = dateOf(dayNumber(isoDate(now)) + offsetDays);
    const connector = this.connectorOf(item);
    // Moving time completes a pull still in progress: the history lands before anything new.
    await loadHistory(this.db, connector, item, now);
    return this.db.transaction().execute(async (trx) => {
      // Re-read inside the transaction: a concurrent advance must not apply the same days twice.
      const state = (await new TransactionsRepository(trx).state(item.item_id, true))!;
      return catchUp(trx, connector, item, state, target, now, onDemand);
    });
  }

  /** /sandbox/transactions/create: adds the given transactions to the Item's first depository account. */
  async createSandbox(
    clientId: string,
    accessToken: string,
    txs: {
      date_transacted: string;
      date_posted: string;
      amount: number;
      description: string;
      iso_currency_code?: string;
    }[],
  ): Promise<void> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    if (item.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
    const state = await this.stateOf(item);
    const accounts = await this.visibleAccounts(item);
    const account = accounts.find((a) => a.type === 'depository') ?? accounts[0];
    if (!account) throw new PlaidError('NO_ACCOUNTS');
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const repo = new TransactionsRepository(trx);
      const fresh = (await repo.state(item.item_id, true)) ?? state;
      const version = fresh.seq + 1;
      const rows = txs.map((t, i) => {
        const pending = t.date_posted > fresh.sim_date;
        return buildRow({
          itemId: item.item_id,
          accountId: account.account_id,
          accountType: account.type,
          currency: t.iso_currency_code ?? account.iso_currency_code,
          transactionId: transactionId(
            item.item_id,
            `sandbox:${version}:${i}`,
            pending ? 'pending' : 'posted',
          ),
          eventKey: null,
          description: t.description,
          amount: toMinor(t.amount, t.iso_currency_code ?? account.iso_currency_code),
          pending,
          pendingTransactionId: null,
          date: pending ? t.date_transacted : t.date_posted,
          authorizedDate: t.date_transacted,
          minute: null,
          location: null,
          mcc: null,
          series: null,
          version,
          addedVersion: version,
          now,
        });
      });
      await repo.insertMany(rows);
      await repo.updateState(item.item_id, { seq: version, updated_at: now });
      const posted = rows.filter((r) => !r.pending).reduce((sum, r) => sum + r.amount, 0);
      if (posted !== 0) {
        const current = (account.balance_current ?? 0) + balanceSign(account.type) * posted;
        const available =
          account.balance_available === null
            ? null
            : account.balance_available - (account.type === 'depository' ? posted : 0);
        await new AccountsRepository(trx).setBalances(
          item.item_id,
          account.account_id,
          { current, available },
          now,
        );
      }
      await notifySyncUpdates(trx, item, now);
    });
  }
}
