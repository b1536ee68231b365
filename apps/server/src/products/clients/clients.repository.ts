import type { Db } from '../../db/schema';
import type { ClientsTable } from '../../db/tables/core';

/** API clients (tenants). Only a digest of each secret is stored. */
export class ClientsRepository {
  constructor(private readonly db: Db) {}

  /** A client by id. */
  find(clientId: string): Promise<ClientsTable | undefined> {
    return this.db.selectFrom('clients').selectAll().where('client_id', '=', clientId).executeTakeFirst();
  }

  /** Creates a client, or replaces the secret digest of an existing one. */
  async upsert(row: ClientsTable): Promise<void> {
    await this.db
      .insertInto('clients')
      .values(row)
      .onConflict((oc) =>
        oc.column('client_id').doUpdateSet({ secret_hash: row.secret_hash, name: row.name }),
      )
      .execute();
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
