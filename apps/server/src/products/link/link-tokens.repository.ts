import type { Db } from '../../db/schema';
import type { LinkTokensTable } from '../../db/tables/core';

/** Link tokens by digest. */
export class LinkTokensRepository {
  constructor(private readonly db: Db) {}

  /** Stores a new link token. */
  async insert(row: LinkTokensTable): Promise<void> {
    await this.db.insertInto('link_tokens').values(row).execute();
  }

  /** A link token of this client. */
  findForClient(clientId: string, tokenHash: string): Promise<LinkTokensTable | undefined> {
    return this.db
      .selectFrom('link_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
  }

  /** A link token by digest alone: Link itself holds only the token, which is its credential. */
  find(tokenHash: string): Promise<LinkTokensTable | undefined> {
    return this.db
      .selectFrom('link_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
  }

  /** Replaces the session results of a link token. */
  async setResults(tokenHash: string, linkSessionId: string, results: string): Promise<void> {
    await this.db
      .updateTable('link_tokens')
      .set({ results, link_session_id: linkSessionId })
      .where('token_hash', '=', tokenHash)
      .execute();
  }
}
