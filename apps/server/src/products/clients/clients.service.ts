import type { Clock } from '../../lib/clock';
import { randomHex, sha256 } from '../../lib/ids';
import type { ClientsRepository } from './clients.repository';

/** A client's keys, shown once when created. */
export interface ClientKeys {
  clientId: string;
  secret: string;
}

/** Creates API clients and bootstraps the sandbox client at startup. */
export class ClientsService {
  constructor(
    private readonly clients: ClientsRepository,
    private readonly clock: Clock,
  ) {}

  /** Creates a client with fresh keys; the secret is returned once and stored only as a digest. */
  async create(name: string): Promise<ClientKeys> {
    const keys = { clientId: randomHex(12), secret: randomHex(15) };
    await this.put(keys, name);
    return keys;
  }

  /** Stores (or re-keys) a client with the given keys. */
  async put(keys: ClientKeys, name: string): Promise<void> {
    await this.clients.upsert({
      client_id: keys.clientId,
      secret_hash: sha256(keys.secret),
      name,
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
