import { Configuration, IDNumberType, PlaidApi, Strategy } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, LOOPBACK_TARGETS, type TestWeft } from '../../test/harness';
import {
  type ReceivedWebhook,
  startReceiver,
  type WebhookReceiver,
} from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};
const TEMPLATE = 'idvtmp_sdkclient00001';
const LESLIE = {
  phone_number: '+12345678909',
  date_of_birth: '1975-01-18',
  name: { given_name: 'Leslie', family_name: 'Knope' },
  address: { street: '123 Main St.', city: 'Pawnee', region: 'IN', postal_code: '46001', country: 'US' },
  id_number: { value: '123456789', type: IDNumberType.UsSsn },
};

type Failure = { response?: { status: number; data: { error_type: string; error_code: string } } };

/** Identity Verification through the official client over real HTTP, with its webhooks delivered. */
describe('the official plaid client drives Identity Verification', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let a: PlaidApi;
  let b: PlaidApi;
  let basePath: string;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
    basePath = await w.listen();
    const client = (keys: TestWeft['clientA']) =>
      new PlaidApi(
        new Configuration({
          basePath,
          baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
        }),
      );
    a = client(w.clientA);
    b = client(w.clientB);
    const set = await fetch(`${basePath}/weft/identity_verification/template/update`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        client_id: w.clientA.clientId,
        secret: w.clientA.secret,
        template_id: TEMPLATE,
        webhook: rx.url,
      }),
    });
    expect(set.status).toBe(200);
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  const hooksOf = (id: string) => (h: ReceivedWebhook) => h.json.identity_verification_id === id;

  it('creates, gets and lists a passing session for the sandbox identity, and receives its webhooks as the spec describes them', async () => {
    const created = await a.identityVerificationCreate({
      client_user_id: 'sdk-user-1',
      template_id: TEMPLATE,
      is_shareable: true,
      gave_consent: true,
      user: LESLIE,
    });
    expect(created.status).toBe(200);
    const id = created.data.id;
    expect(created.data.status).toBe('success');
    expect(created.data.steps.kyc_check).toBe('success');
    expect(created.data.shareable_url).toContain(`/verify/${id}?key=`);

    const got = await a.identityVerificationGet({ identity_verification_id: id });
    expect(got.data.user.date_of_birth).toBe('1975-01-18');
    expect(got.data.kyc_check?.name.summary).toBe('match');

    const listed = await a.identityVerificationList({ template_id: TEMPLATE, client_user_id: 'sdk-user-1' });
    expect(listed.data.identity_verifications.map((v) => v.id)).toEqual([id]);
    expect(listed.data.next_cursor).toBeNull();

    const hooks = await rx.waitFor(2, hooksOf(id));
    expect(hooks.map((h) => h.json.webhook_code)).toEqual(['STEP_UPDATED', 'STATUS_UPDATED']);
    for (const h of hooks) {
      expect(h.json).toMatchObject({ webhook_type: 'IDENTITY_VERIFICATION', environment: 'sandbox' });
      const schema =
        h.json.webhook_code === 'STATUS_UPDATED'
          ? 'IdentityVerificationStatusUpdatedWebhook'
          : 'IdentityVerificationStepUpdatedWebhook';
      expect(webhookProblems(schema, h.json) ?? []).toEqual([]);
    }
  });

  it('retries a failed session and receives RETRIED', async () => {
    const first = await a.identityVerificationCreate({
      client_user_id: 'sdk-user-2',
      template_id: TEMPLATE,
      is_shareable: false,
      gave_consent: true,
      user: { ...LESLIE, date_of_birth: '1990-05-05' },
    });
    expect(first.data.status).toBe('failed');
    const again = await a.identityVerificationRetry({
      client_user_id: 'sdk-user-2',
      template_id: TEMPLATE,
      strategy: Strategy.Incomplete,
      user: { date_of_birth: '1975-01-18' },
    });
    expect(again.data.previous_attempt_id).toBe(first.data.id);
    expect(again.data.status).toBe('success');
    const hooks = await rx.waitFor(1, (h) => hooksOf(again.data.id)(h) && h.json.webhook_code === 'RETRIED');
    expect(webhookProblems('IdentityVerificationRetriedWebhook', hooks[0]!.json) ?? []).toEqual([]);
  });

  it("gives another client Plaid's INVALID_FIELD for the session and the template", async () => {
    const created = await a.identityVerificationCreate({
      client_user_id: 'sdk-user-3',
      template_id: TEMPLATE,
      is_shareable: false,
      gave_consent: true,
      user: LESLIE,
    });
    const failure = await b
      .identityVerificationGet({ identity_verification_id: created.data.id })
      .catch((e: Failure) => e);
    expect((failure as Failure).response?.status).toBe(400);
    expect((failure as Failure).response?.data).toMatchObject({
      error_type: 'INVALID_REQUEST',
      error_code: 'INVALID_FIELD',
    });
    const list = await b.identityVerificationList({ template_id: TEMPLATE }).catch((e: Failure) => e);
    expect((list as Failure).response?.data.error_code).toBe('INVALID_FIELD');
  });
});
