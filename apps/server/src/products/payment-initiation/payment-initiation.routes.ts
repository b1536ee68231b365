import type { WeftApp, WeftContext } from '../../app-context';
import { PlaidError } from '../../http/errors';
import { ConsentsService } from './consents.service';
import * as present from './payment-initiation.presenter';
import {
  ConsentCreateBody,
  ConsentExecuteBody,
  ConsentIdBody,
  PaymentCreateBody,
  PaymentGetBody,
  PaymentListBody,
  PaymentReverseBody,
  RecipientCreateBody,
  RecipientGetBody,
  RecipientListBody,
  SandboxPaymentSimulateBody,
  WeftConsentAuthoriseBody,
} from './payment-initiation.schemas';
import { PaymentsService } from './payments.service';
import { RecipientsService } from './recipients.service';

/** True for a consent id (Plaid's `consent-id-<env>-<uuid>`). */
function isConsentId(id: string): boolean {
  return id.startsWith('consent-id-');
}

/** Sandbox bank used when a consent is authorised without naming one. */
const DEFAULT_CONSENT_BANK = 'ins_117650';

/**
 * Payment Initiation: recipients, payments, refunds and consents, /sandbox/payment/simulate, and
 * the Link seam through which the user authorises a payment at their bank.
 */
export async function paymentInitiationRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const recipients = new RecipientsService(ctx.db, ctx.clock);
  const payments = new PaymentsService(ctx);
  const consents = new ConsentsService(ctx);

  // Link names either a payment or a consent; their ids say which (payment-id-… / consent-id-…).
  ctx.linkHooks.payment = {
    describe: (clientId, id) =>
      isConsentId(id) ? consents.describe(clientId, id) : payments.describe(clientId, id),
    authorise: async (clientId, id, institutionId, opts) => {
      const webhook = opts?.webhook ?? null;
      if (isConsentId(id)) await consents.authorise(clientId, id, institutionId, { webhook });
      else await payments.authorise(clientId, id, institutionId, webhook);
    },
  };

  app.post('/payment_initiation/recipient/create', { schema: { body: RecipientCreateBody } }, async (req) =>
    present.presentRecipientCreate(await recipients.create(await ctx.auth.authenticate(req), req.body)),
  );
  app.post('/payment_initiation/recipient/get', { schema: { body: RecipientGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return present.presentRecipientGet(await recipients.get(client.clientId, req.body.recipient_id));
  });
  app.post('/payment_initiation/recipient/list', { schema: { body: RecipientListBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return present.presentRecipientList(
      await recipients.list(client.clientId, req.body.count ?? 100, req.body.cursor),
    );
  });

  app.post('/payment_initiation/payment/create', { schema: { body: PaymentCreateBody } }, async (req) =>
    present.presentPaymentCreate(await payments.create(await ctx.auth.authenticate(req), req.body)),
  );
  app.post('/payment_initiation/payment/get', { schema: { body: PaymentGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return present.presentPaymentGet(await payments.get(client.clientId, req.body.payment_id));
  });
  app.post('/payment_initiation/payment/list', { schema: { body: PaymentListBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const { count, cursor, consent_id } = req.body;
    return present.presentPaymentList(await payments.list(client.clientId, count ?? 10, cursor, consent_id));
  });
  app.post('/payment_initiation/payment/reverse', { schema: { body: PaymentReverseBody } }, async (req) =>
    present.presentPaymentReverse(await payments.reverse(await ctx.auth.authenticate(req), req.body)),
  );

  app.post('/payment_initiation/consent/create', { schema: { body: ConsentCreateBody } }, async (req) =>
    present.presentConsentCreate(await consents.create(await ctx.auth.authenticate(req), req.body)),
  );
  app.post('/payment_initiation/consent/get', { schema: { body: ConsentIdBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    return present.presentConsentGet(await consents.get(client.clientId, req.body.consent_id));
  });
  app.post('/payment_initiation/consent/revoke', { schema: { body: ConsentIdBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await consents.revoke(client.clientId, req.body.consent_id);
    return present.presentConsentRevoke();
  });
  app.post(
    '/payment_initiation/consent/payment/execute',
    { schema: { body: ConsentExecuteBody } },
    async (req) =>
      present.presentConsentExecute(await consents.execute(await ctx.auth.authenticate(req), req.body)),
  );

  app.post('/sandbox/payment/simulate', { schema: { body: SandboxPaymentSimulateBody } }, async (req) =>
    present.presentSimulate(await payments.simulate(await ctx.auth.authenticate(req), req.body)),
  );

  // Weft-only: the user authorises a consent at a sandbox bank (Link's consent flow does the same).
  app.post(
    '/weft/sandbox/payment_consent/authorise',
    { schema: { body: WeftConsentAuthoriseBody } },
    async (req) => {
      const client = await ctx.auth.authenticate(req);
      if (client.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
      const b = req.body;
      const c = await consents.authorise(
        client.clientId,
        b.consent_id,
        b.institution_id ?? DEFAULT_CONSENT_BANK,
        {
          webhook: b.webhook,
          approve: b.decision !== 'reject',
        },
      );
      return present.presentConsentGet(c);
    },
  );
}
