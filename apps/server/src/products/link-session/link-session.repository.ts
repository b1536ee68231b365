import type { Db } from '../../db/schema';
import type { LinkSessionEventsTable, LinkSessionsTable } from '../../db/tables/link-session';

type NewEvent = Omit<LinkSessionEventsTable, 'id'>;

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

  /** Appends events to a session (the caller has checked the session belongs to its token). */
  async insertEvents(rows: NewEvent[]): Promise<void> {
    if (rows.length > 0) await this.db.insertInto('link_session_events').values(rows).execute();
  }

  /** The most recent events of a session, oldest first. */
  async listEvents(linkSessionId: string, limit: number): Promise<NewEvent[]> {
    const rows = await this.db
      .selectFrom('link_session_events')
      .select(['link_session_id', 'event_id', 'event_name', 'timestamp', 'metadata'])
      .where('link_session_id', '=', linkSessionId)
      .orderBy('id', 'desc')
      .limit(limit)
      .execute();
    return rows.reverse();
  }
}
