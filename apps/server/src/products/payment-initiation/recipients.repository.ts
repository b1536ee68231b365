import type { Db } from '../../db/schema';
import type { PaymentRecipientsTable } from '../../db/tables/payments';

/** Payment recipients; every read is scoped by client. */
export class RecipientsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts a recipient unless this client already has one with the same details; returns the
   * stored one either way. The unique (client_id, details_hash) index settles races.
   */
  async insertOrGet(row: PaymentRecipientsTable): Promise<PaymentRecipientsTable> {
    await this.db
      .insertInto('payment_recipients')
      .values(row)
      .onConflict((oc) => oc.columns(['client_id', 'details_hash']).doNothing())
      .execute();
    const stored = await this.db
      .selectFrom('payment_recipients')
      .selectAll()
      .where('client_id', '=', row.client_id)
      .where('details_hash', '=', row.details_hash)
      .executeTakeFirst();
    if (!stored) throw new Error('recipient vanished after insert');
    return stored;
  }

  /** A recipient of this client. */
  find(clientId: string, recipientId: string): Promise<PaymentRecipientsTable | undefined> {
    return this.db
      .selectFrom('payment_recipients')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('recipient_id', '=', recipientId)
      .executeTakeFirst();
  }

  /**
   * Up to `limit` recipients, newest first, starting at `from` (inclusive) when given. Ties on
   * created_at are broken by id so pages never skip or repeat.
   */
  list(
    clientId: string,
    limit: number,
    from?: { created_at: string; recipient_id: string },
  ): Promise<PaymentRecipientsTable[]> {
    let q = this.db.selectFrom('payment_recipients').selectAll().where('client_id', '=', clientId);
    if (from)
      q = q.where((eb) =>
        eb.or([
          eb('created_at', '<', from.created_at),
          eb.and([eb('created_at', '=', from.created_at), eb('recipient_id', '<=', from.recipient_id)]),
        ]),
      );
    return q.orderBy('created_at', 'desc').orderBy('recipient_id', 'desc').limit(limit).execute();
  }
}
