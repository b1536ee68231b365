import type { Db } from '../../db/schema';
import type { LinkSessionsTable } from '../../db/tables/link-session';

/** Link sessions, always reached through the digest of the link token that owns them. */
export class LinkSessionsRepository {
  constructor(private readonly db: Db) {}

  /** Stores a new session. */
  async insert(row: LinkSessionsTable): Promise<void> {
    await this.db.insertInto('link_sessions').values(row).execute();
  }

  /** A session of this link token. */
  find(tokenHash: string, linkSessionId: string): Promise<LinkSessionsTable | undefined> {
    return this.db
      .selectFrom('link_sessions')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('link_session_id', '=', linkSessionId)
      .executeTakeFirst();
  }

  /** The session waiting on an OAuth-style authorisation, by the id carried through the redirect. */
  findByOauthState(oauthStateId: string): Promise<LinkSessionsTable | undefined> {
    return this.db
      .selectFrom('link_sessions')
      .selectAll()
      .where('oauth_state_id', '=', oauthStateId)
      .executeTakeFirst();
  }

  /** Updates a session of this link token. */
  async update(
    tokenHash: string,
    linkSessionId: string,
    patch: Partial<Omit<LinkSessionsTable, 'link_session_id' | 'token_hash' | 'client_id'>>,
  ): Promise<void> {
    await this.db
      .updateTable('link_sessions')
      .set(patch)
      .where('token_hash', '=', tokenHash)
      .where('link_session_id', '=', linkSessionId)
      .execute();
  }
}
