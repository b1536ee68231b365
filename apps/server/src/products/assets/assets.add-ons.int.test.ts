import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { auth, createItem, createTestWeft, post, type TestWeft } from '../../test/harness';
import { assetHooks, assetItems, assetsWorker, createReport, waitForReport } from './assets.test-kit';

type Err = { error_code: string; error_type: string };

/** The add-ons of an Asset Report: fast_assets and investments. */
describe('Asset Report add-ons', () => {
  let w: TestWeft;
  const clock = new FixedClock(new Date('2026-11-18T12:00:00Z'));
  let tokens: string[];

  beforeAll(async () => {
    w = await createTestWeft({ clock });
    await assetsWorker(w).start();
    tokens = await assetItems(w, w.clientA);
  });
  afterAll(() => w.close());

  const call = <T = Err>(path: string, body: Record<string, unknown>, keys = w.clientA) =>
    post<T>(w, path, { ...auth(keys), ...body });

  it('fast_assets gives a fast report (balances and owners, no history) first, with FAST then FULL webhooks', async () => {
    const { token, id } = await createReport(w, w.clientA, {
      access_tokens: tokens,
      days_requested: 30,
      options: { add_ons: ['fast_assets'], webhook: 'https://hooks.example.com/assets' },
    });
    await waitForReport(w, w.clientA, token);
    const fast = await waitForReport(w, w.clientA, token, { fast_report: true });
    expect(fast.status).toBe(200);
    const full = await waitForReport(w, w.clientA, token);
    for (const [i, item] of fast.body.report.items.entries())
      for (const [j, a] of item.accounts.entries()) {
        expect(a.transactions).toEqual([]);
        expect(a.historical_balances).toEqual([]);
        const f = full.body.report.items[i]!.accounts[j]!;
        expect([a.account_id, a.balances.current, a.owners]).toEqual([
          f.account_id,
          f.balances.current,
          f.owners,
        ]);
      }
    const hooks = await assetHooks(w, id);
    expect(hooks.map((h) => h.json.report_type)).toEqual(['FAST', 'FULL']);
    expect(hooks.every((h) => h.row.webhook_url === 'https://hooks.example.com/assets')).toBe(true);

    // A report made without the add-on has no fast version.
    const plain = await createReport(w, w.clientA, { access_tokens: tokens, days_requested: 0 });
    const r = await waitForReport(w, w.clientA, plain.token, { fast_report: true });
    expect([r.status, r.body.error_code]).toEqual([400, 'INVALID_FIELD']);
  });

  it('the investments add-on gives investment accounts the holdings and trades the investments store holds', async () => {
    const { accessToken } = await createItem(w, w.clientA, { initial_products: ['assets', 'investments'] });
    clock.advance(60_000);
    const holdings = await call<{
      holdings: { account_id: string; security_id: string; institution_value: number; quantity: number }[];
    }>('/investments/holdings/get', { access_token: accessToken });
    expect(holdings.status, JSON.stringify(holdings.body)).toBe(200);
    expect(holdings.body.holdings.length).toBeGreaterThan(0);

    const withInv = await createReport(w, w.clientA, {
      access_tokens: [accessToken],
      days_requested: 30,
      options: { add_ons: ['investments'] },
    });
    const r = await waitForReport(w, w.clientA, withInv.token);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const accounts = r.body.report.items[0]!.accounts;
    const investment = accounts.filter((a) => a.type === 'investment');
    expect(investment.length).toBeGreaterThan(0);
    for (const a of accounts) if (a.type !== 'investment') expect(a).not.toHaveProperty('investments');
    const reported = investment.flatMap((a) => a.investments?.holdings ?? []);
    const pick = (h: {
      account_id: string;
      security_id: string;
      institution_value: number;
      quantity: number;
    }) => [h.account_id, h.security_id, h.institution_value, h.quantity];
    expect(reported.map(pick).sort()).toEqual(holdings.body.holdings.map(pick).sort());
    for (const a of investment) {
      const ids = new Set((a.investments?.securities ?? []).map((s) => s.security_id));
      for (const h of a.investments?.holdings ?? []) expect(ids.has(h.security_id)).toBe(true);
      for (const t of a.investments?.transactions ?? []) expect(t.date >= '2026-10-19').toBe(true);
    }

    expect(r.body.warnings).toEqual([]);

    // An Item linked without investments: its investment accounts come without, and a warning says so.
    const unlinked = await createReport(w, w.clientA, {
      access_tokens: [tokens[0]],
      days_requested: 30,
      options: { add_ons: ['investments'] },
    });
    const partial = await waitForReport(w, w.clientA, unlinked.token);
    expect(partial.status).toBe(200);
    expect(partial.body.warnings.map((x) => [x.warning_type, x.warning_code, x.cause?.error_code])).toEqual([
      ['ASSET_REPORT_WARNING', 'INVESTMENTS_UNAVAILABLE', 'PRODUCTS_NOT_SUPPORTED'],
    ]);
    for (const a of partial.body.report.items[0]!.accounts) expect(a).not.toHaveProperty('investments');

    const without = await createReport(w, w.clientA, { access_tokens: [accessToken], days_requested: 30 });
    const plain = await waitForReport(w, w.clientA, without.token);
    for (const a of plain.body.report.items[0]!.accounts) expect(a).not.toHaveProperty('investments');
  });
});
