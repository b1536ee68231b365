import type { Clock } from '../../lib/clock';
import { randomHex, sha256 } from '../../lib/ids';
import { isHttpUrl } from '../../lib/outbound-guard';
import type { ClientSummary, ClientsRepository } from './clients.repository';
import type { RedirectUrisRepository } from './redirect-uris.repository';

/** A client's keys, shown once when created. */
export interface ClientKeys {
  clientId: string;
  secret: string;
}

/** The environment a client's keys, Items and tokens belong to. */
export type ClientEnv = 'sandbox' | 'production';

/** Why a client's keys could not be changed. */
export type KeysRefusal = 'unknown_client' | 'revoked';

/** Why a redirect URI could not be registered. */
export type RedirectUriRefusal = 'unknown_client' | 'invalid_uri';

/**
 * Creates, lists, rotates and revokes API clients, keeps their registered redirect URIs, and
 * bootstraps the sandbox client at startup.
 */
export class ClientsService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
    private readonly redirects: RedirectUrisRepository,
  ) {}

  /** The redirect URIs a client registered; /link/token/create accepts only these. */
  async redirectUris(clientId: string): Promise<string[] | 'unknown_client'> {
    if (!(await this.clients.find(clientId))) return 'unknown_client';
    return this.redirects.list(clientId);
  }

  /** Registers a redirect URI (an absolute http(s) URL, matched exactly) for a client. */
  async addRedirectUri(clientId: string, uri: string): Promise<true | RedirectUriRefusal> {
    if (!isHttpUrl(uri)) return 'invalid_uri';
    if (!(await this.clients.find(clientId))) return 'unknown_client';
    await this.redirects.add(clientId, uri, this.clock.now().toISOString());
    return true;
  }

  /** Removes a registered redirect URI; false when the client had not registered it. */
  async removeRedirectUri(clientId: string, uri: string): Promise<boolean | 'unknown_client'> {
    if (!(await this.clients.find(clientId))) return 'unknown_client';
    return this.redirects.remove(clientId, uri);
  }

  /**
   * Creates a client with fresh keys for one environment (sandbox unless told); the secret is
   * returned once and stored only as a digest.
   */
  async create(name: string, env: ClientEnv = 'sandbox'): Promise<ClientKeys> {
    const keys = { clientId: randomHex(12), secret: randomHex(15) };
    await this.put(keys, name, env);
    return keys;
  }

  /** Every client with its status, never a secret or its digest. */
  list(): Promise<ClientSummary[]> {
    return this.clients.list();
  }

  /**
   * Gives a client a new secret, returned once; the old one stops working (every API process
   * re-reads a client within its bounded cache time). A revoked client is not re-keyed.
   */
  async rotate(clientId: string): Promise<ClientKeys | KeysRefusal> {
    const row = await this.clients.find(clientId);
    if (!row) return 'unknown_client';
    if (row.revoked_at) return 'revoked';
    const keys = { clientId, secret: randomHex(15) };
    await this.clients.rotate(clientId, sha256(keys.secret), this.clock.now().toISOString());
    return keys;
  }

  /** Revokes a client: it can no longer authenticate. Revoking twice keeps the first time. */
  async revoke(clientId: string): Promise<true | 'unknown_client'> {
    return (await this.clients.revoke(clientId, this.clock.now().toISOString())) ? true : 'unknown_client';
  }

  /** Stores (or re-keys) a client with the given keys, in one environment. */
  async put(keys: ClientKeys, name: string, env: ClientEnv = 'sandbox'): Promise<void> {
    await this.clients.upsert({
      client_id: keys.clientId,
      secret_hash: sha256(keys.secret),
      name,
      env,
      created_at: this.clock.now().toISOString(),
    });
  }

  /**
   * Ensures the sandbox client exists: pinned keys are (re)applied; otherwise, on the very first
   * start only, fresh keys are generated and returned so the caller can print them once.
   */
  async bootstrapSandbox(pinned: ClientKeys | undefined): Promise<ClientKeys | null> {
    if (pinned) {
      await this.put(pinned, 'sandbox');
      return null;
    }
    if ((await this.clients.count()) > 0) return null;
    return this.create('sandbox');
  }
}
