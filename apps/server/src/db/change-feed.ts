import pg from 'pg';

/** The channel PostgreSQL triggers notify on a commit that changed a cached table (see migration 20261203005100). */
export const CHANGES_CHANNEL = 'weft_changes';

/**
 * A statement this process runs that may change what a read cache holds: one that is not a plain
 * SELECT and names a table the change triggers watch (migration 20261203005100), or that ends a
 * transaction (whose earlier statements may have). Others, such as rate-limit counting on every
 * request, leave the epoch alone.
 */
export function mayChangeCachedData(statement: string): boolean {
  if (/^\s*select\b/i.test(statement)) return false;
  return /^\s*(commit|rollback)\b/i.test(statement) || CACHED_TABLE_RE.test(statement);
}

const CACHED_TABLE_RE =
  /\b(clients|items|access_tokens|accounts|transactions|transactions_state|signal_rulesets)\b/i;

/**
 * Follows one connection's statements to tell when the change epoch must move: after each write to
 * a cached table, and again when the transaction that made one commits or rolls back (its rows
 * become what others read then). A transaction that wrote only other tables, such as Signal's
 * evaluation log, leaves every read cache standing.
 */
export class EpochMoves {
  private dirty = false;

  /** True when `statement`, run on this connection, moves the epoch. */
  after(statement: string): boolean {
    if (/^\s*(begin|start\s+transaction|savepoint|release|rollback\s+to)\b/i.test(statement)) {
      if (/^\s*(begin|start)/i.test(statement)) this.dirty = false;
      return false;
    }
    if (/^\s*(commit|rollback|end)\b/i.test(statement)) {
      const moved = this.dirty;
      this.dirty = false;
      return moved;
    }
    if (!mayChangeCachedData(statement)) return false;
    this.dirty = true;
    return true;
  }
}

/** How the feed watches its connection; tests shorten these. */
export interface ChangeFeedTiming {
  /** First wait before reconnecting after the connection is lost; doubles up to `maxRetryMs`. */
  retryMs: number;
  maxRetryMs: number;
  /** How often the connection is checked with a query, and how long an answer may take. */
  pingMs: number;
  pingTimeoutMs: number;
}

const DEFAULT_TIMING: ChangeFeedTiming = {
  retryMs: 100,
  maxRetryMs: 5000,
  pingMs: 5000,
  pingTimeoutMs: 5000,
};

/**
 * The change epoch of a PostgreSQL database shared by several processes. One connection of its own
 * LISTENs on CHANGES_CHANNEL, where triggers notify as each write to a cached table commits; every
 * notification, and every write this process makes, moves the epoch, so a read cache keyed by it
 * (EpochCache) sees another process's commit as soon as its notification arrives.
 *
 * While the connection is down the epoch is null and nothing is cached: notifications sent
 * meanwhile are lost, so the epoch moves again once LISTEN is back, invalidating everything read
 * before. A connection that dies silently is noticed by a periodic query.
 */
export class ChangeFeed {
  private counter = 0;
  private listening = false;
  private client: pg.Client | null = null;
  private closed = false;
  private retryMs: number;
  private retryTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private readonly timing: ChangeFeedTiming;

  constructor(
    private readonly url: string,
    timing: Partial<ChangeFeedTiming> = {},
  ) {
    this.timing = { ...DEFAULT_TIMING, ...timing };
    this.retryMs = this.timing.retryMs;
  }

  /** Connects and starts listening; resolves once listening or once the first attempt failed. */
  start(): Promise<void> {
    return this.connect();
  }

  /** The current epoch, or null while not listening (then every read goes to the database). */
  epoch(): number | null {
    return this.listening ? this.counter : null;
  }

  /** Records a write made by this process, which must not wait for its own notification. */
  wrote(): void {
    this.counter++;
  }

  /** True while notifications are being received. */
  get isListening(): boolean {
    return this.listening;
  }

  /** Stops listening and closes the connection. */
  async close(): Promise<void> {
    this.closed = true;
    this.listening = false;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({
      connectionString: this.url,
      keepAlive: true,
      application_name: 'weft-change-feed',
    });
    this.client = client;
    client.on('notification', () => {
      this.counter++;
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.client !== client || this.closed) return;
    // Commits made before LISTEN took effect were never notified here: start a new epoch.
    this.counter++;
    this.listening = true;
    this.retryMs = this.timing.retryMs;
    this.pingTimer = setInterval(() => this.ping(client), this.timing.pingMs);
    this.pingTimer.unref();
  }

  /** A query that does not come back in time means notifications may not either. */
  private ping(client: pg.Client): void {
    const timeout = setTimeout(() => this.lost(client), this.timing.pingTimeoutMs);
    timeout.unref();
    client.query('SELECT 1').then(
      () => clearTimeout(timeout),
      () => {
        clearTimeout(timeout);
        this.lost(client);
      },
    );
  }

  private lost(client: pg.Client): void {
    if (this.client !== client) return;
    this.listening = false;
    this.client = null;
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.pingTimer = null;
    client.removeAllListeners('notification');
    // An error listener stays: a late socket error must not crash the process.
    void client.end().catch(() => undefined);
    if (this.closed) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, this.retryMs);
    this.retryTimer.unref();
    this.retryMs = Math.min(this.retryMs * 2, this.timing.maxRetryMs);
  }
}
