import type { CreditBankIncome } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FixedClock } from '../../lib/clock';
import { toMinor } from '../../lib/money';
import { formatAmount, formatMoney } from '../../lib/pdf';
import { pdfText } from '../../lib/pdf/pdf-text';
import { auth, createTestWeft, post, type TestWeft } from '../../test/harness';
import { bankIncomeUser } from './income.test-kit';

const ROW = /^\s*(\d{4}-\d{2})\s+(\d{4}-\d{2}-\d{2})\s+.*?\s(-?[\d,]+\.\d{2})\s*$/;
const MONTH_TOTAL = /^\s*(\d{4}-\d{2})\s+Month total\s+(-?[\d,]+\.\d{2})\s*$/;

/** The text of each income source's part of the PDF, by income source id. */
function sections(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of text.split(/Income source ID: /).slice(1))
    out.set(part.slice(0, part.indexOf('\n')).trim(), part.split(/\n\s*Income source ID: /)[0]!);
  return out;
}

describe('/credit/bank_income/pdf/get', () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft({ clock: new FixedClock(new Date('2026-11-18T12:00:00Z')) });
  });
  afterAll(() => w.close());

  const pdf = (body: Record<string, unknown>, keys = w.clientA) =>
    w.app.inject({
      method: 'POST',
      url: '/credit/bank_income/pdf/get',
      payload: { ...auth(keys), ...body },
      headers: { 'content-type': 'application/json' },
    });

  it('prints every source, deposit and month total with the amounts the JSON report gives, the same bytes each time', async () => {
    const { userToken } = await bankIncomeUser(w, w.clientA, 'pdf-1', { username: 'user_bank_income' });
    const json = await post<{ bank_income: CreditBankIncome[] }>(w, '/credit/bank_income/get', {
      ...auth(w.clientA),
      user_token: userToken,
    });
    const report = json.body.bank_income[0]!;
    const r = await pdf({ user_token: userToken });
    expect(r.statusCode, r.body.slice(0, 200)).toBe(200);
    expect(r.headers['content-type']).toContain('application/pdf');
    expect(r.rawPayload.subarray(0, 5).toString()).toBe('%PDF-');
    const text = await pdfText(r.rawPayload);
    expect(text).toContain(report.bank_income_id!);
    const total = report.bank_income_summary!.total_amounts![0]!;
    expect(text).toContain(`Total income (USD): ${formatMoney(toMinor(total.amount, 'USD'), 'USD')}`);

    const sources = report.items!.flatMap((i) => i.bank_income_sources!);
    expect(sources.length).toBeGreaterThan(1);
    const bySection = sections(text);
    expect([...bySection.keys()].sort()).toEqual(sources.map((s) => s.income_source_id!).sort());
    let deposits = 0;
    for (const s of sources) {
      const section = bySection.get(s.income_source_id!)!;
      expect(section).toContain(`Total: ${formatMoney(toMinor(s.total_amount!, 'USD'), 'USD')}`);
      const lines = section.split('\n');
      const printed = lines
        .map((l) => ROW.exec(l))
        .filter((m) => m !== null)
        .map((m) => `${m![2]} ${m![3]}`)
        .sort();
      const expected = s
        .historical_summary!.flatMap((m) => m.transactions!)
        .map((t) => `${t.date} ${formatAmount(toMinor(t.amount!, 'USD'), 'USD')}`)
        .sort();
      expect(printed).toEqual(expected);
      deposits += printed.length;
      const monthTotals = lines
        .map((l) => MONTH_TOTAL.exec(l))
        .filter((m) => m !== null)
        .map((m) => `${m![1]} ${m![2]}`);
      expect(monthTotals).toEqual(
        s.historical_summary!.map(
          (m) => `${m.start_date!.slice(0, 7)} ${formatAmount(toMinor(m.total_amount!, 'USD'), 'USD')}`,
        ),
      );
    }
    expect(deposits).toBe(report.bank_income_summary!.income_transactions_count);

    const again = await pdf({ user_token: userToken });
    expect(Buffer.compare(again.rawPayload, r.rawPayload)).toBe(0);
  });

  it('answers errors as JSON: no bank Item yet, another client, no token', async () => {
    const { userToken } = await bankIncomeUser(w, w.clientA, 'pdf-2');
    const stranger = await pdf({ user_token: userToken }, w.clientB);
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json()).toMatchObject({ error_code: 'INVALID_FIELD' });
    const missing = await pdf({});
    expect(missing.statusCode).toBe(400);
    expect(missing.json()).toMatchObject({ error_code: 'MISSING_FIELDS' });
    const u = await post<{ user_token: string }>(w, '/user/create', {
      ...auth(w.clientA),
      client_user_id: 'pdf-none',
    });
    const none = await pdf({ user_token: u.body.user_token });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error_type: 'ITEM_ERROR', error_code: 'PRODUCT_NOT_READY' });
  });
});
