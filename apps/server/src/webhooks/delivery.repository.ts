import { type Selectable, sql } from 'kysely';
import type { Db } from '../db/schema';
import type { OutboxTable } from '../db/tables/core';
import type { WebhookAttemptsTable } from '../db/tables/webhooks';

/** An outbox row as read back. */
export type OutboxRow = Selectable<OutboxTable>;

/** An attempt row as read back. */
export type AttemptRow = Selectable<WebhookAttemptsTable>;

/** A claimed event: its id and the stream it is ordered in. */
export type ClaimedEvent = Pick<OutboxRow, 'id' | 'stream'>;

/**
 * Events not yet settled. Written out as SQL text, the same as the predicate of
 * outbox_open_stream_idx, so that SQLite and PostgreSQL both use that index for it.
 */
const OPEN = sql.raw(`status in ('pending', 'queued', 'delivering')`);

/**
 * Delivery state of outbox events. Statuses: `pending` (due at next_attempt_at) → `queued` (a job
 * exists) → `delivering` (a worker holds it) → `delivered`, back to `pending` for a retry, or
 * `failed`. For `queued` and `delivering`, next_attempt_at is a lease: once it passes, the event is
 * due again, so a crashed worker never strands it. For `delivered` and `failed` it is the time of
 * the last attempt.
 *
 * Order: a stream's events are ordered by the time each is for (`created_at`: a producer may write
 * an event for later, as the sandbox's initial and historical updates are), then by id. An event is
 * claimed or taken only while it is the head of its stream (no earlier event of the stream
 * unsettled), so an Item's event n+1 never goes out before event n is delivered or has finally
 * failed, retries and crashed workers included: an event whose worker died stays the head and is
 * the next one sent once its lease runs out.
 */
export class DeliveryRepository {
  constructor(
    private readonly db: Db,
    private readonly dialect: 'sqlite' | 'postgres',
  ) {}

  /**
   * Marks up to `limit` due heads of streams `queued` until `leaseUntil` and returns them. Clients
   * take turns: each client's heads are ranked oldest first, at most `perClient` are held at once
   * (counting those already queued or delivering under a live lease), and the claim goes by rank
   * before age, so one client's backlog or slow endpoint never fills the batch. Dispatchers running
   * at the same moment may each count the other's claims as free, so a client can briefly hold a
   * few more. On PostgreSQL rows locked by another dispatcher are skipped.
   */
  async claimDue(now: string, leaseUntil: string, limit: number, perClient: number): Promise<ClaimedEvent[]> {
    const db = this.db;
    const heads = db
      .selectFrom('outbox as o')
      .select([
        'o.id',
        'o.client_id',
        sql<number>`row_number() over (partition by o.client_id order by o.next_attempt_at, o.id)`.as('rank'),
      ])
      .where(sql<boolean>`o.${OPEN}`)
      .where('o.next_attempt_at', '<=', now)
      .where((eb) => eb.or([eb('o.stream', 'is', null), eb.not(eb.exists(this.openBefore()))]));
    const held = db
      .selectFrom('outbox')
      .select(['client_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('status', 'in', ['queued', 'delivering'])
      .where('next_attempt_at', '>', now)
      .groupBy('client_id');
    let due = db
      .selectFrom('outbox')
      .select('id')
      .where(
        'id',
        'in',
        db
          .selectFrom(heads.as('h'))
          .leftJoin(held.as('b'), 'b.client_id', 'h.client_id')
          .select('h.id')
          .where(sql<boolean>`h.rank + coalesce(b.n, 0) <= ${perClient}`)
          .orderBy('h.rank')
          .orderBy('h.id')
          .limit(limit),
      )
      .where(sql<boolean>`${OPEN}`)
      .where('next_attempt_at', '<=', now);
    // Dialect branch: SQLite has one writer and no row locks; PostgreSQL needs SKIP LOCKED.
    if (this.dialect === 'postgres') due = due.forUpdate().skipLocked();
    return db
      .updateTable('outbox')
      .set({ status: 'queued', next_attempt_at: leaseUntil })
      .where('id', 'in', due)
      .returning(['id', 'stream'])
      .execute();
  }

  /**
   * Takes a queued event for delivery: succeeds for exactly one caller, however many jobs name the
   * event, and only while it heads its stream; bumps the attempt count.
   */
  async take(id: number, leaseUntil: string): Promise<OutboxRow | undefined> {
    return this.db
      .updateTable('outbox as o')
      .set((eb) => ({
        status: 'delivering',
        next_attempt_at: leaseUntil,
        attempts: eb('o.attempts', '+', 1),
      }))
      .where('o.id', '=', id)
      .where('o.status', '=', 'queued')
      .where((eb) => eb.or([eb('o.stream', 'is', null), eb.not(eb.exists(this.openBefore()))]))
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Takes the head of a stream for delivery if it is due (waiting, or left by a worker whose lease
   * ran out), so a worker that settled one event goes on with the next without a dispatch between.
   * An event queued for a job, or waiting for its retry, is left alone.
   */
  async takeNext(stream: string, now: string, leaseUntil: string): Promise<OutboxRow | undefined> {
    const head = this.db
      .selectFrom('outbox')
      .select('id')
      .where('stream', '=', stream)
      .where(sql<boolean>`${OPEN}`)
      .orderBy('created_at')
      .orderBy('id')
      .limit(1);
    return this.db
      .updateTable('outbox')
      .set((eb) => ({ status: 'delivering', next_attempt_at: leaseUntil, attempts: eb('attempts', '+', 1) }))
      .where('id', '=', head)
      .where('next_attempt_at', '<=', now)
      .where(sql<boolean>`${OPEN}`)
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Records the outcome of a delivery held by this worker: only while it still holds it (the same
   * attempt), so a worker that outlived its lease cannot overwrite what the next one did.
   */
  async settle(
    event: Pick<OutboxRow, 'id' | 'attempts'>,
    status: 'delivered' | 'pending' | 'failed' | 'skipped',
    nextAttemptAt: string,
  ): Promise<void> {
    await this.db
      .updateTable('outbox')
      .set({ status, next_attempt_at: nextAttemptAt })
      .where('id', '=', event.id)
      .where('attempts', '=', event.attempts)
      .where('status', '=', 'delivering')
      .execute();
  }

  /** Earlier unsettled events of the stream of the outer query's row, which must be aliased `o`. */
  private openBefore() {
    return this.db
      .selectFrom('outbox as p')
      .select(sql<number>`1`.as('one'))
      .where(sql<boolean>`p.stream = o.stream and (p.created_at, p.id) < (o.created_at, o.id) and p.${OPEN}`);
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
