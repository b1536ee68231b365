import { describe, expect, it } from 'vitest';
import { FixedClock } from '../lib/clock';
import { PLAID_RATE_LIMITS, RateLimiter, rateLimitTable } from './rate-limit';

describe('rate limit table', () => {
  it("defaults to Plaid's published per-Item and per-client limits", () => {
    expect(rateLimitTable(undefined)).toBe(PLAID_RATE_LIMITS);
    expect(PLAID_RATE_LIMITS['/auth/get']).toEqual({ perItem: 15, perClient: 12000, code: 'AUTH_LIMIT' });
    expect(PLAID_RATE_LIMITS['/identity/get']).toEqual({
      perItem: 15,
      perClient: 2000,
      code: 'IDENTITY_LIMIT',
    });
    expect(PLAID_RATE_LIMITS['/accounts/balance/get']).toMatchObject({
      perItem: 5,
      code: 'ACCOUNTS_BALANCE_GET_LIMIT',
    });
    expect(PLAID_RATE_LIMITS['/institutions/get']).toMatchObject({ perItem: null, perClient: 50 });
  });

  it.each([
    ['', PLAID_RATE_LIMITS['/auth/get']],
    ['off', undefined],
    ['/auth/get=2/10', { perItem: 2, perClient: 10, code: 'AUTH_LIMIT' }],
    [' /auth/get=-/10 , /item/get=1/1', { perItem: null, perClient: 10, code: 'AUTH_LIMIT' }],
  ])('WEFT_RATE_LIMITS=%j', (raw, authRule) => {
    const t = rateLimitTable(raw);
    expect(typeof t).toBe('object');
    expect((t as Record<string, unknown>)['/auth/get']).toEqual(authRule);
  });

  it('gives unknown endpoints the generic RATE_LIMIT code', () => {
    const t = rateLimitTable('/transactions/sync=50/2500') as Record<string, { code: string }>;
    expect(t['/transactions/sync']!.code).toBe('RATE_LIMIT');
    expect(t['/auth/get']!.code).toBe('AUTH_LIMIT');
  });

  it.each(['auth/get=1/2', '/auth/get=1', '/auth/get=a/b', '/auth/get=1/2/3'])('rejects %j', (raw) => {
    expect(rateLimitTable(raw)).toMatch(/WEFT_RATE_LIMITS/);
  });
});

describe('RateLimiter', () => {
  const start = new Date('2026-01-01T00:00:00Z');

  it('counts within a window and refuses past the limit', () => {
    const clock = new FixedClock(start);
    const rl = new RateLimiter(clock);
    expect(rl.peek('k', 2)).toMatchObject({ allowed: true, remaining: 2, resetMs: 60_000 });
    expect(rl.take('k', 2)).toEqual({ limit: 2, remaining: 1, resetMs: 60_000 });
    clock.advance(10_000);
    expect(rl.take('k', 2)).toEqual({ limit: 2, remaining: 0, resetMs: 50_000 });
    expect(rl.peek('k', 2)).toMatchObject({ allowed: false, remaining: 0, resetMs: 50_000 });
  });

  it('opens a fresh window once the old one has passed', () => {
    const clock = new FixedClock(start);
    const rl = new RateLimiter(clock);
    rl.take('k', 1);
    clock.advance(59_999);
    expect(rl.peek('k', 1).allowed).toBe(false);
    clock.advance(1);
    expect(rl.peek('k', 1)).toMatchObject({ allowed: true, remaining: 1, resetMs: 60_000 });
  });

  it('keeps keys apart', () => {
    const rl = new RateLimiter(new FixedClock(start));
    rl.take('a', 1);
    expect(rl.peek('a', 1).allowed).toBe(false);
    expect(rl.peek('b', 1).allowed).toBe(true);
  });

  it('forgets expired windows so memory follows active keys', () => {
    const clock = new FixedClock(start);
    const rl = new RateLimiter(clock);
    for (let i = 0; i < 100; i++) rl.take(`k${i}`, 5);
    expect(rl.size).toBe(100);
    clock.advance(61_000);
    rl.take('fresh', 5);
    expect(rl.size).toBe(1);
  });

  it('honours a custom window length', () => {
    const clock = new FixedClock(start);
    const rl = new RateLimiter(clock, 1000);
    rl.take('k', 1);
    clock.advance(1000);
    expect(rl.peek('k', 1).allowed).toBe(true);
  });
});
