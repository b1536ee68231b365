import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import type { Database } from '../db/schema';
import { InProcessQueue } from './in-process.queue';

describe('InProcessQueue', () => {
  it('runs jobs only once started, at most `concurrency` at a time, and stop() waits for running ones', async () => {
    const q = new InProcessQueue(2);
    let running = 0;
    let peak = 0;
    const done: number[] = [];
    q.work<{ n: number }>('job', async ({ n }) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 20));
      running--;
      done.push(n);
    });
    await q.send('job', [{ n: 1 }, { n: 2 }, { n: 3 }, { n: 4 }]);
    await new Promise((r) => setTimeout(r, 30));
    expect(done).toEqual([]);
    await q.start();
    await new Promise((r) => setTimeout(r, 5));
    await q.stop();
    expect(peak).toBe(2);
    expect(done.sort()).toEqual([1, 2]);
  });

  it('keeps jobs sent with a transaction until notify()', async () => {
    const q = new InProcessQueue();
    const seen: string[] = [];
    q.work<{ id: string }>('job', async ({ id }) => {
      seen.push(id);
    });
    await q.start();
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: new SQLite(':memory:') }) });
    await q.send('job', [{ id: 'a' }], db);
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual([]);
    q.notify('job');
    await new Promise((r) => setTimeout(r, 10));
    expect(seen).toEqual(['a']);
    await q.stop();
    await db.destroy();
  });

  it('reports a failing job and keeps going', async () => {
    const failures: unknown[] = [];
    const q = new InProcessQueue(1, (err) => failures.push(err));
    const seen: number[] = [];
    q.work<{ n: number }>('job', async ({ n }) => {
      if (n === 1) throw new Error('boom');
      seen.push(n);
    });
    await q.start();
    await q.send('job', [{ n: 1 }, { n: 2 }]);
    await new Promise((r) => setTimeout(r, 20));
    await q.stop();
    expect(failures).toHaveLength(1);
    expect(seen).toEqual([2]);
  });
});
