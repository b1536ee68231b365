import { Products } from 'plaid';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pdfText } from '../lib/pdf/pdf-text';
import { assetsWorker } from '../products/assets/assets.test-kit';
import { createTestWeft, type TestWeft } from '../test/harness';
import { demoOf } from './demo.routes';
import { LENDING_PDF_PATH } from './demo-lending-mode';

interface Section {
  id: string;
  endpoint: string;
  description: string;
  table?: { columns: { key: string; label: string }[]; rows: Record<string, string>[] };
  link?: { href: string; label: string };
  error?: { error_code: string };
}

/** The demo's Lending mode: link for Assets, end on the Asset Report's summary and its PDF. */
describe('Quickstart demo, Lending mode', () => {
  let weft: TestWeft;
  let base: string;
  let cookie = '';

  const call = async (method: 'GET' | 'POST', path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookie ? { cookie } : {}),
      },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    const setCookie = res.headers.get('set-cookie');
    if (setCookie) cookie = setCookie.split(';')[0]!;
    return res;
  };

  beforeAll(async () => {
    weft = await createTestWeft();
    base = await weft.listen();
    await assetsWorker(weft).start();
  });
  afterAll(async () => weft?.close());

  it('has no PDF to give before a report exists', async () => {
    const r = await call('GET', LENDING_PDF_PATH);
    expect(r.status).toBe(409);
  });

  it('asks Link for Assets, then shows the Asset Report summary with a link to its PDF, whose amounts match', async () => {
    const lt = await call('POST', '/demo/api/create_link_token', { mode: 'lending' });
    expect(lt.status).toBe(200);
    const { link_token } = (await lt.json()) as { link_token: string };
    const api = await demoOf(weft.app)!.plaid.api();
    expect((await api.linkTokenGet({ link_token })).data.metadata.initial_products).toEqual([
      Products.Assets,
    ]);

    // What Link hands the page after user_good signs in at First Platypus Bank.
    const pt = await api.sandboxPublicTokenCreate({
      institution_id: 'ins_109508',
      initial_products: [Products.Assets],
    });
    const ex = await call('POST', '/demo/api/exchange_public_token', { public_token: pt.data.public_token });
    expect(ex.status).toBe(200);

    const data = await call('GET', '/demo/api/data');
    expect(data.status).toBe(200);
    const result = (await data.json()) as { sections: Section[]; lead: string };
    expect(result.sections.map((s) => s.id)).toEqual(['asset-report']);
    const [summary] = result.sections;
    expect(summary!.endpoint).toBe('POST /asset_report/get');
    expect(summary!.error).toBeUndefined();
    expect(summary!.link).toEqual({ href: LENDING_PDF_PATH, label: 'Download the Asset Report PDF' });
    const rows = summary!.table!.rows;
    expect(rows.length).toBeGreaterThan(4);
    const checking = rows.find((r) => r.type === 'checking')!;
    expect(Number(checking.transactions)).toBeGreaterThan(10);

    // The same report again (the session keeps it), and its PDF shows the same balances.
    const again = (await (await call('GET', '/demo/api/data')).json()) as { sections: Section[] };
    expect(again.sections[0]!.description).toBe(summary!.description);
    const reportId = /Report ([0-9a-f-]{36})/.exec(summary!.description)![1]!;
    const pdf = await call('GET', LENDING_PDF_PATH);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const text = await pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain(reportId);
    for (const row of rows) {
      if (row.balance === '—') continue;
      // "$1,234.56" on the page is "1,234.56 USD" in the PDF.
      const amount = row.balance!.replace('$', '');
      expect(text).toContain(`${amount} USD`);
    }
  });
});
