/**
 * A read cache that is never stale: each entry remembers the database change epoch it was read at
 * and is used only while the epoch is unchanged. Where the database cannot report an epoch
 * (`null`), every read goes to the database. Values are frozen so no caller can alter a shared one.
 */
export class EpochCache<V> {
  private readonly entries = new Map<string, { epoch: number; value: V }>();

  constructor(
    private readonly epoch: () => number | null,
    private readonly maxEntries = 10_000,
  ) {}

  /** The cached value for `key`, or what `load` returns (cached if nothing changed meanwhile). */
  async get(key: string, load: () => Promise<V>): Promise<V> {
    const before = this.epoch();
    if (before === null) return load();
    const hit = this.entries.get(key);
    if (hit && hit.epoch === before) return hit.value;
    const value = deepFreeze(await load());
    // Store only if nothing was written while loading; otherwise the next read loads again.
    if (this.epoch() === before) {
      if (this.entries.size >= this.maxEntries) this.entries.clear();
      this.entries.set(key, { epoch: before, value });
    }
    return value;
  }

  /**
   * The value cached for `key` while nothing has changed since it was read, without waiting; else
   * undefined (as it is for a cached undefined), and get() decides. For hooks on the hot path.
   */
  peek(key: string): V | undefined {
    const hit = this.entries.get(key);
    return hit && hit.epoch === this.epoch() ? hit.value : undefined;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** When a value was read: the change epoch then, and the time. */
export interface ReadStamp {
  epoch: number | null;
  at: number;
}

/**
 * Tells whether something read from the database may still be used: while the change epoch is
 * unchanged, or, where the database reports none (PostgreSQL, written by other processes), for a
 * bounded time. For values that change rarely and are read on every request or job.
 */
export class ReadStamps {
  constructor(
    private readonly epoch: () => number | null,
    private readonly maxAgeMs: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The stamp for a read about to be made. */
  take(): ReadStamp {
    return { epoch: this.epoch(), at: this.now() };
  }

  /** True while a value read under `stamp` may be reused. */
  fresh(stamp: ReadStamp): boolean {
    const epoch = this.epoch();
    return epoch === null ? this.now() - stamp.at < this.maxAgeMs : stamp.epoch === epoch;
  }
}
