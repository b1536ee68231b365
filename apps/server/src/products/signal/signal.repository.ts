import type { Insertable, Updateable } from 'kysely';
import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type {
  SignalEvaluationsTable,
  SignalIdentitiesTable,
  SignalRulesetsTable,
} from '../../db/tables/signal';
import type { AttributeTransaction, IdentitySighting } from '../../engines/signal/attributes';

/** What the store holds of an account's transactions for an evaluation. */
export interface AccountHistory {
  transactions: AttributeTransaction[];
  firstTransactionDate: string | null;
}

/**
 * Signal's reads of the store and its own rows. Every method takes the owner first: the Item
 * (already resolved for its client) for the store's data, the client for evaluations and rulesets.
 */
export class SignalRepository {
  constructor(private readonly db: Db) {}

  /** The account's transactions dated from `from` on (removed ones left out), and its first date. */
  async accountHistory(itemId: string, accountId: string, from: string): Promise<AccountHistory> {
    const [rows, first] = await Promise.all([
      this.db
        .selectFrom('transactions')
        .select(['date', 'amount', 'name', 'pending', 'pfc_detailed'])
        .where('item_id', '=', itemId)
        .where('account_id', '=', accountId)
        .where('removed', '=', 0)
        .where('date', '>=', from)
        .execute(),
      this.db
        .selectFrom('transactions')
        .select((eb) => eb.fn.min('date').as('first'))
        .where('item_id', '=', itemId)
        .where('account_id', '=', accountId)
        .where('removed', '=', 0)
        .where('pending', '=', 0)
        .executeTakeFirst(),
    ]);
    return {
      transactions: rows.map((r) => ({
        date: r.date,
        amount: Number(r.amount),
        name: r.name,
        pending: r.pending === 1,
        category: r.pfc_detailed || null,
      })),
      firstTransactionDate: first?.first ?? null,
    };
  }

  /**
   * Creation times of the client's Items at the Item's institution holding an account of the same
   * mask and subtype: the connections of one bank account (this Item's included).
   */
  async connectionTimes(item: ItemsTable, mask: string | null, subtype: string | null): Promise<string[]> {
    if (mask === null) return [item.created_at];
    let q = this.db
      .selectFrom('items')
      .innerJoin('accounts', 'accounts.item_id', 'items.item_id')
      .select('items.created_at')
      .distinct()
      .where('items.client_id', '=', item.client_id)
      .where('items.institution_id', '=', item.institution_id)
      .where('accounts.mask', '=', mask);
    q =
      subtype === null ? q.where('accounts.subtype', 'is', null) : q.where('accounts.subtype', '=', subtype);
    const rows = await q.execute();
    return rows.length ? rows.map((r) => r.created_at) : [item.created_at];
  }

  /** The identity values and devices sent with the client's evaluations of an account. */
  async identities(clientId: string, accountId: string): Promise<IdentitySighting[]> {
    const rows = await this.db
      .selectFrom('signal_identities')
      .select(['kind', 'value_hash', 'first_seen', 'last_seen'])
      .where('client_id', '=', clientId)
      .where('account_id', '=', accountId)
      .execute();
    return rows.map((r) => ({
      kind: r.kind,
      value: r.value_hash,
      firstSeen: r.first_seen,
      lastSeen: r.last_seen,
    }));
  }

  /** Records values sent with an evaluation on `day`: new ones first seen then, known ones seen again. */
  async recordIdentities(
    clientId: string,
    accountId: string,
    values: readonly Pick<SignalIdentitiesTable, 'kind' | 'value_hash'>[],
    day: string,
  ): Promise<void> {
    if (values.length === 0) return;
    await this.db
      .insertInto('signal_identities')
      .values(
        values.map((v) => ({
          client_id: clientId,
          account_id: accountId,
          kind: v.kind,
          value_hash: v.value_hash,
          first_seen: day,
          last_seen: day,
        })),
      )
      .onConflict((oc) =>
        oc
          .columns(['client_id', 'account_id', 'kind', 'value_hash'])
          .doUpdateSet((eb) => ({ last_seen: eb.ref('excluded.last_seen') })),
      )
      .execute();
  }

  /** Stores an evaluation; false when the client already used its client_transaction_id. */
  async insertEvaluation(row: Insertable<SignalEvaluationsTable>): Promise<boolean> {
    const r = await this.db
      .insertInto('signal_evaluations')
      .values(row)
      .onConflict((oc) => oc.columns(['client_id', 'client_transaction_id']).doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** One of the client's evaluations. */
  findEvaluation(clientId: string, clientTransactionId: string): Promise<SignalEvaluationsTable | undefined> {
    return this.db
      .selectFrom('signal_evaluations')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('client_transaction_id', '=', clientTransactionId)
      .executeTakeFirst();
  }

  /** Updates one of the client's evaluations (a decision or a return reported); false when none. */
  async updateEvaluation(
    clientId: string,
    clientTransactionId: string,
    patch: Updateable<SignalEvaluationsTable>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('signal_evaluations')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('client_transaction_id', '=', clientTransactionId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The client's evaluations, oldest first, optionally only those of one environment's Items. */
  evaluations(clientId: string): Promise<SignalEvaluationsTable[]> {
    return this.db
      .selectFrom('signal_evaluations')
      .selectAll()
      .where('client_id', '=', clientId)
      .orderBy('created_at')
      .orderBy('client_transaction_id')
      .execute();
  }

  /** One of the client's rulesets. */
  findRuleset(clientId: string, rulesetKey: string): Promise<SignalRulesetsTable | undefined> {
    return this.db
      .selectFrom('signal_rulesets')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('ruleset_key', '=', rulesetKey)
      .executeTakeFirst();
  }

  /** The client's rulesets, by key. */
  rulesets(clientId: string): Promise<SignalRulesetsTable[]> {
    return this.db
      .selectFrom('signal_rulesets')
      .selectAll()
      .where('client_id', '=', clientId)
      .orderBy('ruleset_key')
      .execute();
  }

  /** Creates or replaces one of the client's rulesets. */
  async putRuleset(clientId: string, rulesetKey: string, ruleset: string, now: string): Promise<void> {
    await this.db
      .insertInto('signal_rulesets')
      .values({ client_id: clientId, ruleset_key: rulesetKey, ruleset, created_at: now, updated_at: now })
      .onConflict((oc) =>
        oc.columns(['client_id', 'ruleset_key']).doUpdateSet((eb) => ({
          ruleset: eb.ref('excluded.ruleset'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }

  /** Removes one of the client's rulesets; false when it had none by that key. */
  async deleteRuleset(clientId: string, rulesetKey: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('signal_rulesets')
      .where('client_id', '=', clientId)
      .where('ruleset_key', '=', rulesetKey)
      .executeTakeFirst();
    return Number(r.numDeletedRows) === 1;
  }
}
