import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { UsersTable } from '../../db/tables/income';
import type { AuthenticatedClient } from '../../http/client-auth';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { randomId, sha256 } from '../../lib/ids';
import { ItemsRepository } from '../items/items.repository';
import { UsersRepository } from './users.repository';

/** The error for a user_id or user_token that names no user of the client. */
export function invalidUser(field: 'user_id' | 'user_token'): PlaidError {
  return new PlaidError('INVALID_FIELD', `${field} does not identify a user of this client`);
}

/** Users: the end users a client creates before an Income Link session. */
export class UsersService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /**
   * Creates a user; the token is returned once and kept only as its digest. A client_user_id the
   * client already used names that user again: its id comes back, but not its token, which Weft
   * no longer knows.
   */
  async create(
    client: AuthenticatedClient,
    clientUserId: string,
  ): Promise<{ user: UsersTable; token: string | null }> {
    const repo = new UsersRepository(this.db);
    const existing = await repo.byClientUserId(client.clientId, clientUserId);
    if (existing) return { user: existing, token: null };
    const token = `user-${client.env}-${randomUUID()}`;
    const now = this.clock.now().toISOString();
    const user: UsersTable = {
      user_id: randomId(29),
      client_id: client.clientId,
      env: client.env,
      client_user_id: clientUserId,
      token_hash: sha256(token),
      created_at: now,
      updated_at: now,
    };
    await repo.insert(user);
    return { user, token };
  }

  /**
   * The client's user named by `user_token` or `user_id` (the token wins when both are given, and
   * then both must name the same user).
   */
  async resolve(clientId: string, ref: { user_token?: string; user_id?: string }): Promise<UsersTable> {
    const repo = new UsersRepository(this.db);
    if (ref.user_token !== undefined) {
      const user = await repo.byTokenHash(clientId, sha256(ref.user_token));
      if (!user) throw invalidUser('user_token');
      if (ref.user_id !== undefined && ref.user_id !== user.user_id) throw invalidUser('user_id');
      return user;
    }
    if (ref.user_id !== undefined) {
      const user = await repo.byId(clientId, ref.user_id);
      if (!user) throw invalidUser('user_id');
      return user;
    }
    throw new PlaidError('MISSING_FIELDS', 'the following required fields are missing: user_token');
  }

  /** Removes the user and every Item linked for it. */
  async remove(clientId: string, ref: { user_token?: string; user_id?: string }): Promise<void> {
    const user = await this.resolve(clientId, ref);
    await this.db.transaction().execute(async (trx) => {
      const repo = new UsersRepository(trx);
      const items = await repo.items(user);
      await repo.delete(clientId, user.user_id);
      const itemsRepo = new ItemsRepository(trx);
      for (const i of items) await itemsRepo.delete(clientId, i.item_id);
    });
  }
}
