import type { Db } from '../../db/schema';

/** The redirect URIs each client registered, matched exactly as Plaid matches its allowed list. */
export class RedirectUrisRepository {
  constructor(private readonly db: Db) {}

  /** A client's registered URIs, in order. */
  async list(clientId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('client_redirect_uris')
      .select('redirect_uri')
      .where('client_id', '=', clientId)
      .orderBy('redirect_uri')
      .execute();
    return rows.map((r) => r.redirect_uri);
  }

  /** True when the client registered exactly this URI. */
  async has(clientId: string, redirectUri: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('client_redirect_uris')
      .select('client_id')
      .where('client_id', '=', clientId)
      .where('redirect_uri', '=', redirectUri)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** Registers a URI for a client; registering it again changes nothing. */
  async add(clientId: string, redirectUri: string, at: string): Promise<void> {
    await this.db
      .insertInto('client_redirect_uris')
      .values({ client_id: clientId, redirect_uri: redirectUri, created_at: at })
      .onConflict((oc) => oc.columns(['client_id', 'redirect_uri']).doNothing())
      .execute();
  }

  /** Removes a URI from a client's list; false when it was not there. */
  async remove(clientId: string, redirectUri: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('client_redirect_uris')
      .where('client_id', '=', clientId)
      .where('redirect_uri', '=', redirectUri)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }
}
