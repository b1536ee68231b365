import type { Db } from '../../db/schema';
import type { PaymentRefundsTable, PaymentsTable } from '../../db/tables/payments';

/** Payments and their refunds; every read and write is scoped by client. */
export class PaymentsRepository {
  constructor(private readonly db: Db) {}

  /**
   * Inserts a payment. With an idempotency key, a second insert for the same client and key does
   * nothing (the unique index decides, even between racing requests) and the first payment is
   * returned with `created: false`.
   */
  async insertIdempotent(row: PaymentsTable): Promise<{ payment: PaymentsTable; created: boolean }> {
    if (row.idempotency_key === null) {
      await this.db.insertInto('payments').values(row).execute();
      return { payment: row, created: true };
    }
    const r = await this.db
      .insertInto('payments')
      .values(row)
      .onConflict((oc) => oc.columns(['client_id', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return { payment: row, created: true };
    const existing = await this.findByKey(row.client_id, row.idempotency_key);
    if (!existing) throw new Error('idempotent payment vanished after conflict');
    return { payment: existing, created: false };
  }

  /** The payment a client made with an idempotency key. */
  findByKey(clientId: string, key: string): Promise<PaymentsTable | undefined> {
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /** A payment of this client. */
  find(clientId: string, paymentId: string): Promise<PaymentsTable | undefined> {
    return this.db
      .selectFrom('payments')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('payment_id', '=', paymentId)
      .executeTakeFirst();
  }

  /**
   * Payments created before `before` (or exactly `at`), when given, newest first, optionally of
   * one consent.
   */
  list(
    clientId: string,
    limit: number,
    opts: { before?: string; at?: string; consentId?: string },
  ): Promise<PaymentsTable[]> {
    let q = this.db.selectFrom('payments').selectAll().where('client_id', '=', clientId);
    if (opts.before) q = q.where('created_at', '<', opts.before);
    if (opts.at) q = q.where('created_at', '=', opts.at);
    if (opts.consentId) q = q.where('consent_id', '=', opts.consentId);
    return q.orderBy('created_at', 'desc').orderBy('payment_id', 'desc').limit(limit).execute();
  }

  /** Amounts and times of a consent's payments that were not refused, for its periodic limits. */
  consentUsage(
    clientId: string,
    consentId: string,
    excludedStatuses: readonly string[],
  ): Promise<{ minor: number; created_at: string }[]> {
    return this.db
      .selectFrom('payments')
      .select(['amount as minor', 'created_at'])
      .where('client_id', '=', clientId)
      .where('consent_id', '=', consentId)
      .where('status', 'not in', [...excludedStatuses])
      .execute();
  }

  /**
   * Updates a payment only if it is still in `fromStatus`: a compare-and-set, so two concurrent
   * transitions cannot both apply. Returns whether it applied.
   */
  async updateIfStatus(
    clientId: string,
    paymentId: string,
    fromStatus: string,
    patch: Partial<Omit<PaymentsTable, 'payment_id' | 'client_id'>>,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('payments')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('payment_id', '=', paymentId)
      .where('status', '=', fromStatus)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }

  /** Updates fields of a payment of this client. */
  async update(
    clientId: string,
    paymentId: string,
    patch: Partial<Omit<PaymentsTable, 'payment_id' | 'client_id'>>,
  ): Promise<void> {
    await this.db
      .updateTable('payments')
      .set(patch)
      .where('client_id', '=', clientId)
      .where('payment_id', '=', paymentId)
      .execute();
  }

  /** Inserts a refund unless this client already used its idempotency key; returns the stored one. */
  async insertRefund(row: PaymentRefundsTable): Promise<{ refund: PaymentRefundsTable; created: boolean }> {
    const r = await this.db
      .insertInto('payment_refunds')
      .values(row)
      .onConflict((oc) => oc.columns(['client_id', 'idempotency_key']).doNothing())
      .executeTakeFirst();
    if (Number(r.numInsertedOrUpdatedRows ?? 0) > 0) return { refund: row, created: true };
    const existing = await this.findRefundByKey(row.client_id, row.idempotency_key);
    if (!existing) throw new Error('idempotent refund vanished after conflict');
    return { refund: existing, created: false };
  }

  /** The refund a client made with an idempotency key. */
  findRefundByKey(clientId: string, key: string): Promise<PaymentRefundsTable | undefined> {
    return this.db
      .selectFrom('payment_refunds')
      .selectAll()
      .where('client_id', '=', clientId)
      .where('idempotency_key', '=', key)
      .executeTakeFirst();
  }

  /** Refund ids of a payment, oldest first. */
  async refundIds(clientId: string, paymentId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('payment_refunds')
      .select('refund_id')
      .where('client_id', '=', clientId)
      .where('payment_id', '=', paymentId)
      .orderBy('created_at')
      .orderBy('refund_id')
      .execute();
    return rows.map((r) => r.refund_id);
  }

  /** Adds a refund to a payment's refunded total if nobody changed it meanwhile (compare-and-set). */
  async addRefunded(clientId: string, paymentId: string, expected: number, minor: number): Promise<boolean> {
    const r = await this.db
      .updateTable('payments')
      .set({ amount_refunded: expected + minor })
      .where('client_id', '=', clientId)
      .where('payment_id', '=', paymentId)
      .where('amount_refunded', '=', expected)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) > 0;
  }
}
