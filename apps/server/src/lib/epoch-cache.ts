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
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
