import type { Kysely } from 'kysely';

/**
 * The environment a client's keys belong to (`sandbox` or `production`), as Plaid's keys do: it
 * decides which institutions the client sees and the prefix of every token it is given. Clients
 * made before environments existed were sandbox clients, so the default keeps them so.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('clients')
    .addColumn('env', 'text', (c) => c.notNull().defaultTo('sandbox'))
    .execute();
}
