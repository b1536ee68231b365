import { describe, expect, it } from 'vitest';
import { EpochMoves, mayChangeCachedData } from './change-feed';

describe('which statements move the change epoch', () => {
  it.each([
    ['insert into "accounts" ("account_id") values ($1)', true],
    ['update "items" set "error" = $1 where "item_id" = $2', true],
    ['delete from "access_tokens" where "item_id" = $1', true],
    ['UPDATE clients SET revoked_at = $1', true],
    ['with t as (delete from "transactions" returning 1) select count(*) from t', true],
    ['commit', true],
    ['rollback', true],
    ['select * from "items" where "item_id" = $1', false],
    ['INSERT INTO rate_limit_counters AS c (key, window_start, count) SELECT 1', false],
    ['update "outbox" set "status" = $1', false],
    ['begin', false],
  ])('%s → %s', (statement, expected) => {
    expect(mayChangeCachedData(statement)).toBe(expected);
  });
});

describe('when a connection moves the change epoch', () => {
  it('moves on a cached write and on the commit of its transaction, not for other tables', () => {
    const moves = new EpochMoves();
    const run = (...statements: string[]) => statements.map((s) => moves.after(s));
    // Signal's evaluation log: a transaction over tables no cache reads.
    expect(
      run(
        'begin',
        'insert into "signal_evaluations" ("client_id") values (?)',
        'insert into "signal_identities"',
        'commit',
      ),
    ).toEqual([false, false, false, false]);
    expect(run('insert into "signal_evaluations" ("client_id") values (?) returning "client_id"')).toEqual([
      false,
    ]);
    expect(run('begin', 'update "accounts" set "balance_current" = ?', 'commit')).toEqual([
      false,
      true,
      true,
    ]);
    expect(run('begin', 'insert into "transactions_state" ("item_id") values (?)', 'rollback')).toEqual([
      false,
      true,
      true,
    ]);
    expect(run('update "signal_rulesets" set "ruleset" = ?')).toEqual([true]);
    // A new transaction starts clean even after a write outside one.
    expect(run('begin', 'select 1', 'commit')).toEqual([false, false, false]);
    // A savepoint rolled back does not end the transaction's write.
    expect(
      run('begin', 'update "items" set "error" = ?', 'savepoint a', 'rollback to savepoint a', 'commit'),
    ).toEqual([false, true, false, false, true]);
  });
});
