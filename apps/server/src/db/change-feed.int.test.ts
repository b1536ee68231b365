import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EpochCache } from '../lib/epoch-cache';
import { createItem, createTestWeft, type TestWeft } from '../test/harness';
import { ChangeFeed } from './change-feed';

/** Polls `read` until `done` holds of its answer, for at most `ms`; the last answer. */
async function until<T>(read: () => T | Promise<T>, done: (v: T) => boolean, ms = 5000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await read();
    if (done(v) || Date.now() > deadline) return v;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/**
 * The PostgreSQL change feed under an EpochCache, with writes made through a connection of their
 * own (as another process makes them): notified writes are seen, and while the feed's connection
 * is lost nothing is served from the cache, nor afterwards anything cached before the loss.
 */
describe.skipIf(!process.env.DATABASE_URL?.startsWith('postgres'))('PostgreSQL change feed', () => {
  let w: TestWeft;
  let writer: pg.Client;
  let url: string;
  let itemId: string;

  beforeAll(async () => {
    w = await createTestWeft();
    url = w.config.database.dialect === 'postgres' ? w.config.database.url : '';
    writer = new pg.Client({ connectionString: url });
    await writer.connect();
    ({ itemId } = await createItem(w, w.clientA));
  });
  afterAll(async () => {
    await writer?.end();
    await w?.close();
  });

  /** A cache over the feed, reading the Item's webhook and counting its database reads. */
  function cacheOver(feed: ChangeFeed) {
    const cache = new EpochCache<string | null>(() => feed.epoch());
    const counted = { loads: 0 };
    const read = () =>
      cache.get('k', async () => {
        counted.loads++;
        const r = await writer.query<{ webhook: string | null }>(
          'SELECT webhook FROM items WHERE item_id = $1',
          [itemId],
        );
        return r.rows[0]!.webhook;
      });
    return { read, counted };
  }

  const setWebhook = (v: string) =>
    writer.query('UPDATE items SET webhook = $1 WHERE item_id = $2', [v, itemId]);

  async function feedBackends(): Promise<number[]> {
    const { rows } = await writer.query<{ pid: number }>(
      "SELECT pid FROM pg_stat_activity WHERE application_name = 'weft-change-feed' AND datname = current_database()",
    );
    return rows.map((r) => r.pid);
  }

  /** Whether a read now comes from the cache (once the notifications of earlier writes are in). */
  const cached = async (read: () => Promise<unknown>, counted: { loads: number }) => {
    const loads = counted.loads;
    await read();
    return counted.loads === loads;
  };

  it('caches while listening and sees a write once it is notified', async () => {
    const feed = new ChangeFeed(url);
    await feed.start();
    try {
      const { read, counted } = cacheOver(feed);
      await setWebhook('https://one.example');
      expect(await until(read, (v) => v === 'https://one.example')).toBe('https://one.example');
      expect(
        await until(
          () => cached(read, counted),
          (c) => c,
        ),
      ).toBe(true);
      await setWebhook('https://two.example');
      expect(await until(read, (v) => v === 'https://two.example')).toBe('https://two.example');
    } finally {
      await feed.close();
    }
  });

  it('reads the database while its connection is lost, and trusts nothing cached before the loss', async () => {
    // Reconnects only after the checks below, so they run while it is down.
    const others = await feedBackends();
    const feed = new ChangeFeed(url, { retryMs: 1500 });
    await feed.start();
    const [backend] = (await feedBackends()).filter((pid) => !others.includes(pid));
    try {
      const { read, counted } = cacheOver(feed);
      await setWebhook('https://before.example');
      await until(read, (v) => v === 'https://before.example');
      expect(
        await until(
          () => cached(read, counted),
          (c) => c,
        ),
      ).toBe(true);
      await writer.query('SELECT pg_terminate_backend($1)', [backend]);
      expect(
        await until(
          () => feed.epoch(),
          (e) => e === null,
        ),
      ).toBeNull();

      await setWebhook('https://during.example');
      const loads = counted.loads;
      expect(await read()).toBe('https://during.example');
      expect(await read()).toBe('https://during.example');
      expect(counted.loads).toBe(loads + 2);

      // Back: the write made while down was never notified, yet the next read shows the one after.
      await setWebhook('https://unnotified.example');
      expect(
        await until(
          () => feed.isListening,
          (l) => l,
          10_000,
        ),
      ).toBe(true);
      expect(await read()).toBe('https://unnotified.example');
    } finally {
      await feed.close();
    }
  }, 20_000);
});
