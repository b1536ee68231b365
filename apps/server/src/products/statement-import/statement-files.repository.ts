import type { Insertable } from 'kysely';
import type { Db } from '../../db/schema';
import type { StatementFilesTable } from '../../db/tables/statement-files';

/** Statement files imported into Items. Every method is scoped by Item. */
export class StatementFilesRepository {
  constructor(private readonly db: Db) {}

  /** The Item's file with this digest, if it was already imported. */
  find(itemId: string, sha256: string): Promise<{ accounts: number; transactions: number } | undefined> {
    return this.db
      .selectFrom('statement_files')
      .select(['accounts', 'transactions'])
      .where('item_id', '=', itemId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
  }

  /** The Item's files of one format with their sealed bytes, in import order. */
  sealed(itemId: string, format: string): Promise<{ name: string; content_sealed: string }[]> {
    return this.db
      .selectFrom('statement_files')
      .select(['name', 'content_sealed'])
      .where('item_id', '=', itemId)
      .where('format', '=', format)
      .orderBy('id')
      .execute();
  }

  /** Records an imported file. */
  async insert(row: Insertable<StatementFilesTable>): Promise<void> {
    await this.db.insertInto('statement_files').values(row).execute();
  }
}
