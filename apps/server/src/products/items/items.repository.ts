import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';

/** Items, and the access and public tokens that reach them. Every read is scoped by client. */
export class ItemsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a new Item. */
  async insert(item: ItemsTable): Promise<void> {
    await this.db.insertInto('items').values(item).execute();
  }

  /** An Item of this client, or undefined. */
  find(clientId: string, itemId: string): Promise<ItemsTable | undefined> {
    return this.db
      .selectFrom('items')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
  }

  /** Updates fields of an Item of this client. */
  async update(
    clientId: string,
    itemId: string,
    patch: Partial<Omit<ItemsTable, 'item_id' | 'client_id'>>,
  ): Promise<void> {
    await this.db
      .updateTable('items')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('item_id', '=', itemId)
      .execute();
  }

  /** Deletes an Item of this client; its tokens and accounts go with it (cascade). */
  async delete(clientId: string, itemId: string): Promise<boolean> {
    const r = await this.db
      .deleteFrom('items')
      .where('client_id', '=', clientId)
      .where('item_id', '=', itemId)
      .executeTakeFirst();
    return Number(r.numDeletedRows) > 0;
  }

  /** The Item an access token (by digest) reaches, if the token is live and belongs to this client. */
  findByAccessToken(clientId: string, tokenHash: string): Promise<ItemsTable | undefined> {
    return this.db
      .selectFrom('access_tokens as t')
      .innerJoin('items as i', 'i.item_id', 't.item_id')
      .selectAll('i')
      .where('t.token_hash', '=', tokenHash)
      .where('t.client_id', '=', clientId)
      .where('t.revoked_at', 'is', null)
      .executeTakeFirst();
  }

  /** Records a new access token digest for an Item. */
  async insertAccessToken(clientId: string, itemId: string, tokenHash: string, now: string): Promise<void> {
    await this.db
      .insertInto('access_tokens')
      .values({
        token_hash: tokenHash,
        item_id: itemId,
        client_id: clientId,
        created_at: now,
        revoked_at: null,
      })
      .execute();
  }

  /** Revokes every live access token of an Item except `keepHash`. */
  async revokeAccessTokens(clientId: string, itemId: string, now: string, keepHash?: string): Promise<void> {
    let q = this.db
      .updateTable('access_tokens')
      .set({ revoked_at: now })
      .where('client_id', '=', clientId)
      .where('item_id', '=', itemId)
      .where('revoked_at', 'is', null);
    if (keepHash) q = q.where('token_hash', '!=', keepHash);
    await q.execute();
  }

  /** Records a public token digest. */
  async insertPublicToken(
    clientId: string,
    itemId: string,
    tokenHash: string,
    now: string,
    expiresAt: string,
  ): Promise<void> {
    await this.db
      .insertInto('public_tokens')
      .values({
        token_hash: tokenHash,
        item_id: itemId,
        client_id: clientId,
        created_at: now,
        expires_at: expiresAt,
        used_at: null,
      })
      .execute();
  }

  /**
   * Marks a public token used, atomically: returns its Item id only if this call was the one that
   * spent it (unused, unexpired, this client's), so a token can never be exchanged twice.
   */
  async spendPublicToken(clientId: string, tokenHash: string, now: string): Promise<string | undefined> {
    const row = await this.db
      .updateTable('public_tokens')
      .set({ used_at: now })
      .where('token_hash', '=', tokenHash)
      .where('client_id', '=', clientId)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .returning('item_id')
      .executeTakeFirst();
    return row?.item_id;
  }
}
