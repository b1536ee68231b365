import type { Db } from '../../db/schema';
import type {
  InvestmentAccountNumbersTable,
  InvestmentHoldingsTable,
  InvestmentSecuritiesTable,
  InvestmentsStateTable,
  InvestmentTransactionsTable,
} from '../../db/tables/investments';

/** Rows per insert: well under SQLite's 32,766 bound variables at 15 columns a row. */
const CHUNK = 500;

/**
 * An Item's investments in the store. Every method takes the Item (already resolved for its
 * client) first, so no read reaches another Item's rows.
 */
export class InvestmentsRepository {
  constructor(private readonly db: Db) {}

  /** The Item's pull state, undefined before its first pull. */
  state(itemId: string): Promise<InvestmentsStateTable | undefined> {
    return this.db
      .selectFrom('investments_state')
      .selectAll()
      .where('item_id', '=', itemId)
      .executeTakeFirst();
  }

  /**
   * Takes the Item's state row for the rest of the caller's transaction (a no-op before its first
   * pull), so that on PostgreSQL two pulls of one Item run one after the other, never interleaved.
   */
  async lock(itemId: string, now: string): Promise<void> {
    await this.db
      .updateTable('investments_state')
      .set({ updated_at: now })
      .where('item_id', '=', itemId)
      .execute();
  }

  /**
   * Moves the Item's store to `asOf` when it is of an earlier day, holding its row for the caller's
   * transaction; false when another pull got there first (on PostgreSQL it waits for that pull).
   */
  async claimDay(itemId: string, asOf: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('investments_state')
      .set({ as_of: asOf, updated_at: now })
      .where('item_id', '=', itemId)
      .where('as_of', '<', asOf)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Records the Item's first pull; false when another request recorded it first. */
  async insertState(row: InvestmentsStateTable): Promise<boolean> {
    const r = await this.db
      .insertInto('investments_state')
      .values(row)
      .onConflict((oc) => oc.column('item_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) > 0;
  }

  /**
   * Days the sandbox clock has moved the Item forward (its transactions state keeps them), so its
   * investments are as of the same simulated day as its transactions; 0 when it has none.
   */
  async clockOffsetDays(itemId: string): Promise<number> {
    const row = await this.db
      .selectFrom('transactions_state')
      .select('clock_offset_days')
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    return row?.clock_offset_days ?? 0;
  }

  /** Ids of the Item's investment transactions. */
  async transactionIds(itemId: string): Promise<Set<string>> {
    const rows = await this.db
      .selectFrom('investment_transactions')
      .select('investment_transaction_id')
      .where('item_id', '=', itemId)
      .execute();
    return new Set(rows.map((r) => r.investment_transaction_id));
  }

  /** Updates the Item's pull state. */
  async updateState(
    itemId: string,
    patch: Partial<Omit<InvestmentsStateTable, 'item_id' | 'created_at'>>,
  ): Promise<void> {
    await this.db.updateTable('investments_state').set(patch).where('item_id', '=', itemId).execute();
  }

  /**
   * Replaces the Item's securities, holdings and transactions with what its source holds now.
   * Transactions keep their ids across pulls, so a replaced row is the same transaction.
   */
  async replace(
    itemId: string,
    data: {
      securities: InvestmentSecuritiesTable[];
      holdings: InvestmentHoldingsTable[];
      transactions: InvestmentTransactionsTable[];
    },
  ): Promise<void> {
    for (const table of ['investment_transactions', 'investment_holdings', 'investment_securities'] as const)
      await this.db.deleteFrom(table).where('item_id', '=', itemId).execute();
    for (let i = 0; i < data.securities.length; i += CHUNK)
      await this.db
        .insertInto('investment_securities')
        .values(data.securities.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < data.holdings.length; i += CHUNK)
      await this.db
        .insertInto('investment_holdings')
        .values(data.holdings.slice(i, i + CHUNK))
        .execute();
    for (let i = 0; i < data.transactions.length; i += CHUNK)
      await this.db
        .insertInto('investment_transactions')
        .values(data.transactions.slice(i, i + CHUNK))
        .execute();
  }

  /** Replaces the transfer numbers of the Item's investment accounts. */
  async replaceNumbers(itemId: string, rows: InvestmentAccountNumbersTable[]): Promise<void> {
    await this.db.deleteFrom('investment_account_numbers').where('item_id', '=', itemId).execute();
    if (rows.length > 0) await this.db.insertInto('investment_account_numbers').values(rows).execute();
  }

  /** Transfer numbers of the given accounts of the Item. */
  numbers(itemId: string, accountIds: readonly string[]): Promise<InvestmentAccountNumbersTable[]> {
    return this.db
      .selectFrom('investment_account_numbers')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('account_id', 'in', accountIds.length > 0 ? [...accountIds] : [''])
      .execute();
  }

  /** Holdings of the given accounts of the Item, in account then security order. */
  holdings(itemId: string, accountIds: readonly string[]): Promise<InvestmentHoldingsTable[]> {
    return this.db
      .selectFrom('investment_holdings')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('account_id', 'in', accountIds.length > 0 ? [...accountIds] : [''])
      .orderBy('account_id')
      .orderBy('security_id')
      .execute();
  }

  /** The Item's securities among `securityIds`. */
  securities(itemId: string, securityIds: readonly string[]): Promise<InvestmentSecuritiesTable[]> {
    return this.db
      .selectFrom('investment_securities')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('security_id', 'in', securityIds.length > 0 ? [...securityIds] : [''])
      .orderBy('security_id')
      .execute();
  }

  /**
   * One page of the Item's investment transactions on the accounts between two dates (inclusive),
   * newest first, with the number in the range.
   */
  async between(
    itemId: string,
    q: { start: string; end: string; accountIds: readonly string[]; offset: number; count: number },
  ): Promise<{ rows: InvestmentTransactionsTable[]; total: number }> {
    const base = this.db
      .selectFrom('investment_transactions')
      .where('item_id', '=', itemId)
      .where('account_id', 'in', q.accountIds.length > 0 ? [...q.accountIds] : [''])
      .where('date', '>=', q.start)
      .where('date', '<=', q.end);
    const counted = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const rows = await base
      .selectAll()
      .orderBy('date', 'desc')
      .orderBy('investment_transaction_id')
      .offset(q.offset)
      .limit(q.count)
      .execute();
    return { rows, total: Number(counted.n) };
  }
}
