import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balanceSign } from '../../lib/balance-sign';
import { FixedClock } from '../../lib/clock';
import { dateOf, dayNumber } from '../../lib/days';
import { toMinor } from '../../lib/money';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { webhookProblems } from '../../webhooks/webhook-spec.test-kit';
import { assetHooks, assetItems, assetsWorker, createReport, waitForReport } from './assets.test-kit';

type Err = { error_code: string; error_type: string };

describe('Asset Reports', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));
  let tokens: string[];

  beforeAll(async () => {
    w = await createTestWeft({ clock });
    tokens = await assetItems(w, w.clientA, 'https://hooks.example.com/items');
  });
  afterAll(() => w.close());

  const call = <T = Err>(path: string, body: Record<string, unknown>, keys = w.clientA) =>
    post<T>(w, path, { ...auth(keys), ...body });

  it('builds in the background: PRODUCT_NOT_READY until the worker has built it, then the report and a PRODUCT_READY webhook', async () => {
    const { token, id } = await createReport(w, w.clientA, {
      access_tokens: tokens,
      days_requested: 90,
      options: {
        client_report_id: 'loan-42',
        user: { client_user_id: 'u-1', first_name: 'Alberta', last_name: 'Charleson', email: null },
      },
    });
    expect(token).toMatch(/^assets-sandbox-[0-9a-f-]{36}$/);
    const early = await call('/asset_report/get', { asset_report_token: token });
    expect([early.status, early.body.error_type, early.body.error_code]).toEqual([
      400,
      'ASSET_REPORT_ERROR',
      'PRODUCT_NOT_READY',
    ]);
    expect(await assetHooks(w, id)).toEqual([]);

    await assetsWorker(w).start();
    const r = await waitForReport(w, w.clientA, token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const report = r.body.report;
    expect(report.asset_report_id).toBe(id);
    expect(report.client_report_id).toBe('loan-42');
    expect(report.days_requested).toBe(90);
    expect(report.user).toStrictEqual({
      client_user_id: 'u-1',
      first_name: 'Alberta',
      last_name: 'Charleson',
      // null means not given (email: null was sent).
    });
    expect(report.items.map((i) => i.institution_id)).toEqual(['ins_109508', 'ins_109509']);
    expect(r.body.warnings).toEqual([]);

    const accounts = report.items.flatMap((i) => i.accounts);
    expect(accounts.length).toBeGreaterThan(4);
    // Owners come from the stored identity data.
    for (const a of accounts) expect(a.owners[0]?.names.length).toBeGreaterThan(0);
    const checking = accounts.find((a) => a.subtype === 'checking')!;
    expect(checking.transactions.length).toBeGreaterThan(20);
    expect(checking.days_available).toBeGreaterThan(60);
    expect(checking.days_available).toBeLessThanOrEqual(91);

    // Without insights, no merchant or category; the description is the bank's.
    const t = checking.transactions[0]!;
    expect(t.original_description).toBeTruthy();
    expect(t).not.toHaveProperty('credit_category');
    expect(t).not.toHaveProperty('merchant_name');

    const hooks = await assetHooks(w, id);
    expect(hooks.map((h) => [h.json.webhook_code, h.json.report_type])).toEqual([['PRODUCT_READY', 'FULL']]);
    expect(hooks[0]!.row.webhook_url).toBe('https://hooks.example.com/items');
    expect(webhookProblems('AssetsProductReadyWebhook', hooks[0]!.json) ?? []).toEqual([]);
  });

  it('historical balances walk back from the current balance through each day’s transactions', async () => {
    const { token } = await createReport(w, w.clientA, { access_tokens: tokens, days_requested: 60 });
    const r = await waitForReport(w, w.clientA, token);
    expect(r.status).toBe(200);
    let checked = 0;
    for (const item of r.body.report.items)
      for (const a of item.accounts) {
        const currency = a.balances.iso_currency_code;
        if (a.balances.current === null) continue;
        const h = a.historical_balances;
        expect(h).toHaveLength(61);
        expect(h[0]!.date).toBe('2026-11-18');
        expect(h.at(-1)!.date).toBe(dateOf(dayNumber('2026-11-18') - 60));
        expect(h[0]!.current).toBe(a.balances.current);
        for (const b of h) expect(b.iso_currency_code).toBe(currency);
        const sign = balanceSign(a.type);
        for (let i = 0; i + 1 < h.length; i++) {
          const dayTotal = a.transactions
            .filter((t) => t.date === h[i]!.date)
            .reduce((s, t) => s + toMinor(t.amount, currency), 0);
          expect(toMinor(h[i + 1]!.current, currency), `${a.name} ${h[i + 1]!.date}`).toBe(
            toMinor(h[i]!.current, currency) - sign * dayTotal,
          );
        }
        // Every transaction lies within the report's days.
        for (const t of a.transactions) expect(t.date >= h.at(-1)!.date && t.date <= h[0]!.date).toBe(true);
        if (a.transactions.length > 0) checked++;
      }
    expect(checked).toBeGreaterThan(2);
  });

  it('include_insights adds the enriched merchant and category; days_to_include trims the history', async () => {
    const { token } = await createReport(w, w.clientA, { access_tokens: [tokens[0]], days_requested: 120 });
    const plain = await waitForReport(w, w.clientA, token);
    const rich = await waitForReport(w, w.clientA, token, { include_insights: true });
    expect(rich.status).toBe(200);
    const stored = await w.ctx.db
      .selectFrom('transactions')
      .select(['transaction_id', 'pfc_primary', 'pfc_detailed', 'merchant_name'])
      .execute();
    const byId = new Map(stored.map((s) => [s.transaction_id, s]));
    const txs = rich.body.report.items.flatMap((i) => i.accounts.flatMap((a) => a.transactions));
    expect(txs.length).toBeGreaterThan(20);
    for (const t of txs) {
      const s = byId.get(t.transaction_id)!;
      expect(t.credit_category).toEqual({ primary: s.pfc_primary, detailed: s.pfc_detailed });
      expect(t.merchant_name).toBe(s.merchant_name);
    }
    expect(txs.some((t) => t.merchant_name)).toBe(true);

    const trimmed = await waitForReport(w, w.clientA, token, { options: { days_to_include: 10 } });
    expect(trimmed.status).toBe(200);
    const before = plain.body.report.items[0]!.accounts;
    const after = trimmed.body.report.items[0]!.accounts;
    for (const [i, a] of after.entries()) {
      if (a.balances.current === null) continue;
      expect(a.historical_balances).toEqual(before[i]!.historical_balances.slice(0, 11));
      expect(a.transactions).toEqual(before[i]!.transactions.filter((t) => t.date >= '2026-11-08'));
    }
  });

  it("validates as Plaid does: days, tokens, the Items' products, add-ons and the webhook", async () => {
    const bad = async (body: Record<string, unknown>, code: string, type: string) => {
      const r = await call('/asset_report/create', body);
      expect([r.status, r.body.error_code, r.body.error_type], JSON.stringify(body)).toEqual([
        400,
        code,
        type,
      ]);
    };
    await bad({ access_tokens: tokens, days_requested: 732 }, 'INVALID_FIELD', 'INVALID_REQUEST');
    await bad({ access_tokens: tokens, days_requested: -1 }, 'INVALID_FIELD', 'INVALID_REQUEST');
    await bad({ access_tokens: tokens }, 'MISSING_FIELDS', 'INVALID_REQUEST');
    await bad({ days_requested: 30 }, 'MISSING_FIELDS', 'INVALID_REQUEST');
    await bad({ access_tokens: [], days_requested: 30 }, 'INVALID_FIELD', 'INVALID_REQUEST');
    await bad(
      { access_tokens: ['access-sandbox-nope'], days_requested: 30 },
      'INVALID_ACCESS_TOKEN',
      'INVALID_INPUT',
    );
    await bad(
      { access_tokens: tokens, days_requested: 30, options: { add_ons: ['credit'] } },
      'INVALID_FIELD',
      'INVALID_REQUEST',
    );
    await bad(
      { access_tokens: tokens, days_requested: 30, options: { webhook: 'not a url' } },
      'INVALID_FIELD',
      'INVALID_REQUEST',
    );
    const transactionsOnly = await createItem(w, w.clientA, { initial_products: ['transactions'] });
    await bad(
      { access_tokens: [tokens[0], transactionsOnly.accessToken], days_requested: 30 },
      'PRODUCT_NOT_ENABLED',
      'ASSET_REPORT_ERROR',
    );
    // 731 days is the most Plaid allows, and null options mean none.
    await createReport(w, w.clientA, { access_tokens: tokens, days_requested: 731, options: null });

    for (const path of [
      '/asset_report/get',
      '/asset_report/pdf/get',
      '/asset_report/remove',
      '/asset_report/refresh',
    ]) {
      const r = await call(path, {
        asset_report_token: 'assets-sandbox-00000000-0000-0000-0000-000000000000',
      });
      expect([r.status, r.body.error_code, r.body.error_type]).toEqual([
        400,
        'INVALID_ASSET_REPORT_TOKEN',
        'INVALID_INPUT',
      ]);
    }
    const { token } = await createReport(w, w.clientA, { access_tokens: tokens, days_requested: 5 });
    const days = await call('/asset_report/get', {
      asset_report_token: token,
      options: { days_to_include: 800 },
    });
    expect([days.status, days.body.error_code]).toEqual([400, 'INVALID_FIELD']);
  });

  it('refresh makes a new report of the same Items; filter one without some accounts; remove takes a report and its audit copies', async () => {
    const first = await createReport(w, w.clientA, {
      access_tokens: tokens,
      days_requested: 30,
      options: { client_report_id: 'first' },
    });
    const notYet = await call('/asset_report/filter', {
      asset_report_token: first.token,
      account_ids_to_exclude: [],
    });
    if (notYet.status !== 200) expect(notYet.body.error_code).toBe('PRODUCT_NOT_READY');
    const built = await waitForReport(w, w.clientA, first.token);
    const ids = built.body.report.items.flatMap((i) => i.accounts.map((a) => a.account_id));

    const refreshed = await call<{ asset_report_token: string; asset_report_id: string }>(
      '/asset_report/refresh',
      {
        asset_report_token: first.token,
        days_requested: 10,
      },
    );
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.asset_report_id).not.toBe(first.id);
    const again = await waitForReport(w, w.clientA, refreshed.body.asset_report_token);
    expect(again.body.report.days_requested).toBe(10);
    expect(again.body.report.client_report_id).toBe('first');
    expect(again.body.report.items.flatMap((i) => i.accounts.map((a) => a.account_id))).toEqual(ids);

    const unknown = await call('/asset_report/filter', {
      asset_report_token: first.token,
      account_ids_to_exclude: ['nope'],
    });
    expect([unknown.status, unknown.body.error_code]).toEqual([400, 'INVALID_ACCOUNT_ID']);
    const filtered = await call<{ asset_report_token: string; asset_report_id: string }>(
      '/asset_report/filter',
      {
        asset_report_token: first.token,
        account_ids_to_exclude: ids.slice(0, 2),
      },
    );
    expect(filtered.status).toBe(200);
    const less = await waitForReport(w, w.clientA, filtered.body.asset_report_token);
    expect(less.status).toBe(200);
    const kept = less.body.report.items.flatMap((i) => i.accounts);
    expect(kept.map((a) => a.account_id)).toEqual(ids.slice(2));
    // The filtered report is the parent's data, not a new read.
    expect(kept).toEqual(built.body.report.items.flatMap((i) => i.accounts).slice(2));
    const hooks = await assetHooks(w, filtered.body.asset_report_id);
    expect(hooks.map((h) => h.json.webhook_code)).toEqual(['PRODUCT_READY']);

    const copy = await call<{ audit_copy_token: string }>('/asset_report/audit_copy/create', {
      asset_report_token: first.token,
      auditor_id: w.clientB.clientId,
    });
    expect(copy.status).toBe(200);
    const removed = await call<{ removed: boolean }>('/asset_report/remove', {
      asset_report_token: first.token,
    });
    expect([removed.status, removed.body.removed]).toEqual([200, true]);
    const gone = await call('/asset_report/get', { asset_report_token: first.token });
    expect([gone.status, gone.body.error_code]).toEqual([400, 'INVALID_ASSET_REPORT_TOKEN']);
    const copyGone = await call(
      '/asset_report/audit_copy/get',
      { audit_copy_token: copy.body.audit_copy_token },
      w.clientB,
    );
    expect([copyGone.status, copyGone.body.error_code]).toEqual([400, 'INVALID_AUDIT_COPY_TOKEN']);
    // Reports made from it stay.
    expect((await waitForReport(w, w.clientA, filtered.body.asset_report_token)).status).toBe(200);
    const twice = await call('/asset_report/remove', { asset_report_token: first.token });
    expect(twice.body.error_code).toBe('INVALID_ASSET_REPORT_TOKEN');
  });

  it('an Item in error fails the report with an ERROR webhook, or is left out when require_all_items is false', async () => {
    const [good, broken] = await assetItems(w, w.clientA);
    const reset = await call('/sandbox/item/reset_login', { access_token: broken });
    expect(reset.status).toBe(200);

    const failed = await createReport(w, w.clientA, { access_tokens: [good, broken], days_requested: 30 });
    const r = await waitForReport(w, w.clientA, failed.token);
    expect([r.status, r.body.error_type, r.body.error_code]).toEqual([
      400,
      'ASSET_REPORT_ERROR',
      'DATA_UNAVAILABLE',
    ]);
    const [hook] = await assetHooks(w, failed.id);
    expect(hook!.json.webhook_code).toBe('ERROR');
    const error = hook!.json.error as {
      error_type: string;
      causes: { item_id: string; error_code: string }[];
    };
    expect(error.error_type).toBe('ASSET_REPORT_ERROR');
    expect(error.causes.map((c) => c.error_code)).toEqual(['ITEM_LOGIN_REQUIRED']);
    expect(webhookProblems('AssetsErrorWebhook', hook!.json) ?? []).toEqual([]);

    const partial = await createReport(w, w.clientA, {
      access_tokens: [good, broken],
      days_requested: 30,
      options: { require_all_items: false },
    });
    const ok = await waitForReport(w, w.clientA, partial.token);
    expect(ok.status).toBe(200);
    expect(ok.body.report.items.map((i) => i.institution_id)).toEqual(['ins_109508']);
    const brokenItem = await call<{ item: { item_id: string } }>('/item/get', { access_token: broken });
    expect(ok.body.warnings).toEqual([
      {
        warning_type: 'ASSET_REPORT_WARNING',
        warning_code: 'TRANSACTIONS_UNAVAILABLE',
        cause: expect.objectContaining({
          item_id: brokenItem.body.item.item_id,
          error_type: 'ITEM_ERROR',
          error_code: 'ITEM_LOGIN_REQUIRED',
        }),
      },
    ]);
  });
});
