import type { Kysely } from 'kysely';
import type { InvestmentsSource } from '../../connectors/investments';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type {
  InvestmentAccountNumbersTable,
  InvestmentHoldingsTable,
  InvestmentSecuritiesTable,
  InvestmentsStateTable,
  InvestmentTransactionsTable,
} from '../../db/tables/investments';
import { errors, PlaidError } from '../../http/errors';
import { type Clock, isoDate } from '../../lib/clock';
import { dateOf, dayNumber } from '../../lib/days';
import { AccountsRepository } from '../accounts/accounts.repository';
import { listFiltered } from '../accounts/accounts.service';
import { AccountDetailsStore } from '../items/account-details.store';
import { linkedSourceOf } from '../items/item-login';
import type { ItemsService } from '../items/items.service';
import { billProduct } from '../items/product-billing';
import {
  historyStartOf,
  INVESTMENTS_READY_DELAY_MS,
  notifyInvestments,
  writeInvestments,
} from './investments.pull';
import { InvestmentsRepository } from './investments.repository';

/** An Item's investment data as a read returns it: the accounts asked for and their securities. */
export interface InvestmentsView {
  item: ItemsTable;
  accounts: AccountsTable[];
  securities: InvestmentSecuritiesTable[];
}

/**
 * Investments: an Item's pull (at creation when it asks for investments, else on its first
 * investments call, which bills the product as Plaid does), its refresh, and reads of holdings and transactions from the store. Data is
 * as of the Item's day (the clock's, moved by the sandbox clock); a read on a later day pulls again
 * first, so prices move daily.
 */
export class InvestmentsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly items: ItemsService,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /** Starts a new Item's pull in its creation transaction when it asked for investments. */
  async onItemCreated(trx: Db, item: ItemsTable, accounts: AccountsTable[]): Promise<void> {
    const source = this.connectors.get(item.connector).investments ?? null;
    const products = JSON.parse(item.products) as string[];
    if (!source || !products.includes('investments') || !accounts.some(isInvestment)) return;
    await this.start(trx, source, item, accounts);
  }

  /** The Item's holdings on the accounts asked for (all its accounts when none are named). */
  async holdings(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<InvestmentsView & { holdings: InvestmentHoldingsTable[] }> {
    const { item, accounts } = await this.ready(clientId, accessToken, accountIds);
    const repo = new InvestmentsRepository(this.db);
    const holdings = await repo.holdings(
      item.item_id,
      accounts.map((a) => a.account_id),
    );
    const securities = await repo.securities(item.item_id, [...new Set(holdings.map((h) => h.security_id))]);
    return { item, accounts, holdings, securities };
  }

  /**
   * Holdings with what a brokerage transfer needs: each investment account's ACATS numbers and its
   * owners' names (from the store's owners, which Identity reads too).
   */
  async auth(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<
    InvestmentsView & {
      holdings: InvestmentHoldingsTable[];
      numbers: InvestmentAccountNumbersTable[];
      owners: { account_id: string; names: string[] }[];
    }
  > {
    const view = await this.holdings(clientId, accessToken, accountIds);
    const investment = view.accounts.filter(isInvestment);
    const rows = await new InvestmentsRepository(this.db).numbers(
      view.item.item_id,
      investment.map((a) => a.account_id),
    );
    const byAccount = new Map(rows.map((n) => [n.account_id, n]));
    const numbers = investment.flatMap((a) => byAccount.get(a.account_id) ?? []);
    const owners = await new AccountDetailsStore(this.db, this.connectors, this.clock).owners(
      view.item,
      investment,
    );
    return {
      ...view,
      numbers,
      owners: investment.map((a, i) => ({
        account_id: a.account_id,
        names: (owners[i] ?? []).flatMap((o) => o.names),
      })),
    };
  }

  /** One page of the Item's investment transactions between two dates, newest first. */
  async transactions(
    clientId: string,
    accessToken: string,
    q: { start: string; end: string; accountIds?: string[]; count: number; offset: number },
  ): Promise<InvestmentsView & { transactions: InvestmentTransactionsTable[]; total: number }> {
    if (q.start > q.end) throw errors.invalidField('start_date must be on or before end_date');
    const { item, accounts } = await this.ready(clientId, accessToken, q.accountIds);
    const repo = new InvestmentsRepository(this.db);
    const page = await repo.between(item.item_id, {
      start: q.start,
      end: q.end,
      accountIds: accounts.map((a) => a.account_id),
      offset: q.offset,
      count: q.count,
    });
    const ids = page.rows.flatMap((t) => (t.security_id ? [t.security_id] : []));
    const securities = await repo.securities(item.item_id, [...new Set(ids)]);
    return { item, accounts, securities, transactions: page.rows, total: page.total };
  }

  /**
   * Reads the Item's investments again now: the store is rewritten as of today and HOLDINGS and
   * INVESTMENTS_TRANSACTIONS DEFAULT_UPDATE go to the outbox. An Item without a pull starts one.
   */
  async refresh(clientId: string, accessToken: string): Promise<void> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const { source, all } = await this.investable(item);
    await this.db.transaction().execute(async (trx) => {
      const repo = new InvestmentsRepository(trx);
      const now = this.clock.now().toISOString();
      await repo.lock(item.item_id, now);
      const state = await repo.state(item.item_id);
      if (!state) {
        await billProduct(trx, this.clock, item, 'investments');
        return this.start(trx, source, item, all);
      }
      const counts = await this.pull(trx, source, item, all, state, await this.todayOf(trx, item));
      await notifyInvestments(trx, item, counts, 'DEFAULT_UPDATE', now);
    });
  }

  /**
   * Resolves the Item and checks its investments are ready to read: PRODUCT_NOT_READY while its
   * first pull is in progress (starting it if none was), and a pull to today first when the store
   * is of an earlier day. Returns the accounts asked for (INVALID_ACCOUNT_ID for any not its own).
   */
  private async ready(
    clientId: string,
    accessToken: string,
    accountIds?: string[],
  ): Promise<{ item: ItemsTable; accounts: AccountsTable[] }> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const { source, all } = await this.investable(item);
    const repo = new InvestmentsRepository(this.db);
    const state = await repo.state(item.item_id);
    if (!state) {
      await this.db.transaction().execute(async (trx) => {
        await billProduct(trx, this.clock, item, 'investments');
        await this.start(trx, source, item, all);
      });
      throw errors.productNotReady();
    }
    if (this.clock.now().toISOString() < state.ready_at) throw errors.productNotReady();
    const today = await this.todayOf(this.db, item);
    if (state.as_of < today)
      await this.db.transaction().execute(async (trx) => {
        if (
          await new InvestmentsRepository(trx).claimDay(item.item_id, today, this.clock.now().toISOString())
        )
          await this.pull(trx, source, item, all, state, today);
      });
    // Read after the pull, which sets the investment accounts' balances.
    return { item, accounts: await listFiltered(new AccountsRepository(this.db), item.item_id, accountIds) };
  }

  /** The Item's investments source and all its accounts; Plaid's errors when it has none. */
  private async investable(item: ItemsTable): Promise<{ source: InvestmentsSource; all: AccountsTable[] }> {
    const source = this.connectors.get(item.connector).investments ?? null;
    if (!source)
      throw new PlaidError(
        'PRODUCTS_NOT_SUPPORTED',
        'this Item\u2019s institution does not support investments',
      );
    const all = await new AccountsRepository(this.db).listAll(item.item_id);
    if (!all.some(isInvestment)) throw new PlaidError('NO_INVESTMENT_ACCOUNTS');
    return { source, all };
  }

  /** The Item's first pull: its history from 24 months back, served after a short delay. */
  private async start(
    trx: Db,
    source: InvestmentsSource,
    item: ItemsTable,
    accounts: AccountsTable[],
  ): Promise<void> {
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const today = await this.todayOf(trx, item);
    const readyAt = new Date(now.getTime() + INVESTMENTS_READY_DELAY_MS).toISOString();
    const state: InvestmentsStateTable = {
      item_id: item.item_id,
      history_start: historyStartOf(today),
      as_of: today,
      ready_at: readyAt,
      last_successful_update: readyAt,
      last_failed_update: null,
      created_at: nowIso,
      updated_at: nowIso,
    };
    if (!(await new InvestmentsRepository(trx).insertState(state))) return;
    const counts = await this.pull(trx, source, item, accounts, state, today);
    await notifyInvestments(trx, item, counts, 'HISTORICAL_UPDATE', readyAt);
  }

  /** Reads the source as of `today` and writes it into the store. */
  private async pull(
    trx: Db,
    source: InvestmentsSource,
    item: ItemsTable,
    accounts: AccountsTable[],
    state: InvestmentsStateTable,
    today: string,
  ) {
    const now = this.clock.now().toISOString();
    const read = source.read(
      linkedSourceOf(item),
      accounts.map((a) => ({
        position: a.position,
        mask: a.mask,
        type: a.type,
        subtype: a.subtype,
        currency: a.iso_currency_code,
      })),
      state.history_start,
      today,
    );
    // A source written on arrival (statement files) has nothing newer: its rows stay as they are.
    const counts = source.writtenOnArrival
      ? { holdings: 0, newHoldings: 0, newTransactions: 0 }
      : await writeInvestments(trx, item, accounts, read, now);
    await new InvestmentsRepository(trx).updateState(item.item_id, {
      as_of: today,
      updated_at: now,
      ...(now >= state.ready_at ? { last_successful_update: now } : {}),
    });
    return counts;
  }

  /** The Item's today: the clock's date, moved forward by the sandbox clock's days for the Item. */
  private async todayOf(db: Db, item: ItemsTable): Promise<string> {
    const offset = await new InvestmentsRepository(db).clockOffsetDays(item.item_id);
    return dateOf(dayNumber(isoDate(this.clock.now())) + offset);
  }
}

function isInvestment(a: AccountsTable): boolean {
  return a.type === 'investment';
}
