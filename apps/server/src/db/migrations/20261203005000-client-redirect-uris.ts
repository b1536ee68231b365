import type { Kysely } from 'kysely';

/**
 * The redirect URIs each client has registered (`weft keys redirect-uris`), as Plaid keeps an
 * allowed list per team: /link/token/create accepts a `redirect_uri` only from this list, so a
 * link token can never send a user's browser somewhere its client did not choose.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('client_redirect_uris')
    .addColumn('client_id', 'text', (c) => c.notNull().references('clients.client_id'))
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('client_redirect_uris_pk', ['client_id', 'redirect_uri'])
    .execute();
}
