import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit';

const tick = () => new Promise<void>((r) => setTimeout(r, 1));

/** A task that records when it starts and ends, and finishes when told to. */
function controlled(log: string[], name: string) {
  let finish!: () => void;
  let fail!: (e: Error) => void;
  const done = new Promise<string>((resolve, reject) => {
    finish = () => resolve(name);
    fail = reject;
  });
  return {
    task: () => {
      log.push(`start ${name}`);
      return done.finally(() => log.push(`end ${name}`));
    },
    finish: () => finish(),
    fail: (e: Error) => fail(e),
  };
}

describe('ConcurrencyLimit', () => {
  it.each([1, 2, 3])('runs at most %i at a time, the rest in the order asked', async (limit) => {
    const cap = new ConcurrencyLimit(limit);
    const log: string[] = [];
    const tasks = ['a', 'b', 'c', 'd', 'e'].map((n) => controlled(log, n));
    const results = tasks.map((t, i) => cap.run(`k${i}`, t.task));
    await tick();
    expect(log).toEqual(['a', 'b', 'c', 'd', 'e'].slice(0, limit).map((n) => `start ${n}`));
    for (const t of tasks) {
      t.finish();
      await tick();
    }
    expect(await Promise.all(results)).toEqual(['a', 'b', 'c', 'd', 'e']);
    const starts = log.filter((l) => l.startsWith('start')).map((l) => l.slice(6));
    expect(starts).toEqual(['a', 'b', 'c', 'd', 'e']);
    let running = 0;
    let peak = 0;
    for (const l of log) {
      running += l.startsWith('start') ? 1 : -1;
      peak = Math.max(peak, running);
    }
    expect(peak).toBe(limit);
  });

  it('joins a run already asked for under the same key, running or waiting', async () => {
    const cap = new ConcurrencyLimit(1);
    const log: string[] = [];
    const a = controlled(log, 'a');
    const b = controlled(log, 'b');
    const first = cap.run('x', a.task);
    const waiting = cap.run('y', b.task);
    const joinsRunning = cap.run('x', () => Promise.resolve('not run'));
    const joinsWaiting = cap.run('y', () => Promise.resolve('not run'));
    a.finish();
    await tick();
    b.finish();
    expect(await Promise.all([first, joinsRunning, waiting, joinsWaiting])).toEqual(['a', 'a', 'b', 'b']);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b']);
    // Once settled, the key runs afresh.
    expect(await cap.run('x', () => Promise.resolve('again'))).toBe('again');
  });

  it('frees the slot of a task that fails, or throws before its promise', async () => {
    const cap = new ConcurrencyLimit(1);
    const log: string[] = [];
    const a = controlled(log, 'a');
    const failed = cap.run('a', a.task);
    const threw = cap.run('t', () => {
      throw new Error('at once');
    });
    const after = cap.run('b', () => Promise.resolve('b ran'));
    a.fail(new Error('boom'));
    await expect(failed).rejects.toThrow('boom');
    await expect(threw).rejects.toThrow('at once');
    expect(await after).toBe('b ran');
  });
});
