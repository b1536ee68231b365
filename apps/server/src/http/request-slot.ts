import type { FastifyRequest } from 'fastify';

/**
 * A value kept on a request for the rest of its handling, such as what authentication or the Item
 * lookup found, so later hooks and the handler need not look again. It is a property of the
 * request under a private symbol: a WeakMap keyed by short-lived requests costs an ephemeron entry
 * for each one, many times a property's cost, on a path every request takes.
 */
export class RequestSlot<T> {
  private readonly key: symbol;

  constructor(name: string) {
    this.key = Symbol(name);
  }

  /** What this request holds, if anything. */
  get(req: FastifyRequest): T | undefined {
    return (req as unknown as Record<symbol, T | undefined>)[this.key];
  }

  /** Keeps `value` on this request. */
  set(req: FastifyRequest, value: T): void {
    (req as unknown as Record<symbol, T | undefined>)[this.key] = value;
  }
}
