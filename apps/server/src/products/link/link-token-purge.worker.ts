import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import { PeriodicWorker } from '../../jobs/periodic-worker';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import type { WorkerLog } from '../../webhooks/delivery.worker';
import { LinkTokensRepository } from './link-tokens.repository';

/** How often expired link tokens are looked for, beside the purge each new link token makes. */
const PURGE_EVERY_MS = 5 * 60 * 1000;

/**
 * Deletes expired link tokens with their Link sessions, so what they held about a person (sealed
 * as it is) is gone soon after Plaid's expiry even when no new link token is made.
 */
export class LinkTokenPurgeWorker extends PeriodicWorker {
  readonly name = 'link-token-purge';

  constructor(
    private readonly db: Kysely<Database>,
    private readonly box: SecretBox,
    private readonly clock: Clock,
    log: WorkerLog,
  ) {
    super(PURGE_EVERY_MS, log, 'link token purge failed', true);
  }

  /** One pass now, batch after batch until nothing expired is left; returns how many tokens went. */
  async runOnce(): Promise<number> {
    const repo = new LinkTokensRepository(this.db, this.box);
    const now = this.clock.now().toISOString();
    let total = 0;
    for (let n = await repo.purgeExpired(now); n > 0; n = await repo.purgeExpired(now)) total += n;
    return total;
  }
}
