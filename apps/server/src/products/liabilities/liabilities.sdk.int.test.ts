import {
  Configuration,
  PlaidApi,
  Products,
  SandboxItemFireWebhookRequestWebhookCodeEnum,
  WebhookType,
} from 'plaid';
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

type Failure = { response?: { status: number; data: { error_code: string } } };

/** Liabilities through the official client over real HTTP, with its webhooks delivered. */
describe('the official plaid client reads Liabilities', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let a: PlaidApi;
  let b: PlaidApi;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
    const basePath = await w.listen();
    const client = (keys: TestWeft['clientA']) =>
      new PlaidApi(
        new Configuration({
          basePath,
          baseOptions: { headers: { 'PLAID-CLIENT-ID': keys.clientId, 'PLAID-SECRET': keys.secret } },
        }),
      );
    a = client(w.clientA);
    b = client(w.clientB);
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  const liabilityHooks = (itemId: string) => (h: ReceivedWebhook) =>
    h.json.item_id === itemId &&
    h.json.webhook_type === 'LIABILITIES' &&
    h.json.webhook_code === 'DEFAULT_UPDATE';

  it('links with liabilities, reads them whole and filtered, and receives DEFAULT_UPDATE as the spec describes it', async () => {
    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Liabilities],
      options: { webhook: rx.url },
    });
    const { access_token, item_id } = (
      await a.itemPublicTokenExchange({ public_token: pt.data.public_token })
    ).data;

    const all = (await a.liabilitiesGet({ access_token })).data;
    expect(all.liabilities.credit).toHaveLength(2);
    expect(all.liabilities.mortgage).toHaveLength(1);
    expect(all.liabilities.student).toHaveLength(1);
    expect(all.item.billed_products).toEqual([Products.Liabilities]);

    const studentId = all.liabilities.student![0]!.account_id!;
    const one = (await a.liabilitiesGet({ access_token, options: { account_ids: [studentId] } })).data;
    expect(one.accounts.map((x) => x.account_id)).toEqual([studentId]);
    expect(one.liabilities).toEqual({ credit: null, mortgage: null, student: all.liabilities.student });

    // The Item's first liabilities announce every account that has one.
    const [created] = await rx.waitFor(1, liabilityHooks(item_id));
    expect(webhookProblems('LiabilitiesDefaultUpdateWebhook', created!.json) ?? []).toEqual([]);
    expect(created!.json.account_ids_with_new_liabilities).toHaveLength(4);

    const fired = await a.sandboxItemFireWebhook({
      access_token,
      webhook_type: WebhookType.Liabilities,
      webhook_code: SandboxItemFireWebhookRequestWebhookCodeEnum.DefaultUpdate,
    });
    expect(fired.data.webhook_fired).toBe(true);
    const hooks = await rx.waitFor(2, liabilityHooks(item_id));
    expect(webhookProblems('LiabilitiesDefaultUpdateWebhook', hooks[1]!.json) ?? []).toEqual([]);
  });

  it("answers Plaid's errors: an unknown account id, another client's token, fire_webhook before the Item has the product", async () => {
    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Transactions],
      options: { webhook: rx.url },
    });
    const { access_token } = (await a.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
    const failure = (p: Promise<unknown>) =>
      p.then(
        () => null,
        (e: Failure) => e.response,
      );

    const unknown = await failure(a.liabilitiesGet({ access_token, options: { account_ids: ['nope'] } }));
    expect([unknown?.status, unknown?.data.error_code]).toEqual([400, 'INVALID_ACCOUNT_ID']);
    const stranger = await failure(b.liabilitiesGet({ access_token }));
    expect([stranger?.status, stranger?.data.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN']);
    const notEnabled = await failure(
      a.sandboxItemFireWebhook({
        access_token,
        webhook_type: WebhookType.Liabilities,
        webhook_code: SandboxItemFireWebhookRequestWebhookCodeEnum.DefaultUpdate,
      }),
    );
    expect([notEnabled?.status, notEnabled?.data.error_code]).toEqual([400, 'SANDBOX_PRODUCT_NOT_ENABLED']);
    // Once used, the product is the Item's, and its webhook can be fired.
    await a.liabilitiesGet({ access_token });
    const fired = await a.sandboxItemFireWebhook({
      access_token,
      webhook_type: WebhookType.Liabilities,
      webhook_code: SandboxItemFireWebhookRequestWebhookCodeEnum.DefaultUpdate,
    });
    expect(fired.data.webhook_fired).toBe(true);
  });
});
