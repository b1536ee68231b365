import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/institutions';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { TransactionsTable } from '../../db/tables/transactions';
import { PlaidError } from '../../http/errors';
import { balanceSign } from '../../lib/balance-sign';
import type { Clock } from '../../lib/clock';
import { dateOf, dayNumber } from '../../lib/days';
import { AccountsRepository } from '../accounts/accounts.repository';
import { InvestmentsRepository } from '../investments/investments.repository';
import { AccountDetailsStore } from '../items/account-details.store';
import { ItemsRepository } from '../items/items.repository';
import { itemErrorOf } from '../items/items.service';
import {
  DEFAULT_DAYS_REQUESTED,
  initializeTransactions,
  loadHistory,
} from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import type {
  ReportSnapshot,
  SnapshotAccount,
  SnapshotInvestments,
  SnapshotItem,
  SnapshotTransaction,
  SnapshotWarning,
} from './assets.snapshot';
import { parseObject } from './assets.snapshot';

/** What to build: the report's client, Items and days, and whether a failed Item fails the report. */
export interface BuildRequest {
  clientId: string;
  itemIds: readonly string[];
  daysRequested: number;
  requireAllItems: boolean;
  /** The investments add-on: investment accounts carry their holdings and trades. */
  investments: boolean;
}

/** A failed build: the error the report ends with, and each Item's own error (Plaid's `causes`). */
export class AssetReportBuildError extends Error {
  constructor(
    readonly error: PlaidError,
    readonly causes: { item_id: string; error: PlaidError }[] = [],
  ) {
    super(error.message);
  }
}

/**
 * Builds asset report snapshots from the store: accounts and balances (the account-details store's
 * owners beside them) and, for the full report, the Items' posted transactions of the report's
 * days with each day's end-of-day balance. Historical balances are walked back from the current
 * balance through each day's transactions, so they agree with both by construction.
 */
export class AssetReportBuilder {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly connectors: ConnectorRegistry,
    private readonly clock: Clock,
  ) {}

  /** The fast report: current balances and owners of each account, no history. */
  async fast(req: BuildRequest): Promise<ReportSnapshot> {
    const { items, warnings } = await this.usableItems(req);
    const today = this.clock.now().toISOString().slice(0, 10);
    const out: SnapshotItem[] = [];
    for (const item of items) {
      const accounts = await new AccountsRepository(this.db).list(item.item_id);
      out.push(await this.snapshotItem(item, accounts, null, today, today));
    }
    return { asOf: today, startDate: today, items: out, warnings };
  }

  /** The full report: the fast report's contents plus transactions and historical balances. */
  async full(req: BuildRequest): Promise<ReportSnapshot> {
    const { items, warnings } = await this.usableItems(req);
    let asOf = this.clock.now().toISOString().slice(0, 10);
    const prepared: { item: ItemsTable; accounts: AccountsTable[]; txs: TransactionsTable[] }[] = [];
    for (const item of items) {
      const day = await this.ensureTransactions(item, req.daysRequested);
      asOf = day;
      const accounts = await new AccountsRepository(this.db).list(item.item_id);
      const txs = await new TransactionsRepository(this.db).live(
        item.item_id,
        accounts.map((a) => a.account_id),
      );
      prepared.push({ item, accounts, txs });
    }
    // Each Item's days end at the day its own data stands at (the sandbox clock moves Items apart).
    const out: SnapshotItem[] = [];
    let start = dateOf(dayNumber(asOf) - req.daysRequested);
    for (const { item, accounts, txs } of prepared) {
      const day = (await new TransactionsRepository(this.db).state(item.item_id))?.sim_date ?? asOf;
      const from = dateOf(dayNumber(day) - req.daysRequested);
      if (from < start) start = from;
      const byAccount = new Map<string, TransactionsTable[]>();
      for (const t of txs) {
        if (t.pending || t.date < from || t.date > day) continue;
        const list = byAccount.get(t.account_id) ?? [];
        list.push(t);
        byAccount.set(t.account_id, list);
      }
      const snapshot = await this.snapshotItem(item, accounts, byAccount, day, from);
      const linkedForInvestments = (JSON.parse(item.products) as string[]).includes('investments');
      if (req.investments && !linkedForInvestments && snapshot.accounts.some((a) => a.type === 'investment'))
        warnings.push(
          warning(
            'INVESTMENTS_UNAVAILABLE',
            item.item_id,
            new PlaidError('PRODUCTS_NOT_SUPPORTED', 'the Item was not linked with the investments product'),
          ),
        );
      else if (req.investments)
        for (const account of snapshot.accounts)
          if (account.type === 'investment')
            account.investments = await this.investments(item.item_id, account.accountId, from, day);
      out.push(snapshot);
    }
    return { asOf, startDate: start, items: out, warnings };
  }

  /** An investment account's holdings, their securities and its trades of the report's days. */
  private async investments(
    itemId: string,
    accountId: string,
    from: string,
    to: string,
  ): Promise<SnapshotInvestments> {
    const repo = new InvestmentsRepository(this.db);
    const holdings = await repo.holdings(itemId, [accountId]);
    const trades = await repo.between(itemId, {
      start: from,
      end: to,
      accountIds: [accountId],
      offset: 0,
      count: 100_000,
    });
    const ids = new Set([
      ...holdings.map((h) => h.security_id),
      ...trades.rows.flatMap((t) => (t.security_id ? [t.security_id] : [])),
    ]);
    const securities = await repo.securities(itemId, [...ids]);
    return {
      holdings: holdings.map((h) => ({
        securityId: h.security_id,
        quantity: h.quantity,
        price: h.price,
        priceAsOf: h.price_as_of,
        value: h.value,
        costBasis: h.cost_basis,
        currency: h.iso_currency_code,
      })),
      securities: securities.map((s) => ({
        securityId: s.security_id,
        name: s.name,
        ticker: s.ticker_symbol,
        type: s.type,
      })),
      transactions: trades.rows.map((t) => ({
        investmentTransactionId: t.investment_transaction_id,
        securityId: t.security_id,
        date: t.date,
        name: t.name,
        type: t.type,
        subtype: t.subtype,
        quantity: t.quantity,
        price: t.price,
        amount: t.amount,
        fees: t.fees,
        currency: t.iso_currency_code,
      })),
    };
  }

  /** The report's Items, checked: a removed or failing Item fails the report or is left out. */
  private async usableItems(
    req: BuildRequest,
  ): Promise<{ items: ItemsTable[]; warnings: SnapshotWarning[] }> {
    const repo = new ItemsRepository(this.db);
    const usable: ItemsTable[] = [];
    const causes: { item_id: string; error: PlaidError }[] = [];
    for (const itemId of req.itemIds) {
      const item = await repo.find(req.clientId, itemId);
      if (!item) causes.push({ item_id: itemId, error: new PlaidError('ITEM_NOT_FOUND') });
      else if (item.error) causes.push({ item_id: itemId, error: itemErrorOf(item) });
      else usable.push(item);
    }
    if (causes.length > 0 && (req.requireAllItems || usable.length === 0))
      throw new AssetReportBuildError(
        new PlaidError('DATA_UNAVAILABLE', 'one or more of the Items in the Asset Report has an error'),
        causes,
      );
    // Left out (require_all_items false): the report says which Item's data is missing and why.
    return {
      items: usable,
      warnings: causes.map((c) => warning('TRANSACTIONS_UNAVAILABLE', c.item_id, c.error)),
    };
  }

  /**
   * Makes sure the Item's transactions, history included, are in the store (an Item linked for
   * Assets alone starts its pull here, as a first /transactions/get would); returns the day its
   * data stands at.
   */
  private async ensureTransactions(item: ItemsTable, daysRequested: number): Promise<string> {
    const connector = this.connectors.get(item.connector);
    const repo = new TransactionsRepository(this.db);
    if (!(await repo.state(item.item_id)))
      await this.db.transaction().execute(async (trx) => {
        // Two builds over one Item (two reports at once) start its pull one after the other: the
        // Item's row is held until this transaction ends, and the second finds the pull begun.
        await trx
          .updateTable('items')
          .set((eb) => ({ updated_at: eb.ref('updated_at') }))
          .where('client_id', '=', item.client_id)
          .where('item_id', '=', item.item_id)
          .execute();
        if (await new TransactionsRepository(trx).state(item.item_id)) return;
        const accounts = await new AccountsRepository(trx).listAll(item.item_id);
        await initializeTransactions(
          trx,
          connector,
          item,
          accounts,
          this.clock.now(),
          Math.max(DEFAULT_DAYS_REQUESTED, daysRequested),
        );
      });
    await loadHistory(this.db, connector, item, this.clock.now());
    const state = await repo.state(item.item_id);
    return state?.sim_date ?? this.clock.now().toISOString().slice(0, 10);
  }

  private async snapshotItem(
    item: ItemsTable,
    accounts: AccountsTable[],
    /** Null for the fast report (no history). */
    txsByAccount: Map<string, TransactionsTable[]> | null,
    asOf: string,
    start: string,
  ): Promise<SnapshotItem> {
    const owners = await new AccountDetailsStore(this.db, this.connectors, this.clock).owners(item, accounts);
    const full = txsByAccount !== null;
    return {
      itemId: item.item_id,
      institutionId: item.institution_id,
      institutionName: findInstitution(item.institution_id)?.name ?? item.institution_id,
      dateLastUpdated: this.clock.now().toISOString(),
      accounts: accounts.map((a, i) =>
        snapshotAccount(a, JSON.stringify(owners[i] ?? []), txsByAccount?.get(a.account_id) ?? [], {
          asOf,
          start,
          full,
        }),
      ),
    };
  }
}

/** A warning of the report: part of an Item's data is missing, and the error why. */
function warning(code: SnapshotWarning['code'], itemId: string, error: PlaidError): SnapshotWarning {
  return { code, itemId, errorType: error.type, errorCode: error.code, errorMessage: error.message };
}

function snapshotAccount(
  a: AccountsTable,
  owners: string,
  txs: TransactionsTable[],
  days: { asOf: string; start: string; full: boolean },
): SnapshotAccount {
  const newestFirst = [...txs].sort(
    (x, y) => y.date.localeCompare(x.date) || x.transaction_id.localeCompare(y.transaction_id),
  );
  const earliest = newestFirst.at(-1)?.date;
  return {
    accountId: a.account_id,
    name: a.name,
    officialName: a.official_name,
    mask: a.mask,
    type: a.type,
    subtype: a.subtype,
    verificationStatus: a.verification_status,
    persistentAccountId: a.persistent_account_id,
    currency: a.iso_currency_code,
    current: a.balance_current,
    available: a.balance_available,
    limit: a.balance_limit,
    balanceUpdatedAt: a.updated_at,
    daysAvailable: earliest ? dayNumber(days.asOf) - dayNumber(earliest) + 1 : 0,
    owners,
    historicalBalances: days.full ? historicalBalances(a, newestFirst, days.asOf, days.start) : [],
    transactions: days.full ? newestFirst.map(snapshotTransaction) : [],
  };
}

/**
 * End-of-day balances from `asOf` back to `start`, newest first: today's is the current balance,
 * and each earlier day's is the next day's with that next day's posted transactions undone.
 */
export function historicalBalances(
  a: Pick<AccountsTable, 'type' | 'balance_current'>,
  txs: readonly Pick<TransactionsTable, 'date' | 'amount'>[],
  asOf: string,
  start: string,
): { date: string; current: number }[] {
  if (a.balance_current === null) return [];
  const sums = new Map<string, number>();
  for (const t of txs) sums.set(t.date, (sums.get(t.date) ?? 0) + t.amount);
  const sign = balanceSign(a.type);
  const out: { date: string; current: number }[] = [];
  let balance = a.balance_current;
  for (let day = dayNumber(asOf); day >= dayNumber(start); day--) {
    const date = dateOf(day);
    out.push({ date, current: balance });
    balance -= sign * (sums.get(date) ?? 0);
  }
  return out;
}

function snapshotTransaction(t: TransactionsTable): SnapshotTransaction {
  return {
    transactionId: t.transaction_id,
    date: t.date,
    authorizedDate: t.authorized_date,
    amount: t.amount,
    currency: t.iso_currency_code,
    description: t.name,
    merchantName: t.merchant_name,
    checkNumber: t.check_number,
    paymentChannel: t.payment_channel,
    pfcPrimary: t.pfc_primary,
    pfcDetailed: t.pfc_detailed,
    location: parseObject(t.location),
    paymentMeta: parseObject(t.payment_meta),
  };
}
