import type { Db } from '../../db/schema';
import type { LinkTokensTable } from '../../db/tables/core';
import type { SecretBox } from '../../lib/crypto';
import { ItemsRepository } from '../items/items.repository';

/** Expired link tokens removed per write, so a backlog is worked off without one long delete. */
const PURGE_BATCH = 100;

/**
 * Link tokens by digest. What a token holds about a person stays out of the database in clear:
 * the config's `user` object (name, date of birth, SSN, address…) is stored sealed, and so are the
 * session results, since /link/token/get must still return each session's public token until the
 * link token expires (elsewhere public tokens are kept only as digests). Callers see plain JSON.
 * Once a token has expired it is deleted, with its sessions, on the next write.
 */
export class LinkTokensRepository {
  constructor(
    private readonly db: Db,
    private readonly box: SecretBox,
  ) {}

  /** Stores a new link token, first purging tokens that have expired by its creation. */
  async insert(row: LinkTokensTable): Promise<void> {
    await this.purgeExpired(row.created_at);
    await this.db
      .insertInto('link_tokens')
      .values({ ...row, config: this.sealConfig(row.config), results: this.sealResults(row.results) })
      .execute();
  }

  /** A link token of this client. */
  async findForClient(clientId: string, tokenHash: string): Promise<LinkTokensTable | undefined> {
    const row = await this.db
      .selectFrom('link_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    return row && this.opened(row);
  }

  /** A link token by digest alone: Link itself holds only the token, which is its credential. */
  async find(tokenHash: string): Promise<LinkTokensTable | undefined> {
    const row = await this.db
      .selectFrom('link_tokens')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .executeTakeFirst();
    return row && this.opened(row);
  }

  /** Replaces the session results of a link token. */
  async setResults(tokenHash: string, linkSessionId: string, results: string): Promise<void> {
    await this.db
      .updateTable('link_tokens')
      .set({ results: this.sealResults(results), link_session_id: linkSessionId })
      .where('token_hash', '=', tokenHash)
      .execute();
  }

  /**
   * Deletes up to a batch of link tokens that expired by `now`, with their Link sessions and those
   * sessions' events; returns how many tokens went. Nothing of them is needed after expiry: Link
   * refuses the token, and the Items it made live on their own (all but one its statement uploads
   * made and the user never shared, which goes with it).
   */
  async purgeExpired(now: string, limit = PURGE_BATCH): Promise<number> {
    const hashes = (
      await this.db
        .selectFrom('link_tokens')
        .select('token_hash')
        .where('expires_at', '<=', now)
        .limit(limit)
        .execute()
    ).map((r) => r.token_hash);
    if (hashes.length === 0) return 0;
    await this.dropUnsharedItems(hashes);
    const sessions = this.db
      .selectFrom('link_sessions')
      .select('link_session_id')
      .where('token_hash', 'in', hashes);
    await this.db.deleteFrom('link_session_events').where('link_session_id', 'in', sessions).execute();
    await this.db.deleteFrom('link_sessions').where('token_hash', 'in', hashes).execute();
    await this.db.deleteFrom('link_tokens').where('token_hash', 'in', hashes).execute();
    return hashes.length;
  }

  /**
   * Statement uploads in Link make their Item before the user shares it (Link removes it when the
   * user leaves). A session that simply stopped left that Item to no one: it goes with the token.
   */
  private async dropUnsharedItems(hashes: string[]): Promise<void> {
    const open = await this.db
      .selectFrom('link_sessions')
      .select(['client_id', 'state'])
      .where('token_hash', 'in', hashes)
      .where('finished_at', 'is', null)
      .execute();
    for (const row of open) {
      const itemId = unsharedItemOf(row.state);
      if (itemId) await new ItemsRepository(this.db).delete(row.client_id, itemId);
    }
  }

  private sealConfig(config: string): string {
    const { user, ...rest } = JSON.parse(config) as Record<string, unknown>;
    if (user === undefined) return config;
    return JSON.stringify({ ...rest, user_sealed: this.box.seal(JSON.stringify(user)) });
  }

  private sealResults(results: string | null): string | null {
    return results === null ? null : this.box.seal(results);
  }

  /** The row as callers know it; rows written before sealing (plain JSON) read as they are. */
  private opened(row: LinkTokensTable): LinkTokensTable {
    const { user_sealed, ...rest } = JSON.parse(row.config) as Record<string, unknown>;
    const config =
      typeof user_sealed === 'string'
        ? JSON.stringify({ ...rest, user: JSON.parse(this.box.open(user_sealed)) as unknown })
        : row.config;
    const results = row.results?.startsWith('v1.') ? this.box.open(row.results) : row.results;
    return { ...row, config, results };
  }
}

/** The Item a session's statement uploads made and the user never shared (its `filesItemId`). */
function unsharedItemOf(state: string): string | null {
  try {
    const id: unknown = (JSON.parse(state) as Record<string, unknown>).filesItemId;
    return typeof id === 'string' ? id : null;
  } catch {
    return null;
  }
}
