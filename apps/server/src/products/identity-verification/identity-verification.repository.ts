import type { Db } from '../../db/schema';
import type {
  IdentityVerificationsTable,
  IdvDocumentsTable,
  IdvTemplatesTable,
} from '../../db/tables/identity-verification';

/** A client's Identity Verification templates; every method is scoped by the client. */
export class IdvTemplatesRepository {
  constructor(private readonly db: Db) {}

  /** The client's template with this id, or undefined (another client's is undefined too). */
  get(clientId: string, templateId: string): Promise<IdvTemplatesTable | undefined> {
    return this.db
      .selectFrom('idv_templates')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('template_id', '=', templateId)
      .executeTakeFirst();
  }

  /** Whether any client holds a template with this id. */
  async exists(templateId: string): Promise<boolean> {
    const row = await this.db
      .selectFrom('idv_templates')
      .select('template_id')
      .where('template_id', '=', templateId)
      .executeTakeFirst();
    return row !== undefined;
  }

  /** The client's default template, if made. */
  defaultOf(clientId: string): Promise<IdvTemplatesTable | undefined> {
    return this.db
      .selectFrom('idv_templates')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('is_default', '=', 1)
      .executeTakeFirst();
  }

  /** The client's templates, oldest first. */
  list(clientId: string): Promise<IdvTemplatesTable[]> {
    return this.db
      .selectFrom('idv_templates')
      .selectAll()
      .where('client_id', '=', clientId)
      .orderBy('created_at')
      .orderBy('template_id')
      .execute();
  }

  /** Adds a template. */
  async insert(row: IdvTemplatesTable): Promise<void> {
    await this.db.insertInto('idv_templates').values(row).execute();
  }

  /** Sets the webhook of the client's template; false when it has none with this id. */
  async setWebhook(
    clientId: string,
    templateId: string,
    webhook: string | null,
    now: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('idv_templates')
      .set({ webhook, updated_at: now })
      .where('client_id', '=', clientId)
      .where('template_id', '=', templateId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}

/** A client's Identity Verification sessions and their documents; every method is scoped by the client. */
export class IdentityVerificationsRepository {
  constructor(private readonly db: Db) {}

  /** The client's session with this id, or undefined (another client's is undefined too). */
  get(clientId: string, id: string): Promise<IdentityVerificationsTable | undefined> {
    return this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('id', '=', id)
      .executeTakeFirst();
  }

  /** The session behind a shareable URL: its id and key must both match. */
  byShareKey(id: string, key: string): Promise<IdentityVerificationsTable | undefined> {
    return this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('id', '=', id)
      .where('share_key', '=', key)
      .executeTakeFirst();
  }

  /** The client's most recent session for a user under a template. */
  latest(
    clientId: string,
    templateId: string,
    clientUserId: string,
  ): Promise<IdentityVerificationsTable | undefined> {
    return this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('template_id', '=', templateId)
      .where('client_user_id', '=', clientUserId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .executeTakeFirst();
  }

  /** The client's sessions under a template (optionally of one user), oldest first, from `offset`. */
  list(
    clientId: string,
    templateId: string,
    clientUserId: string | undefined,
    offset: number,
    limit: number,
  ): Promise<IdentityVerificationsTable[]> {
    let q = this.db
      .selectFrom('identity_verifications')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('template_id', '=', templateId);
    if (clientUserId !== undefined) q = q.where('client_user_id', '=', clientUserId);
    return q.orderBy('created_at').orderBy('id').offset(offset).limit(limit).execute();
  }

  /** Adds a session. */
  async insert(row: IdentityVerificationsTable): Promise<void> {
    await this.db.insertInto('identity_verifications').values(row).execute();
  }

  /** Changes the client's session. */
  async update(
    clientId: string,
    id: string,
    patch: Partial<Omit<IdentityVerificationsTable, 'id' | 'client_id'>>,
  ): Promise<void> {
    await this.db
      .updateTable('identity_verifications')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('id', '=', id)
      .execute();
  }

  /** Adds a captured document image. */
  async insertDocument(row: IdvDocumentsTable): Promise<void> {
    await this.db.insertInto('idv_documents').values(row).execute();
  }

  /** How many images the client's session holds. */
  async documentCount(clientId: string, id: string): Promise<number> {
    const r = await this.db
      .selectFrom('idv_documents')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('client_id', '=', clientId)
      .where('verification_id', '=', id)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Deletes the client's session's images. */
  async deleteDocuments(clientId: string, id: string): Promise<void> {
    await this.db
      .deleteFrom('idv_documents')
      .where('client_id', '=', clientId)
      .where('verification_id', '=', id)
      .execute();
  }
}
