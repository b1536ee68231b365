import type { AccountAssets, AssetReportGetResponse } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { formatAmount, formatMoney } from '../../lib/pdf';
import { pdfPageCount, pdfText } from '../../lib/pdf/pdf-text';
import { auth, createTestWeft, type TestWeft } from '../../test/harness';
import { renderAssetReportPdf } from './assets.pdf';
import { parseSnapshot } from './assets.snapshot';
import { assetItems, assetsWorker, createReport, waitForReport } from './assets.test-kit';

const DATE = /^\s*(\d{4}-\d{2}-\d{2})\s+/;
const AMOUNT = /\s(-?[\d,]+\.\d{2})\s*$/;

/** The text of each account's part of the PDF, by account id. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/Account ID: /).slice(1);
  for (const part of parts) out.set(part.slice(0, part.indexOf('\n')).trim(), part);
  return out;
}

/** [date, amount] of each row of a table in a section of text, between two markers. */
function rows(section: string, from: string, to: string | null): [string, string][] {
  const start = section.indexOf(from);
  if (start < 0) return [];
  const end = to === null ? section.length : section.indexOf(to, start);
  return section
    .slice(start, end < 0 ? section.length : end)
    .split('\n')
    .filter((l) => DATE.test(l) && AMOUNT.test(l))
    .map((l) => [DATE.exec(l)![1]!, AMOUNT.exec(l)![1]!]);
}

const printed = (amount: number, currency: string | null) =>
  formatAmount(toMinor(amount, currency), currency);
const sorted = (list: [string, string][]) => [...list].map((r) => r.join(' ')).sort();

describe('/asset_report/pdf/get', () => {
  let w: TestWeft;
  let token: string;
  let json: AssetReportGetResponse;

  beforeAll(async () => {
    w = await createTestWeft({ clock: new FixedClock(new Date('2026-11-18T12:00:00Z')) });
    await assetsWorker(w).start();
    const tokens = await assetItems(w, w.clientA);
    ({ token } = await createReport(w, w.clientA, {
      access_tokens: tokens,
      days_requested: 90,
      options: { client_report_id: 'pdf-1', user: { first_name: 'Alberta', last_name: 'Charleson' } },
    }));
    const r = await waitForReport(w, w.clientA, token);
    expect(r.status).toBe(200);
    json = r.body;
  });
  afterAll(() => w.close());

  const pdf = async (body: Record<string, unknown>, path = '/asset_report/pdf/get', keys = w.clientA) => {
    const res = await w.app.inject({
      method: 'POST',
      url: path,
      payload: { ...auth(keys), ...body },
      headers: { 'content-type': 'application/json' },
    });
    return { status: res.statusCode, type: String(res.headers['content-type']), bytes: res.rawPayload };
  };

  it('is a multi-page PDF whose every amount equals the JSON report’s', async () => {
    const r = await pdf({ asset_report_token: token });
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/pdf');
    expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    const pages = await pdfPageCount(r.bytes);
    const accounts: AccountAssets[] = json.report.items.flatMap((i) => i.accounts);
    expect(pages).toBeGreaterThan(accounts.length);
    const text = await pdfText(r.bytes);
    expect(text).toContain(json.report.asset_report_id);
    expect(text).toContain('pdf-1');
    expect(text).toContain('Alberta Charleson');

    const bySection = sections(text);
    expect([...bySection.keys()].sort()).toEqual(accounts.map((a) => a.account_id).sort());
    let transactions = 0;
    for (const a of accounts) {
      const currency = a.balances.iso_currency_code;
      const section = bySection.get(a.account_id)!;
      // Summary: each account's current balance.
      if (a.balances.current !== null)
        expect(text).toContain(formatMoney(toMinor(a.balances.current, currency), currency));
      // Every transaction's date and amount, as many times as the JSON has them.
      const txRows = rows(section, 'Transactions (', null);
      expect(sorted(txRows), a.name).toEqual(
        sorted(a.transactions.map((t) => [t.date, printed(t.amount, currency)])),
      );
      expect(section).toContain(`Transactions (${a.transactions.length})`);
      transactions += txRows.length;
      // Month-end balances are the JSON's historical balances of those days.
      const balanceRows = rows(section, 'Balances at month end', 'Transactions (');
      const byDate = new Map(a.historical_balances.map((b) => [b.date, printed(b.current, currency)]));
      expect(balanceRows.length).toBeGreaterThan(2);
      for (const [date, amount] of balanceRows) expect(amount, `${a.name} ${date}`).toBe(byDate.get(date));
      expect(balanceRows[0]).toEqual([
        a.historical_balances[0]!.date,
        byDate.get(a.historical_balances[0]!.date),
      ]);
    }
    expect(transactions).toBeGreaterThan(100);
    // Total depository and investment assets in the summary.
    const total = accounts
      .filter((a) => a.type === 'depository' || a.type === 'investment')
      .reduce((s, a) => s + toMinor(a.balances.current ?? 0, 'USD'), 0);
    expect(text).toContain(`Total assets (USD): ${formatMoney(total, 'USD')}`);
  });

  it('renders the same bytes each time, the audit copy’s included, and honours days_to_include', async () => {
    const a = await pdf({ asset_report_token: token });
    const b = await pdf({ asset_report_token: token });
    expect(a.bytes.equals(b.bytes)).toBe(true);
    // Rendered afresh (not from the route's cache), the same report gives the same bytes.
    const row = await w.ctx.db
      .selectFrom('asset_reports')
      .selectAll()
      .where('asset_report_id', '=', json.report.asset_report_id)
      .executeTakeFirstOrThrow();
    const view = {
      report: row,
      snapshot: parseSnapshot(row.report!),
      fast: false,
      includeInsights: false,
      daysToInclude: undefined,
    };
    const fresh = [await renderAssetReportPdf(view), await renderAssetReportPdf(view)];
    expect(fresh[0]!.equals(a.bytes) && fresh[1]!.equals(a.bytes)).toBe(true);

    const copy = await w.app.inject({
      method: 'POST',
      url: '/asset_report/audit_copy/create',
      payload: { ...auth(w.clientA), asset_report_token: token, auditor_id: w.clientB.clientId },
    });
    const auditToken = (copy.json() as { audit_copy_token: string }).audit_copy_token;
    const audited = await pdf(
      { audit_copy_token: auditToken },
      '/asset_report/audit_copy/pdf/get',
      w.clientB,
    );
    expect([audited.status, audited.type]).toEqual([200, 'application/pdf']);
    expect(audited.bytes.equals(a.bytes)).toBe(true);

    const short = await pdf({ asset_report_token: token, options: { days_to_include: 7 } });
    const text = await pdfText(short.bytes);
    const dates = text
      .split('\n')
      .filter((l) => DATE.test(l) && AMOUNT.test(l))
      .map((l) => DATE.exec(l)![1]!);
    expect(dates.length).toBeGreaterThan(0);
    for (const d of dates) expect(d >= '2026-11-11').toBe(true);
    expect(short.bytes.length).toBeLessThan(a.bytes.length);
  });

  it('answers an error as JSON: another client’s token', async () => {
    const stranger = await pdf({ asset_report_token: token }, '/asset_report/pdf/get', w.clientB);
    expect(stranger.status).toBe(400);
    expect(JSON.parse(stranger.bytes.toString()).error_code).toBe('INVALID_ASSET_REPORT_TOKEN');
  });
});
