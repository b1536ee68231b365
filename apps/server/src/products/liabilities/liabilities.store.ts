import type { Kysely } from 'kysely';
import type { NormalizedLiability } from '../../connectors/liabilities';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import { PlaidError } from '../../http/errors';
import { type Clock, isoDate } from '../../lib/clock';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { linkedSourceOf } from '../items/item-login';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { LiabilitiesRepository, type StoredLiability } from './liabilities.repository';

/** The account types and subtypes Plaid's Liabilities reads. */
const LIABILITY_SUBTYPES: Readonly<Record<string, readonly string[]>> = {
  credit: ['credit card', 'paypal'],
  loan: ['student', 'mortgage'],
};

/** Whether any of the accounts is one Liabilities reads. */
function holdsLiabilities(accounts: readonly AccountsTable[]): boolean {
  return accounts.some((a) => LIABILITY_SUBTYPES[a.type]?.includes(a.subtype ?? ''));
}

/**
 * Writes an Item's liabilities into the store from its connector, and keeps them at the day the
 * Item's data stands at: written with the Item when it asks for liabilities, and written again on
 * the first read after its data moved (the sandbox clock, a refresh) or for an Item made without
 * them. Each write that finds new or changed liabilities sends LIABILITIES DEFAULT_UPDATE through
 * the outbox in the same transaction. Products read only what this wrote.
 */
export class LiabilitiesStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly connectors: ConnectorRegistry,
    private readonly clock: Clock,
  ) {}

  /**
   * Writes a new Item's liabilities in its creation transaction, when it asked for them. As Plaid
   * does, an Item for Liabilities whose login holds no card or loan Liabilities reads is refused
   * (NO_LIABILITY_ACCOUNTS), which undoes its creation.
   */
  async onItemCreated(trx: Db, item: ItemsTable, accounts: readonly AccountsTable[]): Promise<void> {
    if (!(JSON.parse(item.products) as string[]).includes('liabilities')) return;
    if (!holdsLiabilities(accounts)) throw new PlaidError('NO_LIABILITY_ACCOUNTS');
    await this.write(trx, item, accounts, isoDate(this.clock.now()), []);
  }

  /** The Item's liabilities as of the day its data stands at, written first if they are not. */
  async read(item: ItemsTable): Promise<StoredLiability[]> {
    const asOf = await this.asOf(this.db, item);
    const stored = await new LiabilitiesRepository(this.db).forItem(item.item_id);
    if (stored.length > 0 && stored.every((l) => l.asOf === asOf)) return stored;
    const accounts = await new AccountsRepository(this.db).listAll(item.item_id);
    if (!holdsLiabilities(accounts)) return [];
    await this.db.transaction().execute((trx) => this.write(trx, item, accounts, asOf, stored));
    return new LiabilitiesRepository(this.db).forItem(item.item_id);
  }

  /** The day the Item's transactions stand at (moved by the sandbox clock), else today. */
  private async asOf(db: Db, item: ItemsTable): Promise<string> {
    const state = await new TransactionsRepository(db).state(item.item_id);
    return state?.sim_date ?? isoDate(this.clock.now());
  }

  private async write(
    trx: Db,
    item: ItemsTable,
    accounts: readonly AccountsTable[],
    asOf: string,
    before: readonly StoredLiability[],
  ): Promise<void> {
    const source = this.connectors.get(item.connector).liabilities;
    if (!source) return;
    const fresh = source.liabilities(
      linkedSourceOf(item),
      accounts.map((a) => ({
        accountId: a.account_id,
        position: a.position,
        type: a.type,
        subtype: a.subtype,
        mask: a.mask,
        current: a.balance_current,
      })),
      asOf,
    );
    const now = this.clock.now().toISOString();
    await new LiabilitiesRepository(trx).replace(item.item_id, fresh, asOf, now);
    const { added, updated } = changes(before, fresh);
    if (added.length === 0 && Object.keys(updated).length === 0) return;
    await new OutboxRepository(trx).enqueue(
      {
        clientId: item.client_id,
        itemId: item.item_id,
        webhookType: 'LIABILITIES',
        webhookCode: 'DEFAULT_UPDATE',
        payload: {
          item_id: item.item_id,
          error: null,
          account_ids_with_new_liabilities: added,
          account_ids_with_updated_liabilities: updated,
          environment: item.env,
        },
      },
      now,
      Boolean(item.webhook),
    );
  }
}

/** Accounts whose liability is new, and the fields that changed on the others (Plaid's webhook body). */
function changes(
  before: readonly StoredLiability[],
  after: readonly NormalizedLiability[],
): { added: string[]; updated: Record<string, string[]> } {
  const previous = new Map(before.map((l) => [l.accountId, l.data as Record<string, unknown>]));
  const added: string[] = [];
  const updated: Record<string, string[]> = {};
  for (const l of after) {
    const old = previous.get(l.accountId);
    if (!old) {
      added.push(l.accountId);
      continue;
    }
    const fields = Object.entries(l.data)
      .filter(([field, value]) => JSON.stringify(value) !== JSON.stringify(old[field]))
      .map(([field]) => field);
    if (fields.length > 0) updated[l.accountId] = fields;
  }
  return { added, updated };
}
