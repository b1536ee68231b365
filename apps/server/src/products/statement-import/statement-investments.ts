import type { FilesConnector } from '../../connectors/files/files.connector';
import { type FileInvestments, mergeFileInvestments } from '../../connectors/files/files.investments';
import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import { AccountKeysRepository } from '../accounts/account-keys.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { notifyInvestments, writeInvestments } from '../investments/investments.pull';
import { InvestmentsRepository } from '../investments/investments.repository';
import { billProduct } from '../items/product-billing';
import { StatementFilesRepository } from './statement-files.repository';

/** What storing a file's investments needs from the importer. */
export interface InvestmentsImportDeps {
  clock: Clock;
  secretBox: SecretBox;
  connector: FilesConnector;
}

/**
 * Writes an Item's investments after a file that carries some was written into it, in the
 * import's transaction (before the file is recorded). The store is rebuilt from all the Item's OFX
 * files and this one, so an overlapping later file adds each trade once and the latest statement
 * gives the positions; the first such file bills investments and makes them readable at once.
 * HOLDINGS and INVESTMENTS_TRANSACTIONS webhooks go to the outbox as for any pull.
 */
export async function storeFileInvestments(
  trx: Db,
  deps: InvestmentsImportDeps,
  item: ItemsTable,
  investments: FileInvestments[],
): Promise<void> {
  const files: FileInvestments[][] = [];
  for (const f of await new StatementFilesRepository(trx).sealed(item.item_id, 'ofx')) {
    const bytes = Buffer.from(deps.secretBox.open(f.content_sealed), 'base64');
    const reading = deps.connector.read(bytes, f.name);
    if (reading.ok && reading.investments.length > 0) files.push(reading.investments);
  }
  files.push(investments);

  const accounts = await new AccountsRepository(trx).listAll(item.item_id);
  const positionOf = new Map(accounts.map((a) => [a.account_id, a.position]));
  const positions = new Map<string, number>();
  for (const [key, row] of await new AccountKeysRepository(trx).forItem(item.item_id)) {
    const position = positionOf.get(row.account_id);
    if (position !== undefined) positions.set(key, position);
  }
  const read = mergeFileInvestments(files, positions);

  const repo = new InvestmentsRepository(trx);
  const now = deps.clock.now().toISOString();
  const today = now.slice(0, 10);
  const first = !(await repo.state(item.item_id));
  if (first) {
    await repo.insertState({
      item_id: item.item_id,
      history_start: [today, ...read.transactions.map((t) => t.date)].sort()[0]!,
      as_of: today,
      ready_at: now,
      last_successful_update: now,
      last_failed_update: null,
      created_at: now,
      updated_at: now,
    });
    item = await billProduct(trx, deps.clock, item, 'investments');
  } else await repo.updateState(item.item_id, { last_successful_update: now, updated_at: now });
  const counts = await writeInvestments(trx, item, accounts, read, now);
  await notifyInvestments(trx, item, counts, first ? 'HISTORICAL_UPDATE' : 'DEFAULT_UPDATE', now);
}
