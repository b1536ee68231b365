import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Db } from '../../db/schema';
import type { StatementsTable, StatementWindowsTable } from '../../db/tables/statements';
import type { StatementLine } from './statements.ledger';

/** The schema of a statement's stored lines. */
const Lines = Type.Array(
  Type.Object({
    transaction_id: Type.String(),
    date: Type.String(),
    name: Type.String(),
    amount: Type.Integer(),
  }),
);

/** A statement as listed: everything but its lines. */
export type StatementSummary = Omit<StatementsTable, 'lines'>;

/** A stored statement with its lines parsed. */
export type StoredStatement = StatementSummary & { lines: StatementLine[] };

/** A statement to write (its id kept when the month's statement exists already). */
export type NewStatement = Omit<StatementsTable, 'lines' | 'created_at' | 'updated_at'> & {
  lines: readonly StatementLine[];
};

const SUMMARY_COLUMNS = [
  'statement_id',
  'item_id',
  'account_id',
  'year',
  'month',
  'period_start',
  'period_end',
  'date_posted',
  'iso_currency_code',
  'opening_balance',
  'closing_balance',
  'created_at',
  'updated_at',
] as const satisfies readonly (keyof StatementsTable)[];

/** Statements and statement windows of Items; every method is scoped by the Item. */
export class StatementsRepository {
  constructor(private readonly db: Db) {}

  /** The Item's statements without their lines, oldest first. */
  async summaries(itemId: string): Promise<StatementSummary[]> {
    const rows = await this.db
      .selectFrom('statements')
      .select(SUMMARY_COLUMNS)
      .where('item_id', '=', itemId)
      .orderBy('period_start')
      .orderBy('account_id')
      .execute();
    return rows.map((r) => ({
      ...r,
      opening_balance: Number(r.opening_balance),
      closing_balance: Number(r.closing_balance),
    }));
  }

  /** One statement of the Item, lines parsed; undefined when the Item has no such statement. */
  async find(itemId: string, statementId: string): Promise<StoredStatement | undefined> {
    const row = await this.db
      .selectFrom('statements')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('statement_id', '=', statementId)
      .executeTakeFirst();
    if (!row) return undefined;
    const lines: unknown = JSON.parse(row.lines);
    if (!Value.Check(Lines, lines)) throw new Error(`statement ${row.statement_id} holds malformed lines`);
    return {
      ...row,
      opening_balance: Number(row.opening_balance),
      closing_balance: Number(row.closing_balance),
      lines,
    };
  }

  /**
   * Writes statements. A month already issued keeps its id: with `replace` its balances and lines
   * are extracted again (a refresh), without it the stored one stands (two writers at once).
   */
  async write(
    itemId: string,
    statements: readonly NewStatement[],
    now: string,
    replace: boolean,
  ): Promise<void> {
    for (let i = 0; i < statements.length; i += 200) {
      const chunk = statements.slice(i, i + 200).map((s) => ({
        ...s,
        item_id: itemId,
        lines: JSON.stringify(s.lines),
        created_at: now,
        updated_at: now,
      }));
      await this.db
        .insertInto('statements')
        .values(chunk)
        .onConflict((oc) => {
          const target = oc.columns(['account_id', 'year', 'month']);
          return replace
            ? target.doUpdateSet((eb) => ({
                opening_balance: eb.ref('excluded.opening_balance'),
                closing_balance: eb.ref('excluded.closing_balance'),
                lines: eb.ref('excluded.lines'),
                updated_at: eb.ref('excluded.updated_at'),
              }))
            : target.doNothing();
        })
        .execute();
    }
  }

  /** The Item's statement windows, oldest first. */
  windows(itemId: string): Promise<StatementWindowsTable[]> {
    return this.db
      .selectFrom('statement_windows')
      .selectAll()
      .where('item_id', '=', itemId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  /** Adds a window to the Item. */
  async addWindow(row: StatementWindowsTable): Promise<void> {
    await this.db.insertInto('statement_windows').values(row).execute();
  }

  /**
   * Marks a pending window of the Item done; false when it was not pending (another writer
   * completed it first), so its webhook is written once.
   */
  async completeWindow(itemId: string, id: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('statement_windows')
      .set({ status: 'done', completed_at: now })
      .where('item_id', '=', itemId)
      .where('id', '=', id)
      .where('status', '=', 'pending')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
