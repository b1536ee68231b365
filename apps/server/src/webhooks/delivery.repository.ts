import type { Selectable } from 'kysely';
import type { Db } from '../db/schema';
import type { OutboxTable } from '../db/tables/core';
import type { WebhookAttemptsTable } from '../db/tables/webhooks';

/** An outbox row as read back. */
export type OutboxRow = Selectable<OutboxTable>;

/** An attempt row as read back. */
export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** A claimed event and what decides its delivery order (its Item, or its URL for Item-less events). */
export type ClaimedEvent = Pick<OutboxRow, 'id' | 'item_id' | 'webhook_url'>;

/**
 * Delivery state of outbox events. Statuses: `pending` (due at next_attempt_at) → `queued` (a job
 * exists) → `delivering` (a worker holds it) → `delivered`, back to `pending` for a retry, or
 * `failed`. For `queued` and `delivering`, next_attempt_at is a lease: once it passes, the event is
 * due again, so a crashed worker never strands it. For `delivered` and `failed` it is the time of
 * the last attempt.
 */
export class DeliveryRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /**
   * Marks up to `limit` due events `queued` until `leaseUntil` and returns them in id order. On PostgreSQL
   * rows locked by another dispatcher are skipped, so concurrent dispatchers split the work.
   */
  async claimDue(now: string, leaseUntil: string, limit: number): Promise<ClaimedEvent[]> {
    const db = this.db;
    let due = db
      .selectFrom('outbox')
      .select('id')
      .where('status', 'in', ['pending', 'queued', 'delivering'])
      .where('next_attempt_at', '<=', now)
      .orderBy('id')
      .limit(limit);
    // Dialect branch: SQLite has one writer and no row locks; PostgreSQL needs SKIP LOCKED.
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    const rows = await db
      .updateTable('outbox')
      .set({ status: 'queued', next_attempt_at: leaseUntil })
      .where('id', 'in', due)
      .returning(['id', 'item_id', 'webhook_url'])
      .execute();
    return rows.sort((a, b) => a.id - b.id);
  }

  /**
   * Takes a queued event for delivery: succeeds for exactly one caller, however many jobs name the
   * event, and bumps the attempt count.
   */
  async take(id: number, leaseUntil: string): Promise<OutboxRow | undefined> {
    return this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'delivering', next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .returningAll()
      .executeTakeFirst();
  }

  /** Records the outcome of a delivery held by this worker. */
  async settle(
    id: number,
    status: 'delivered' | 'pending' | 'failed' | 'skipped',
    nextAttemptAt: string,
  ): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status, next_attempt_at: nextAttemptAt })
      .where('id', '=', id)
      .where('status', '=', 'delivering')
      .execute();
  }

  /**
   * Deletes up to `limit` settled events (delivered, failed, skipped) created before `cutoff`, with
   * their attempts; returns how many events went.
   */
  async purgeSettled(cutoff: string, limit: number): Promise<number> {
    const ids = (
      await this.db
        .selectFrom('outbox')
        .select('id')
        .where('status', 'in', ['delivered', 'failed', 'skipped'])
        .where('created_at', '<', cutoff)
        .orderBy('id')
        .limit(limit)
        .execute()
    ).map((r) => r.id);
    if (ids.length === 0) return 0;
    await this.db.deleteFrom('webhook_attempts').where('outbox_id', 'in', ids).execute();
    await this.db.deleteFrom('outbox').where('id', 'in', ids).execute();
    return ids.length;
  }

  /** Records one HTTP attempt. */
  async addAttempt(row: Omit<WebhookAttemptsTable, 'id'>): Promise<void> {
    await this.db.insertInto('webhook_attempts').values(row).execute();
  }
}
