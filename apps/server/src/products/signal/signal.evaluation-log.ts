import { type Insertable, type Kysely, PostgresAdapter, sql } from 'kysely';
import type { Database, Db } from '../../db/schema';
import type { SignalEvaluationsTable, SignalIdentitiesTable } from '../../db/tables/signal';
import { PlaidError } from '../../http/errors';

/** An evaluation to store, with the identity values it was sent with. */
export interface LoggedEvaluation {
  row: Insertable<SignalEvaluationsTable>;
  identities: SignalIdentitiesTable[];
}

/** Where a batch that could not be written is reported. */
export interface ErrorLogger {
  error(obj: object, msg: string): void;
}

/** The most evaluations written in one transaction, and how often a failed batch is tried. */
const MAX_BATCH = 200;
const MAX_ATTEMPTS = 3;

/** An evaluation waiting for its batch to commit, and the request waiting on it. */
interface Waiting {
  entry: LoggedEvaluation;
  stored: () => void;
  failed: (e: unknown) => void;
}

/**
 * Evaluations on their way to the database, committed in groups: the evaluations answered in the
 * same turn of the event loop go in one transaction instead of one each, and each request is
 * answered only once its evaluation is committed, so an acknowledged evaluation is never lost.
 * A `client_transaction_id` another process stored meanwhile is refused, as Plaid refuses a
 * repeated one. Anything that reads evaluations back (reports, the CLI) calls `flush()` first.
 */
export class EvaluationLog {
  private pending: Waiting[] = [];
  /** Batches handed to the database and not yet committed: still unseen by reads. */
  private readonly writing = new Set<Waiting[]>();
  private readonly keys = new Set<string>();
  private scheduled = false;
  private running: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Kysely<Database>,
    private readonly log: ErrorLogger,
  ) {}

  /** True when the client's client_transaction_id waits to be written. */
  has(clientId: string, clientTransactionId: string): boolean {
    return this.keys.has(keyOf(clientId, clientTransactionId));
  }

  /** Identity values queued with the client's evaluations of an account, not yet written. */
  pendingIdentities(clientId: string, accountId: string): SignalIdentitiesTable[] {
    return [this.pending, ...this.writing].flatMap((batch) =>
      batch.flatMap((w) =>
        w.entry.identities.filter((i) => i.client_id === clientId && i.account_id === accountId),
      ),
    );
  }

  /**
   * Stores an evaluation with the others of this turn; resolves once it is committed, and fails
   * with CLIENT_TRANSACTION_ID_ALREADY_IN_USE when the id was stored by someone else first.
   */
  add(entry: LoggedEvaluation): Promise<void> {
    this.keys.add(keyOf(entry.row.client_id, entry.row.client_transaction_id));
    const done = new Promise<void>((stored, failed) => this.pending.push({ entry, stored, failed }));
    if (this.pending.length >= MAX_BATCH) void this.flush();
    else if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => void this.flush());
    }
    return done;
  }

  /** Writes everything queued so far; resolves once it is in the database (or given up on). */
  flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending;
    this.pending = [];
    if (batch.length > 0) this.writing.add(batch);
    // Batches are written one after another, in the order they were queued.
    this.running = this.running.then(async () => {
      if (batch.length === 0) return;
      try {
        const inserted = await this.write(batch.map((w) => w.entry));
        for (const w of batch) {
          if (inserted.has(keyOf(w.entry.row.client_id, w.entry.row.client_transaction_id))) w.stored();
          else w.failed(new PlaidError('CLIENT_TRANSACTION_ID_ALREADY_IN_USE'));
        }
      } catch (e) {
        this.log.error({ err: e, evaluations: batch.length }, 'signal evaluations could not be stored');
        for (const w of batch) w.failed(e);
      } finally {
        this.writing.delete(batch);
        for (const w of batch)
          this.keys.delete(keyOf(w.entry.row.client_id, w.entry.row.client_transaction_id));
      }
    });
    return this.running;
  }

  /** Writes a batch in one transaction, trying again on failure; the keys it inserted. */
  private async write(batch: LoggedEvaluation[]): Promise<Set<string>> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.writeOnce(batch);
      } catch (e) {
        if (attempt >= MAX_ATTEMPTS) throw e;
      }
    }
  }

  private async writeOnce(batch: LoggedEvaluation[]): Promise<Set<string>> {
    const postgres = this.db.getExecutor().adapter instanceof PostgresAdapter;
    // Without identity values a batch is one statement, atomic by itself: on SQLite no transaction
    // is needed around it.
    if (!postgres && batch.every((e) => e.identities.length === 0))
      return this.insertEvaluations(this.db, batch);
    return this.db.transaction().execute(async (trx) => {
      // Dialect branch: PostgreSQL answers this commit without waiting for its WAL to reach the
      // disk, as SQLite's WAL at synchronous=NORMAL does. The rows are visible to every reader at
      // once; a crash of the database server itself (not of Weft) within a fraction of a second
      // may lose the last batches. See docs/signal.md, "Performance".
      if (postgres) await sql`SET LOCAL synchronous_commit TO OFF`.execute(trx);
      const stored = await this.insertEvaluations(trx, batch);
      // Identity values count only for the evaluations this batch stored.
      batch = batch.filter((e) => stored.has(keyOf(e.row.client_id, e.row.client_transaction_id)));
      // One row per key in a statement: PostgreSQL refuses to update a row twice in one upsert.
      const identities = new Map<string, SignalIdentitiesTable>();
      for (const i of batch.flatMap((e) => e.identities))
        identities.set([i.client_id, i.account_id, i.kind, i.value_hash].join('\u0000'), i);
      if (identities.size > 0)
        await trx
          .insertInto('signal_identities')
          .values([...identities.values()])
          .onConflict((oc) =>
            oc
              .columns(['client_id', 'account_id', 'kind', 'value_hash'])
              .doUpdateSet((eb) => ({ last_seen: eb.ref('excluded.last_seen') })),
          )
          .execute();
      return stored;
    });
  }

  /** Inserts a batch's evaluations; the keys of those stored (an id already taken is skipped). */
  private async insertEvaluations(db: Db, batch: LoggedEvaluation[]): Promise<Set<string>> {
    const inserted = await db
      .insertInto('signal_evaluations')
      .values(batch.map((e) => e.row))
      .onConflict((oc) => oc.columns(['client_id', 'client_transaction_id']).doNothing())
      .returning(['client_id', 'client_transaction_id'])
      .execute();
    return new Set(inserted.map((r) => keyOf(r.client_id, r.client_transaction_id)));
  }
}

function keyOf(clientId: string, clientTransactionId: string): string {
  return `${clientId}\u0000${clientTransactionId}`;
}
