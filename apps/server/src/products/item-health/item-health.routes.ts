import type { WeftApp, WeftContext } from '../../app-context';
import type { AuthenticatedClient } from '../../http/client-auth';
import { PlaidError } from '../../http/errors';
import {
  presentConsentExpiration,
  presentFireWebhook,
  presentResetLogin,
  presentSetVerificationStatus,
} from './item-health.presenter';
import {
  FireWebhookBody,
  ResetLoginBody,
  SetConsentExpirationBody,
  SetVerificationStatusBody,
} from './item-health.schemas';
import { ItemHealthService } from './item-health.service';
import { ItemHealthWorker } from './item-health.worker';

function sandboxOnly(client: AuthenticatedClient): AuthenticatedClient {
  if (client.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
  return client;
}

/** Item health in the sandbox: login resets, test webhooks, verification status, consent expiry. */
export async function itemHealthRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const health = new ItemHealthService(ctx.db, ctx.clock, ctx.items, ctx.connectors);
  ctx.workers.push(new ItemHealthWorker(health, ctx.config.webhookDelivery.healthScanMs, app.log));

  app.post('/sandbox/item/reset_login', { schema: { body: ResetLoginBody } }, async (req) => {
    const client = sandboxOnly(await ctx.auth.authenticate(req));
    await health.resetLogin(client.clientId, req.body.access_token);
    return presentResetLogin();
  });

  app.post('/sandbox/item/fire_webhook', { schema: { body: FireWebhookBody } }, async (req) => {
    const client = sandboxOnly(await ctx.auth.authenticate(req));
    await health.fireWebhook(
      client.clientId,
      req.body.access_token,
      req.body.webhook_code,
      req.body.webhook_type,
    );
    return presentFireWebhook();
  });

  app.post(
    '/sandbox/item/set_verification_status',
    { schema: { body: SetVerificationStatusBody } },
    async (req) => {
      const client = sandboxOnly(await ctx.auth.authenticate(req));
      const { access_token, account_id, verification_status } = req.body;
      await health.setVerificationStatus(client.clientId, access_token, account_id, verification_status);
      return presentSetVerificationStatus();
    },
  );

  app.post(
    '/weft/sandbox/item/set_consent_expiration',
    { schema: { body: SetConsentExpirationBody } },
    async (req) => {
      const client = sandboxOnly(await ctx.auth.authenticate(req));
      const { access_token, consent_expiration_time } = req.body;
      return presentConsentExpiration(
        await health.setConsentExpiration(client.clientId, access_token, consent_expiration_time),
      );
    },
  );
}
