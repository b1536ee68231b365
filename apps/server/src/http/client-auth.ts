import crypto, { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { type ReadStamp, ReadStamps } from '../lib/epoch-cache';
import type { ClientsRepository } from '../products/clients/clients.repository';
import { errors, PlaidError } from './errors';
import { RequestSlot } from './request-slot';

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

/** A verified client and its stored secret digest, and when they were read. */
interface Verified {
  client: AuthenticatedClient;
  digest: Buffer;
  read: ReadStamp;
}

/**
 * Authenticates Plaid-style: `client_id`/`secret` in the JSON body or the PLAID-CLIENT-ID /
 * PLAID-SECRET headers. Verified clients are cached by client_id with their secret's digest, so a
 * hot path does not query on every request; the cache holds digests only, never secrets, and a
 * presented secret is hashed and compared in constant time. An entry is trusted while the
 * database's change epoch is unchanged (SQLite, or PostgreSQL's change feed), or for
 * UNVERSIONED_CACHE_MS where there is none.
 */
export class ClientAuthenticator {
  private readonly cache = new Map<string, Verified>();
  /** One authentication per request, however many hooks and handlers ask. */
  private readonly perRequest = new RequestSlot<Promise<AuthenticatedClient>>('weft.authentication');
  /** The client cached() found for a request, so a later ask need not hash again. */
  private readonly known = new RequestSlot<AuthenticatedClient>('weft.client');

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
      const client = this.cached(request);
      result = client ? Promise.resolve(client) : this.verify(request);
      this.perRequest.set(request, result);
    }
    return result;
  }

  /**
   * The calling client when the cache already holds its verified credentials, without waiting;
   * undefined when authenticate() must decide (a database read, or an error to throw). For hooks
   * that run on every request.
   */
  cached(request: FastifyRequest): AuthenticatedClient | undefined {
    let client = this.known.get(request);
    if (client) return client;
    const given = presented(request);
    if (given instanceof PlaidError) return undefined;
    const entry = this.cache.get(given.clientId);
    if (!entry || !this.stamps.fresh(entry.read) || !timingSafeEqual(entry.digest, digestOf(given.secret)))
      return undefined;
    client = entry.client;
    this.known.set(request, client);
    return client;
  }

  private async verify(request: FastifyRequest): Promise<AuthenticatedClient> {
    const given = presented(request);
    if (given instanceof PlaidError) throw given;
    const { clientId, secret } = given;
    const read = this.stamps.take();
    const row = await this.clients.find(clientId);
    const digest = digestOf(secret);
    if (!row || row.revoked_at) throw errors.invalidApiKeys();
    const stored = Buffer.from(row.secret_hash, 'hex');
    if (stored.length !== digest.length || !timingSafeEqual(stored, digest)) throw errors.invalidApiKeys();
    if (this.cache.size >= CACHE_LIMIT) this.cache.clear();
    const client: AuthenticatedClient = { clientId, env: row.env };
    this.cache.set(clientId, { client, digest: stored, read });
    return client;
  }

  /** Drops cached credentials (after a secret rotation). */
  forget(clientId: string): void {
    this.cache.delete(clientId);
  }
}

/** SHA-256 of a presented secret, as stored: one-shot where Node has it (20.12+), which costs less than a Hash object. */
const digestOf: (secret: string) => Buffer =
  typeof crypto.hash === 'function'
    ? (secret) => crypto.hash('sha256', secret, 'buffer')
    : (secret) => crypto.createHash('sha256').update(secret).digest();

/** The API version and credentials a request presents, or the Plaid error they amount to. */
function presented(request: FastifyRequest): { clientId: string; secret: string } | PlaidError {
  const version = header(request, 'plaid-version');
  if (version !== undefined && version !== SUPPORTED_VERSION)
    return new PlaidError(
      'INCOMPATIBLE_API_VERSION',
      `Plaid-Version ${version} is not supported; use ${SUPPORTED_VERSION}`,
    );
  const body = (request.body && typeof request.body === 'object' ? request.body : {}) as Record<
    string,
    unknown
  >;
  const clientId = pick(body.client_id) ?? header(request, 'plaid-client-id');
  const secret = pick(body.secret) ?? header(request, 'plaid-secret');
  if (!clientId || !secret)
    return errors.missingFields([!clientId && 'client_id', !secret && 'secret'].filter((x) => x !== false));
  return { clientId, secret };
}

function pick(v: unknown): string | undefined {
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

function header(request: FastifyRequest, name: string): string | undefined {
  const v = request.headers[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s && s.length > 0 ? s : undefined;
}
