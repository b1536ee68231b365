import type { Db } from '../../db/schema';
import type { PaymentConsentsTable } from '../../db/tables/payments';

/** Payment consents; every read and write is scoped by client. */
export class ConsentsRepository {
  constructor(private readonly db: Db) {}

  /** Inserts a consent. */
  async insert(row: PaymentConsentsTable): Promise<void> {
    await this.db.insertInto('payment_consents').values(row).execute();
  }

  /** A consent of this client. */
  find(clientId: string, consentId: string): Promise<PaymentConsentsTable | undefined> {
    return this.db
      .selectFrom('payment_consents')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('consent_id', '=', consentId)
      .executeTakeFirst();
  }

  /**
   * Takes the consent's row lock for the rest of the transaction (by writing to it), so payments
   * under one consent are checked against its limits one at a time. On SQLite the write lock is
   * database-wide, which serializes them too.
   */
  async lock(clientId: string, consentId: string, now: string): Promise<boolean> {
    const r = await this.db
      .updateTable('payment_consents')
      .set({ updated_at: now })
      .where('client_id', '=', clientId)
      .where('consent_id', '=', consentId)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Updates fields of a consent of this client. */
  async update(
    clientId: string,
    consentId: string,
    patch: Partial<Omit<PaymentConsentsTable, 'consent_id' | 'client_id'>>,
  ): Promise<void> {
    await this.db
      .updateTable('payment_consents')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('consent_id', '=', consentId)
      .execute();
  }
}
