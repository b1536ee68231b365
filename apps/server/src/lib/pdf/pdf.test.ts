import { describe, expect, it } from 'vitest';
import { formatAmount, formatMoney, parseAmount, renderPdf } from './index';
import { pdfPageCount, pdfText } from './pdf-text';

const DATE = new Date('2026-12-01T12:00:00Z');

function longTable(rows: number) {
  return renderPdf({ title: 'Table test', date: DATE }, (w) => {
    w.heading('Ledger', 1);
    w.keyValues([['Owner', 'Alberta Bobbeth Charleson']]);
    w.table({
      columns: [
        { header: 'Date', width: 80 },
        { header: 'Description', width: 300 },
        { header: 'Amount', width: 100, align: 'right' },
      ],
      rows: Array.from({ length: rows }, (_, i) => [
        `2026-11-${String((i % 28) + 1).padStart(2, '0')}`,
        `Row ${i + 1}`,
        formatAmount(i * 1234 - 50_000, 'USD'),
      ]),
    });
  });
}

describe('PDF toolkit', () => {
  it('formats money through the currency’s minor units', () => {
    expect(formatAmount(123456789, 'USD')).toBe('1,234,567.89');
    expect(formatAmount(-5, 'USD')).toBe('-0.05');
    expect(formatAmount(1234, 'JPY')).toBe('1,234');
    expect(formatAmount(12345, 'KWD')).toBe('12.345');
    expect(formatMoney(100, 'usd')).toBe('1.00 USD');
    expect(formatMoney(100, null)).toBe('1.00');
    expect(parseAmount('-1,234,567.89')).toBe(-1234567.89);
  });

  it('renders the same bytes for the same data, and different bytes for different data', async () => {
    const a = await longTable(10);
    const b = await longTable(10);
    const c = await longTable(11);
    expect(a.subarray(0, 5).toString()).toBe('%PDF-');
    expect(a.equals(b)).toBe(true);
    expect(a.equals(c)).toBe(false);
  });

  it('paginates a long table, repeating its header row on each page, and numbers the pages', async () => {
    const pdf = await longTable(150);
    const pages = await pdfPageCount(pdf);
    expect(pages).toBeGreaterThanOrEqual(3);
    const text = await pdfText(pdf);
    const perPage = text.split('\f').filter((p) => p.trim() !== '');
    expect(perPage).toHaveLength(pages);
    for (const [i, page] of perPage.entries()) {
      expect(page).toMatch(/Date\s+Description\s+Amount/);
      expect(page).toContain(`Page ${i + 1} of ${pages}`);
    }
    for (let i = 0; i < 150; i++) {
      expect(text).toMatch(new RegExp(`Row ${i + 1}\\s+${formatAmount(i * 1234 - 50_000, 'USD')}\\n`));
    }
  });
});
