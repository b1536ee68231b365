import { Configuration, PlaidApi } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../../test/harness';
import {
  startReceiver,
  verifyLikeAnApp,
  type WebhookReceiver,
} from '../../webhooks/webhook-receiver.test-kit';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { b64, camtStatement, OFX_NOVEMBER, OFX_OCTOBER, ofxChecking } from './statement-fixtures.test-kit';

/** The test receiver listens on 127.0.0.1: delivering there is a development opt-in. */
const DELIVERY = {
  WEFT_ALLOW_PRIVATE_TARGETS: 'loopback',
  WEFT_WEBHOOK_POLL_MS: '10',
  WEFT_WEBHOOK_RETRY_BASE_MS: '20',
};

describe('an imported Item through the official plaid client', () => {
  let w: TestWeft;
  let rx: WebhookReceiver;
  let base: string;
  let plaid: PlaidApi;

  beforeAll(async () => {
    rx = await startReceiver();
    w = await createTestWeft({ env: DELIVERY });
    await w.ctx.workers.find((x) => x.name === 'webhook-delivery')!.start();
    base = await w.listen();
    plaid = new PlaidApi(
      new Configuration({
        basePath: base,
        baseOptions: { headers: { 'PLAID-CLIENT-ID': w.clientA.clientId, 'PLAID-SECRET': w.clientA.secret } },
      }),
    );
  });
  afterAll(async () => {
    await w.close();
    await rx.close();
  });

  /** /weft/statements/import over HTTP, as an app's backend calls it (the SDK does not know it). */
  async function importFiles(files: Record<string, string>, extra: Record<string, unknown> = {}) {
    const res = await fetch(`${base}/weft/statements/import`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'PLAID-CLIENT-ID': w.clientA.clientId,
        'PLAID-SECRET': w.clientA.secret,
      },
      body: JSON.stringify({
        ...extra,
        files: Object.entries(files).map(([name, text]) => ({ name, content_base64: b64(text) })),
      }),
    });
    expect(res.status).toBe(200);
    return (await res.json()) as { item_id: string; public_token?: string; files: { added?: number }[] };
  }

  it('reads accounts, transactions and numbers, and gets SYNC_UPDATES_AVAILABLE when a later file adds transactions', async () => {
    const october = ofxChecking(OFX_OCTOBER, { balance: { amount: '1234.56', date: '2026-11-05' } });
    const created = await importFiles(
      { 'october.ofx': october, 'konto.xml': camtStatement() },
      { webhook: rx.url },
    );
    const { data: exchange } = await plaid.itemPublicTokenExchange({ public_token: created.public_token! });
    const token = exchange.access_token;
    expect(exchange.item_id).toBe(created.item_id);

    const { data: accounts } = await plaid.accountsGet({ access_token: token });
    expect(accounts.accounts.map((a) => [a.mask, a.balances.current, a.balances.iso_currency_code])).toEqual([
      ['3210', 1234.56, 'USD'],
      ['3000', 1500.25, 'EUR'],
    ]);
    expect(accounts.item.institution_id).toBe('ins_weft_files');

    const { data: first } = await plaid.transactionsSync({ access_token: token });
    expect(first.added).toHaveLength(7);
    expect(first.has_more).toBe(false);
    expect(first.transactions_update_status).toBe('HISTORICAL_UPDATE_COMPLETE');

    const { data: numbers } = await plaid.authGet({ access_token: token });
    const [checking, giro] = accounts.accounts;
    expect(numbers.numbers.ach).toEqual([
      { account_id: checking!.account_id, account: '9876543210', routing: '011000015', wire_routing: null },
    ]);
    expect(numbers.numbers.international).toEqual([
      { account_id: giro!.account_id, iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    ]);

    await rx.waitFor(
      1,
      (h) => h.json.item_id === created.item_id && h.json.webhook_code === 'SYNC_UPDATES_AVAILABLE',
    );
    const more = await importFiles({ 'november.ofx': ofxChecking(OFX_NOVEMBER) }, { access_token: token });
    expect(more.files[0]!.added).toBe(2);
    const hooks = await rx.waitFor(
      2,
      (h) => h.json.item_id === created.item_id && h.json.webhook_code === 'SYNC_UPDATES_AVAILABLE',
    );
    const update = hooks[1]!;
    expect(update.json).toMatchObject({
      webhook_type: 'TRANSACTIONS',
      initial_update_complete: true,
      historical_update_complete: true,
      environment: 'sandbox',
    });
    expect(webhookProblems('SyncUpdatesAvailableWebhook', update.json) ?? []).toEqual([]);
    await verifyLikeAnApp(w, w.clientA, update);
    const [legacy] = await rx.waitFor(
      1,
      (h) => h.json.item_id === created.item_id && h.json.webhook_code === 'DEFAULT_UPDATE',
    );
    expect(legacy!.json).toMatchObject({ new_transactions: 2 });

    const { data: next } = await plaid.transactionsSync({ access_token: token, cursor: first.next_cursor });
    expect(next.added.map((t) => t.name).sort()).toEqual(['NETFLIX.COM', 'UBER TRIP']);
    expect(next.modified).toEqual([]);
    expect(next.removed).toEqual([]);
  });
});
