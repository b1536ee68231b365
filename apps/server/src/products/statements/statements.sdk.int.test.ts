import { createHash } from 'node:crypto';
import { Configuration, CountryCode, type LinkTokenCreateRequest, PlaidApi, Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { createTestWeft, LOOPBACK_TARGETS, type TestWeft } from '../../test/harness';
import {
  type ReceivedWebhook,
  startReceiver,
  type WebhookReceiver,
} from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { PULL_DELAYS_MS } from '../transactions/transactions.pull';
import { readStatement } from './statements.test-kit';

const FAST = {
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
  WEFT_WEBHOOK_TIMEOUT_MS: '2000',
  ...LOOPBACK_TARGETS,
};

type Failure = { response?: { status: number; data: { error_code: string } } };

/** Statements through the official client over real HTTP, with the refresh webhook delivered. */
describe('the official plaid client reads Statements', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let a: PlaidApi;
  let b: PlaidApi;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));
  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: FAST, clock });
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

  const refreshHooks = (itemId: string) => (h: ReceivedWebhook) =>
    h.json.item_id === itemId &&
    h.json.webhook_type === 'STATEMENTS' &&
    h.json.webhook_code === 'STATEMENTS_REFRESH_COMPLETE';
  const failure = (p: Promise<unknown>) =>
    p.then(
      () => null,
      (e: Failure) => e.response,
    );

  it('links with statements options, lists, downloads a PDF whose hash is in Plaid-Content-Hash, refreshes and receives STATEMENTS_REFRESH_COMPLETE', async () => {
    const pt = await a.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Statements],
      options: { webhook: rx.url, statements: { start_date: '2026-08-01', end_date: '2026-10-31' } },
    });
    const { access_token, item_id } = (
      await a.itemPublicTokenExchange({ public_token: pt.data.public_token })
    ).data;
    clock.advance(PULL_DELAYS_MS.historical + 1000);

    const listed = (await a.statementsList({ access_token })).data;
    expect(listed.item_id).toBe(item_id);
    expect(listed.institution_name).toBe('First Platypus Bank');
    const checking = listed.accounts.find((x) => x.account_subtype === 'checking')!;
    expect(checking.statements.map((s) => [s.year, s.month])).toEqual([
      [2026, 8],
      [2026, 9],
      [2026, 10],
    ]);

    const statement = checking.statements[2]!;
    const got = await a.statementsDownload(
      { access_token, statement_id: statement.statement_id },
      { responseType: 'arraybuffer' },
    );
    const bytes = Buffer.from(got.data as unknown as ArrayBuffer);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['plaid-content-hash']).toBe(createHash('sha256').update(bytes).digest('hex'));
    const read = await readStatement(bytes);
    expect(read.text).toContain('Statement for October 2026');
    expect(read.rows.length).toBeGreaterThan(5);

    const refreshed = await a.statementsRefresh({
      access_token,
      start_date: '2026-05-01',
      end_date: '2026-06-30',
    });
    expect(refreshed.data.request_id).toBeTruthy();
    const [hook] = await rx.waitFor(1, refreshHooks(item_id));
    expect(hook!.json).toMatchObject({ result: 'SUCCESS', environment: 'sandbox' });
    expect(webhookProblems('StatementsRefreshCompleteWebhook', hook!.json) ?? []).toEqual([]);
    const after = (await a.statementsList({ access_token })).data;
    expect(
      after.accounts.find((x) => x.account_id === checking.account_id)!.statements.map((s) => s.month),
    ).toEqual([5, 6, 8, 9, 10]);

    // Client B reaches none of it.
    const stranger = await failure(b.statementsList({ access_token }));
    expect([stranger?.status, stranger?.data.error_code]).toEqual([400, 'INVALID_ACCESS_TOKEN']);
    const unknown = await failure(a.statementsDownload({ access_token, statement_id: 'nope' }));
    expect([unknown?.status, unknown?.data.error_code]).toEqual([400, 'INVALID_FIELD']);
  });

  it('creates link tokens for Statements only with their dates, as Plaid requires', async () => {
    const base: LinkTokenCreateRequest = {
      client_name: 'Test App',
      language: 'en',
      country_codes: [CountryCode.Us],
      user: { client_user_id: 'u1' },
      products: [Products.Statements],
    };
    const missing = await failure(a.linkTokenCreate(base));
    expect([missing?.status, missing?.data.error_code]).toEqual([400, 'MISSING_FIELDS']);
    const backwards = await failure(
      a.linkTokenCreate({ ...base, statements: { start_date: '2026-10-31', end_date: '2026-01-01' } }),
    );
    expect([backwards?.status, backwards?.data.error_code]).toEqual([400, 'INVALID_FIELD']);
    const ok = await a.linkTokenCreate({
      ...base,
      statements: { start_date: '2026-01-01', end_date: '2026-10-31' },
    });
    expect(ok.data.link_token).toMatch(/^link-sandbox-/);
  });
});
