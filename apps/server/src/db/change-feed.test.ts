import { describe, expect, it } from 'vitest';
import { mayChangeCachedData } from './change-feed';

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
