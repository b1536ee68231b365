import type { FastifyRequest } from 'fastify';
import { type ReadStamp, ReadStamps } from '../lib/epoch-cache';
import { digestEquals, sha256 } from '../lib/ids';
import type { ClientsRepository } from '../products/clients/clients.repository';
import { errors, PlaidError } from './errors';

/** The API client a request is made by. */
export interface AuthenticatedClient {
  clientId: string;
  env: 'sandbox' | 'production';
}

const SUPPORTED_VERSION = '2020-09-14';
const CACHE_LIMIT = 1024;
/**
 * Where the database cannot say whether it changed (PostgreSQL, written by other processes), how
 * long a verified secret is trusted before it is checked again: a secret changed through another
 * API process stops working here within this time.
 */
export const UNVERSIONED_CACHE_MS = 1000;

/** A verified client's stored secret digest, and when it was read. */
interface Verified {
  hash: string;
  read: ReadStamp;
}

/**
 * Authenticates Plaid-style: `client_id`/`secret` in the JSON body or the PLAID-CLIENT-ID /
 * PLAID-SECRET headers. Verified clients are cached by (client_id, secret digest) so a hot path
 * does not hash-and-query on every request; the cache holds digests only, never secrets. An entry
 * is trusted while the database's change epoch is unchanged (SQLite), or for UNVERSIONED_CACHE_MS
 * where there is none (PostgreSQL).
 */
export class ClientAuthenticator {
  private readonly cache = new Map<string, Verified>();
  /** One authentication per request, however many hooks and handlers ask. */
  private readonly perRequest = new WeakMap<FastifyRequest, Promise<AuthenticatedClient>>();

  private readonly stamps: ReadStamps;

  constructor(
    private readonly clients: ClientsRepository,
    changeEpoch: () => number | null = () => null,
  ) {
    this.stamps = new ReadStamps(changeEpoch, UNVERSIONED_CACHE_MS);
  }

  /** Resolves the calling client or throws Plaid's MISSING_FIELDS / INVALID_API_KEYS. */
  authenticate(request: FastifyRequest): Promise<AuthenticatedClient> {
    let result = this.perRequest.get(request);
    if (!result) {
      result = this.verify(request);
      this.perRequest.set(request, result);
    }
    return result;
  }

  private async verify(request: FastifyRequest): Promise<AuthenticatedClient> {
    const version = header(request, 'plaid-version');
    if (version !== undefined && version !== SUPPORTED_VERSION)
      throw new PlaidError(
        'INCOMPATIBLE_API_VERSION',
        `Plaid-Version ${version} is not supported; use ${SUPPORTED_VERSION}`,
      );

    const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
      string,
      unknown
    >;
    const clientId = pick(body.client_id) ?? header(request, 'plaid-client-id');
    const secret = pick(body.secret) ?? header(request, 'plaid-secret');
    const missing = [!clientId && 'client_id', !secret && 'secret'].filter((x): x is string => Boolean(x));
    if (missing.length > 0) throw errors.missingFields(missing);

    const digest = sha256(secret!);
    const cached = this.cache.get(clientId!);
    if (cached && this.stamps.fresh(cached.read) && digestEquals(cached.hash, digest))
      return { clientId: clientId!, env: 'sandbox' };

    const read = this.stamps.take();
    const row = await this.clients.find(clientId!);
    if (!row || !digestEquals(row.secret_hash, digest)) throw errors.invalidApiKeys();
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    this.cache.set(clientId!, { hash: row.secret_hash, read });
    return { clientId: clientId!, env: 'sandbox' };
  }

  /** Drops cached credentials (after a secret rotation). */
  forget(clientId: string): void {
    this.cache.delete(clientId);
  }
}

function pick(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length > 0 ? s : undefined;
}
