import type { onRequestHookHandler } from 'fastify';
import { errors } from '../http/errors';
import { RateLimiter } from '../http/rate-limit';
import type { Clock } from '../lib/clock';

/**
 * Requests per minute one remote address may make to each demo endpoint. The demo's keys make
 * sandbox Items for whoever asks, so the endpoints that create things get the tightest budgets;
 * a person clicking through the page stays far below every one of them.
 */
export const DEMO_RATE_LIMITS: Readonly<Record<string, number>> = {
  '/demo/api/config': 60,
  '/demo/api/create_link_token': 10,
  '/demo/api/exchange_public_token': 10,
  '/demo/api/data': 30,
  '/demo/api/reset': 10,
};

/**
 * An onRequest hook limiting each demo endpoint per remote address (the socket's address: behind
 * a reverse proxy every visitor shares the proxy's budget, which errs on the safe side). Refusals
 * are Plaid's 429 RATE_LIMIT with Retry-After.
 */
export function demoRateLimit(clock: Clock, limits = DEMO_RATE_LIMITS): onRequestHookHandler {
  const limiter = new RateLimiter(clock);
  return (req, reply, done) => {
    const path = req.routeOptions.url ?? '';
    const limit = limits[path];
    if (limit === undefined) return done();
    const { blocked, states } = limiter.admit([{ key: `${path}\u0000${req.ip}`, limit }]);
    const state = states[0]!;
    const reset = String(Math.max(1, Math.ceil(state.resetMs / 1000)));
    if (blocked >= 0) {
      const error = errors.rateLimit(`too many requests to ${path} from this address; try again later`);
      error.headers = { 'retry-after': reset };
      return done(error);
    }
    void reply
      .header('ratelimit-limit', String(limit))
      .header('ratelimit-remaining', String(state.remaining));
    done();
  };
}
