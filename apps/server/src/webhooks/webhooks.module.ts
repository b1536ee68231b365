import type { WeftApp, WeftContext } from '../app-context';
import { createJobQueue } from '../jobs/create-queue';
import { systemClock } from '../lib/clock';
import { DeliveryService } from './delivery.service';
import { WebhookDeliveryWorker } from './delivery.worker';
import { WebhookSigner } from './signer';

/** The signer every part of Weft uses: database keys, sealed with the server key. */
export function webhookSigner(ctx: WeftContext): WebhookSigner {
  return new WebhookSigner(ctx.db, ctx.dialect, ctx.secretBox, ctx.clock, systemClock);
}

/** Wires the webhook delivery worker into the roles that run workers. */
export async function webhooksModule(app: WeftApp, ctx: WeftContext): Promise<void> {
  const delivery = new DeliveryService(
    ctx.db,
    ctx.dialect,
    ctx.clock,
    webhookSigner(ctx),
    ctx.config.webhookDelivery,
    ctx.outbound,
  );
  ctx.workers.push(
    new WebhookDeliveryWorker(
      ctx.db,
      ctx.dialect,
      ctx.clock,
      createJobQueue(ctx.config, app.log),
      delivery,
      ctx.config.webhookDelivery,
      app.log,
      (outcome) => ctx.metrics.webhookOutcome(outcome),
    ),
  );
}
