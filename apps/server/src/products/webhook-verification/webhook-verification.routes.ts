import type { WeftApp, WeftContext } from '../../app-context';
import { PlaidError } from '../../http/errors';
import { webhookSigner } from '../../webhooks/webhooks.module';
import { presentVerificationKey } from './webhook-verification.presenter';
import { WebhookVerificationKeyGetBody } from './webhook-verification.schemas';

/** /webhook_verification_key/get: the public key a webhook's `kid` names. */
export async function webhookVerificationRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const signer = webhookSigner(ctx);
  app.post(
    '/webhook_verification_key/get',
    { schema: { body: WebhookVerificationKeyGetBody } },
    async (req) => {
      await ctx.auth.authenticate(req);
      const key = await signer.publicKey(req.body.key_id);
      if (!key) throw new PlaidError('INVALID_WEBHOOK_VERIFICATION_KEY_ID');
      return presentVerificationKey(key);
    },
  );
}
