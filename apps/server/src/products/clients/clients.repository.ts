import type { Insertable, Selectable } from 'kysely';
import type { Db } from '../../db/schema';
import type { ClientsTable } from '../../db/tables/core';

/** A client as `weft keys list` shows it: never its secret digest. */
export type ClientSummary = Omit<Selectable<ClientsTable>, 'secret_hash'>;

/** API clients (tenants). Only a digest of each secret is stored. */
export class ClientsRepository {
  constructor(private readonly db: Db) {}

  /** A client by id. */
  find(clientId: string): Promise<Selectable<ClientsTable> | undefined> {
    return this.db.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  /**
   * Creates a client, or replaces the secret digest, name and environment of an existing one
   * (pinned sandbox keys are a sandbox client whatever the id was before).
   */
  async upsert(row: Insertable<ClientsTable>): Promise<void> {
    await this.db
      .insertInto('clients')
      .values(row)
      .onConflict((oc) =>
        oc
          .column('client_id')
          .doUpdateSet({ secret_hash: row.secret_hash, name: row.name, env: row.env ?? 'sandbox' }),
      )
      .execute();
  }

  /** Every client, oldest first, without secret digests. */
  list(): Promise<ClientSummary[]> {
    return this.db
      .selectFrom('clients')
      .select(['client_id', 'name', 'env', 'created_at', 'rotated_at', 'revoked_at'])
      .orderBy('created_at')
      .orderBy('client_id')
      .execute();
  }

  /** Replaces a client's secret digest; false when no such client exists. */
  async rotate(clientId: string, secretHash: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('clients')
      .set({ secret_hash: secretHash, rotated_at: at })
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Marks a client revoked (keeping the first revocation's time); false when no such client exists. */
  async revoke(clientId: string, at: string): Promise<boolean> {
    await this.db
      .updateTable('clients')
      .set({ revoked_at: at })
      .where('client_id', '=', clientId)
      .where('revoked_at', 'is', null)
      .execute();
    return (await this.find(clientId)) !== undefined;
  }

  /** Number of clients. */
  async count(): Promise<number> {
    const r = await this.db
      .selectFrom('clients')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }
}
