import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { type FileReading, FilesConnector } from '../../connectors/files/files.connector';
import { FILES_INSTITUTION_ID } from '../../connectors/files/files.institution';
import type { StatementError } from '../../connectors/files/statement';
import type { Database, Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import { type WriteResult, writeItemData } from '../items/item-data.writer';
import type { ItemsService } from '../items/items.service';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { StatementFilesRepository } from './statement-files.repository';
import { storeFileInvestments } from './statement-investments';

/** One uploaded file: its name (for the report and format detection) and raw bytes. */
export interface StatementUpload {
  name: string;
  bytes: Uint8Array;
}

/** What importing one file did. */
export type ImportOutcome =
  | {
      ok: true;
      file: string;
      itemId: string;
      /** Set when the import created the Item: exchange it for an access token. */
      publicToken: string | null;
      /** Accounts and transactions in the file; transactions added now and already stored. */
      accounts: number;
      transactions: number;
      added: number;
      skipped: number;
    }
  | { ok: false; file: string; error: StatementError };

/** Where a file goes: a new Item of this client, or one of its existing files Items. */
export type ImportTarget =
  | { kind: 'new'; clientId: string; env: 'sandbox' | 'production'; webhook: string | null }
  | { kind: 'existing'; item: ItemsTable };

/**
 * Statement files become Plaid Items: a file is read by the files connector, then written into a
 * new or existing Item in one database transaction together with the file itself (sealed). A file
 * that cannot be read touches nothing; the same file imported into an Item twice adds nothing.
 */
export class StatementsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly items: ItemsService,
    private readonly secretBox: SecretBox,
    private readonly connector = new FilesConnector(),
  ) {}

  /**
   * The statement-files Item an access token reaches for this client. Sandbox Items are refused:
   * their data is generated, and a file's accounts would sit beside made-up ones.
   */
  async resolveItem(clientId: string, accessToken: string): Promise<ItemsTable> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    if (item.connector !== this.connector.id)
      throw new PlaidError('INVALID_FIELD', 'access_token must be for an Item created from statement files');
    return item;
  }

  /**
   * Imports files, each in its own transaction, into one Item: the existing one, or a new one made
   * from the first file that reads (its public token is returned; the rest are added to it).
   */
  async importAll(
    target: ImportTarget,
    files: readonly StatementUpload[],
  ): Promise<{ itemId: string | null; publicToken: string | null; outcomes: ImportOutcome[] }> {
    let current = target;
    let publicToken: string | null = null;
    const outcomes: ImportOutcome[] = [];
    for (const file of files) {
      const { outcome, item } = await this.importOne(current, file);
      outcomes.push(outcome);
      if (outcome.ok && outcome.publicToken) publicToken = outcome.publicToken;
      if (item) current = { kind: 'existing', item };
    }
    return { itemId: current.kind === 'existing' ? current.item.item_id : null, publicToken, outcomes };
  }

  /** Imports one file into the target; for a new Item, the outcome carries its public token. */
  async importFile(target: ImportTarget, file: StatementUpload): Promise<ImportOutcome> {
    return (await this.importOne(target, file)).outcome;
  }

  private async importOne(
    target: ImportTarget,
    file: StatementUpload,
  ): Promise<{ outcome: ImportOutcome; item?: ItemsTable }> {
    const sha256 = createHash('sha256').update(file.bytes).digest('hex');
    if (target.kind === 'existing') {
      // A file the Item already holds is answered from its record, without reading it again.
      const known = await new StatementFilesRepository(this.db).find(target.item.item_id, sha256);
      if (known) {
        const outcome: ImportOutcome = {
          ok: true,
          file: file.name,
          itemId: target.item.item_id,
          publicToken: null,
          accounts: known.accounts,
          transactions: known.transactions,
          added: 0,
          skipped: known.transactions,
        };
        return { outcome, item: target.item };
      }
    }
    const reading = this.connector.read(file.bytes, file.name);
    if (!reading.ok) return { outcome: { ok: false, file: file.name, error: reading.error } };
    const counts = { accounts: reading.data.accounts.length, transactions: reading.transactionCount };

    if (target.kind === 'existing') {
      const item = target.item;
      const result = await this.db.transaction().execute(async (trx) => {
        // The Item's transactions state is locked first, so the same file sent twice at once is
        // written once: the second waits, then finds the first's record.
        await new TransactionsRepository(trx).state(item.item_id, true);
        if (await new StatementFilesRepository(trx).find(item.item_id, sha256)) return null;
        const written = await writeItemData(trx, item, reading.data, this.clock.now());
        await this.storeInvestments(trx, item, reading);
        await this.record(trx, item.item_id, file, sha256, reading, written);
        return written;
      });
      const outcome: ImportOutcome = {
        ok: true,
        file: file.name,
        itemId: item.item_id,
        publicToken: null,
        ...counts,
        added: result?.added ?? 0,
        skipped: result?.skipped ?? counts.transactions,
      };
      return { outcome, item };
    }

    let written: WriteResult | undefined;
    const created = await this.items.createItem({
      clientId: target.clientId,
      env: target.env,
      institutionId: FILES_INSTITUTION_ID,
      connector: this.connector.id,
      login: { username: 'statement-files', seed: sha256.slice(0, 24) },
      accounts: reading.data.accounts,
      products: ['transactions'],
      webhook: target.webhook,
      populate: async (trx, item, accounts) => {
        written = await writeItemData(trx, item, reading.data, this.clock.now(), accounts);
        await this.storeInvestments(trx, item, reading);
        await this.record(trx, item.item_id, file, sha256, reading, written);
      },
    });
    const outcome: ImportOutcome = {
      ok: true,
      file: file.name,
      itemId: created.item.item_id,
      publicToken: created.publicToken,
      ...counts,
      added: written?.added ?? 0,
      skipped: written?.skipped ?? 0,
    };
    return { outcome, item: created.item };
  }

  /** A file with investment statements also writes the Item's holdings and investment transactions. */
  private async storeInvestments(
    trx: Db,
    item: ItemsTable,
    reading: Extract<FileReading, { ok: true }>,
  ): Promise<void> {
    if (reading.investments.length === 0) return;
    const deps = { clock: this.clock, secretBox: this.secretBox, connector: this.connector };
    await storeFileInvestments(trx, deps, item, reading.investments);
  }

  /** Keeps the file itself, sealed: it is the Item's source, and may be read again later. */
  private async record(
    trx: Db,
    itemId: string,
    file: StatementUpload,
    sha256: string,
    reading: Extract<FileReading, { ok: true }>,
    written: WriteResult,
  ): Promise<void> {
    await new StatementFilesRepository(trx).insert({
      item_id: itemId,
      sha256,
      name: file.name,
      content_sealed: this.secretBox.seal(Buffer.from(file.bytes).toString('base64')),
      format: reading.format,
      accounts: reading.data.accounts.length,
      transactions: reading.transactionCount,
      added: written.added,
      imported_at: this.clock.now().toISOString(),
    });
  }
}
