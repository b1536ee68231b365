import { AssetReportAddOns, Configuration, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../../lib/pdf/pdf-text';
import { createTestWeft, LOOPBACK_TARGETS, type TestWeft } from '../../test/harness';
import {
  type ReceivedWebhook,
  startReceiver,
  type WebhookReceiver,
} from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { assetsWorker } from './assets.test-kit';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};

type Failure = { response?: { status: number; data: { error_code: string; error_type: string } } };
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: Failure) => e.response,
  );

/** Assets through the official client over real HTTP, its webhooks delivered to a receiver. */
describe('the official plaid client drives Asset Reports', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let a: PlaidApi;
  let b: PlaidApi;
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
    await assetsWorker(w).start();
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

  const assetsHook = (reportId: string, reportType: string) => (h: ReceivedWebhook) =>
    h.json.webhook_type === 'ASSETS' &&
    h.json.webhook_code === 'PRODUCT_READY' &&
    h.json.asset_report_id === reportId &&
    h.json.report_type === reportType;

  it('creates a report, hears it is ready, reads it as JSON and PDF, refreshes, filters, shares and removes it', async () => {
    const tokens: string[] = [];
    for (const institution_id of ['ins_109508', 'ins_109509']) {
      const pt = await a.sandboxPublicTokenCreate({
        institution_id,
        initial_products: [Products.Assets],
        options: { webhook: rx.url },
      });
      tokens.push(
        (await a.itemPublicTokenExchange({ public_token: pt.data.public_token })).data.access_token,
      );
    }
    const created = (
      await a.assetReportCreate({
        access_tokens: tokens,
        days_requested: 60,
        options: {
          client_report_id: 'sdk-1',
          webhook: rx.url,
          add_ons: [AssetReportAddOns.FastAssets],
          user: { client_user_id: 'sdk-user', first_name: 'Alberta', last_name: 'Charleson' },
        },
      })
    ).data;
    const { asset_report_token, asset_report_id } = created;

    const [fastHook] = await rx.waitFor(1, assetsHook(asset_report_id, 'FAST'), 30_000);
    expect(webhookProblems('AssetsProductReadyWebhook', fastHook!.json) ?? []).toEqual([]);
    const [fullHook] = await rx.waitFor(1, assetsHook(asset_report_id, 'FULL'), 30_000);
    expect(webhookProblems('AssetsProductReadyWebhook', fullHook!.json) ?? []).toEqual([]);
    expect(fullHook!.json.environment).toBe('sandbox');

    const report = (await a.assetReportGet({ asset_report_token, include_insights: true })).data.report;
    expect(report.asset_report_id).toBe(asset_report_id);
    expect(report.client_report_id).toBe('sdk-1');
    expect(report.items).toHaveLength(2);
    const accounts = report.items.flatMap((i) => i.accounts);
    const checking = accounts.find((x) => x.subtype === 'checking')!;
    expect(checking.historical_balances).toHaveLength(61);
    expect(checking.transactions.length).toBeGreaterThan(10);
    expect(checking.transactions.every((t) => t.credit_category?.primary)).toBe(true);
    const fast = (await a.assetReportGet({ asset_report_token, fast_report: true })).data.report;
    expect(fast.items.flatMap((i) => i.accounts).every((x) => x.transactions.length === 0)).toBe(true);

    const pdf = await a.assetReportPdfGet({ asset_report_token }, { responseType: 'arraybuffer' });
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const bytes = Buffer.from(pdf.data as unknown as ArrayBuffer);
    expect(await pdfText(bytes)).toContain(asset_report_id);

    const refreshed = (await a.assetReportRefresh({ asset_report_token, days_requested: 5 })).data;
    expect(refreshed.asset_report_id).not.toBe(asset_report_id);
    await rx.waitFor(1, assetsHook(refreshed.asset_report_id, 'FULL'), 30_000);
    const again = (await a.assetReportGet({ asset_report_token: refreshed.asset_report_token })).data.report;
    expect(again.days_requested).toBe(5);

    const filtered = (
      await a.assetReportFilter({ asset_report_token, account_ids_to_exclude: [checking.account_id] })
    ).data;
    await rx.waitFor(1, assetsHook(filtered.asset_report_id, 'FULL'), 30_000);
    const less = (await a.assetReportGet({ asset_report_token: filtered.asset_report_token })).data.report;
    expect(less.items.flatMap((i) => i.accounts).map((x) => x.account_id)).not.toContain(checking.account_id);
    expect(less.items.flatMap((i) => i.accounts)).toHaveLength(accounts.length - 1);

    const copy = (await a.assetReportAuditCopyCreate({ asset_report_token, auditor_id: w.clientB.clientId }))
      .data;
    const audited = (await b.assetReportAuditCopyGet({ audit_copy_token: copy.audit_copy_token })).data;
    expect(audited.report.asset_report_id).toBe(asset_report_id);
    const auditPdf = await b.assetReportAuditCopyPdfGet(
      { audit_copy_token: copy.audit_copy_token },
      { responseType: 'arraybuffer' },
    );
    expect(Buffer.from(auditPdf.data as unknown as ArrayBuffer).equals(bytes)).toBe(true);
    const notAuditor = await failure(a.assetReportAuditCopyGet({ audit_copy_token: copy.audit_copy_token }));
    expect([notAuditor?.status, notAuditor?.data.error_code]).toEqual([400, 'INVALID_AUDIT_COPY_TOKEN']);
    expect(
      (await a.assetReportAuditCopyRemove({ audit_copy_token: copy.audit_copy_token })).data.removed,
    ).toBe(true);

    expect((await a.assetReportRemove({ asset_report_token })).data.removed).toBe(true);
    const gone = await failure(a.assetReportGet({ asset_report_token }));
    expect([gone?.status, gone?.data.error_code]).toEqual([400, 'INVALID_ASSET_REPORT_TOKEN']);
  });

  it("answers Plaid's errors to the client: days out of range, another client's token, an Item without Assets", async () => {
    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Transactions],
    });
    const { access_token } = (await a.itemPublicTokenExchange({ public_token: pt.data.public_token })).data;
    const notEnabled = await failure(
      a.assetReportCreate({ access_tokens: [access_token], days_requested: 30 }),
    );
    expect([notEnabled?.status, notEnabled?.data.error_type, notEnabled?.data.error_code]).toEqual([
      400,
      'ASSET_REPORT_ERROR',
      'PRODUCT_NOT_ENABLED',
    ]);
    const days = await failure(a.assetReportCreate({ access_tokens: [access_token], days_requested: 1000 }));
    expect([days?.status, days?.data.error_code]).toEqual([400, 'INVALID_FIELD']);
    const stranger = await failure(
      b.assetReportCreate({ access_tokens: [access_token], days_requested: 30 }),
    );
    expect([stranger?.status, stranger?.data.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN']);
  });
});
