import type { FastifyRequest } from 'fastify';
import type { WeftContext } from '../app-context';
import type { ItemsTable } from '../db/tables/core';
import { RequestSlot } from './request-slot';

/** Per request: the token's lookup, and its Item once known without waiting. */
const resolved = new RequestSlot<{ key: string; item: Promise<ItemsTable>; value?: ItemsTable }>('weft.item');

/**
 * The Item a request's access token reaches for its client (ItemsService.resolve), looked up once
 * per request however many hooks and handlers ask: the rate limits need it before the route runs,
 * and where nothing is cached each lookup is a database round trip.
 */
export function requestItem(
  ctx: WeftContext,
  req: FastifyRequest,
  clientId: string,
  accessToken: string,
): Promise<ItemsTable> {
  const key = `${clientId}\u0000${accessToken}`;
  const known = resolved.get(req);
  if (known?.key === key) return known.item;
  const value = ctx.items.resolveCached(clientId, accessToken);
  const item = value ? Promise.resolve(value) : ctx.items.resolve(clientId, accessToken);
  resolved.set(req, { key, item, value });
  return item;
}

/**
 * requestItem() without waiting, when the Item is cached (ItemsService.resolveCached); undefined
 * when requestItem() must be awaited. Remembered for the request like requestItem()'s answer.
 */
export function cachedRequestItem(
  ctx: WeftContext,
  req: FastifyRequest,
  clientId: string,
  accessToken: string,
): ItemsTable | undefined {
  const key = `${clientId}\u0000${accessToken}`;
  const known = resolved.get(req);
  if (known?.key === key) return known.value;
  const value = ctx.items.resolveCached(clientId, accessToken);
  if (value) resolved.set(req, { key, item: Promise.resolve(value), value });
  return value;
}
