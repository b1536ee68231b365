import type { Kysely } from 'kysely';
import { findInstitution } from '../../connectors/institutions';
import type { Database } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { ItemsService } from '../items/items.service';
import { billProduct } from '../items/product-billing';
import type { TransactionsService } from '../transactions/transactions.service';
import { type StatementSummary, StatementsRepository, type StoredStatement } from './statements.repository';
import { hasStatements, type StatementsStore } from './statements.store';
import { parseWindow } from './statements.window';

/** What /statements/list answers with: the Item, its statement accounts and their statements. */
export interface StatementsListView {
  item: ItemsTable;
  institutionName: string;
  accounts: AccountsTable[];
  statements: StatementSummary[];
}

/** One statement to download, with its account and bank. */
export interface StatementDownloadView {
  statement: StoredStatement;
  account: AccountsTable;
  institutionName: string;
}

/** Statements: monthly statements of an Item's accounts, issued from its ledger into the store. */
export class StatementsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
    private readonly transactions: TransactionsService,
    private readonly store: StatementsStore,
  ) {}

  /** The Item (healthy, at a bank that offers statements) and its bank's name. */
  private async resolve(clientId: string, accessToken: string): Promise<{ item: ItemsTable; name: string }> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const institution = findInstitution(item.institution_id);
    if (!institution?.products.includes('statements'))
      throw new PlaidError(
        'PRODUCTS_NOT_SUPPORTED',
        `${institution?.name ?? item.institution_id} does not support statements`,
      );
    return { item, name: institution.name };
  }

  /**
   * Makes sure the Item's ledger is in, without waiting for it: when it is not, asks transactions
   * for the whole ledger (which starts a pull the Item never had and completes a history that is
   * due), which answers PRODUCT_NOT_READY while the history is still on its way.
   */
  private async requireLedger(clientId: string, accessToken: string, item: ItemsTable): Promise<void> {
    if (await this.store.readyLedger(item)) return;
    await this.transactions.forRecurring(clientId, accessToken);
  }

  /** /statements/list: the Item's statement accounts with their statements, oldest first. */
  async list(clientId: string, accessToken: string): Promise<StatementsListView> {
    const resolved = await this.resolve(clientId, accessToken);
    await this.store.ensureWindow(resolved.item);
    await this.requireLedger(clientId, accessToken, resolved.item);
    const item = await billProduct(this.db, this.clock, resolved.item, 'statements');
    await this.store.update(item);
    const accounts = (await new AccountsRepository(this.db).list(item.item_id)).filter(hasStatements);
    const shown = new Set(accounts.map((a) => a.account_id));
    const statements = (await new StatementsRepository(this.db).summaries(item.item_id)).filter((s) =>
      shown.has(s.account_id),
    );
    return { item, institutionName: resolved.name, accounts, statements };
  }

  /** /statements/download: one statement of the Item; INVALID_FIELD for an id it does not have. */
  async download(clientId: string, accessToken: string, statementId: string): Promise<StatementDownloadView> {
    const { item, name } = await this.resolve(clientId, accessToken);
    const statement = await new StatementsRepository(this.db).find(item.item_id, statementId);
    const account =
      statement && (await new AccountsRepository(this.db).list(item.item_id, [statement.account_id]))[0];
    if (!statement || !account)
      throw new PlaidError('INVALID_FIELD', 'statement_id does not name a statement of this Item');
    return { statement, account, institutionName: name };
  }

  /**
   * /statements/refresh: records the window and extracts its statements now when the ledger is in,
   * else once it is (the refresh worker); either way STATEMENTS_REFRESH_COMPLETE follows.
   */
  async refresh(clientId: string, accessToken: string, startDate: string, endDate: string): Promise<void> {
    const window = parseWindow('', startDate, endDate);
    const resolved = await this.resolve(clientId, accessToken);
    await this.store.ensureWindow(resolved.item);
    const item = await billProduct(this.db, this.clock, resolved.item, 'statements');
    await this.store.addRefresh(item, window);
    try {
      await this.requireLedger(clientId, accessToken, item);
    } catch (err) {
      // A ledger still on its way: the refresh completes when it arrives.
      if (err instanceof PlaidError && err.code === 'PRODUCT_NOT_READY') return;
      throw err;
    }
    await this.store.update(item);
  }
}
