import { formatAmount, formatMoney, renderPdf } from '../../lib/pdf';
import type { StoredReport } from './bank-income.repository';

/** Words of an income category or frequency as a reader expects them ("GIG_ECONOMY" → "Gig economy"). */
function words(code: string): string {
  const s = code.toLowerCase().replace(/_/g, ' ');
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * A bank income report as a PDF: a summary, each Item's income sources (with the next pay date
 * each cadence predicts), and every deposit counted, month by month. Amounts are the stored minor
 * units printed through lib/pdf, so they read back equal to the JSON's.
 */
export function renderBankIncomePdf(report: StoredReport): Promise<Buffer> {
  const sources = report.data.items.flatMap((i) => i.sources);
  const totals = new Map<string, number>();
  for (const s of sources) totals.set(s.currency, (totals.get(s.currency) ?? 0) + s.total);
  return renderPdf(
    { title: `Bank Income ${report.bankIncomeId}`, date: new Date(report.generatedAt) },
    (w) => {
      w.heading('Bank Income Report', 1);
      w.keyValues([
        ['Bank income ID', report.bankIncomeId],
        ['Generated', report.generatedAt],
        ['Days requested', String(report.daysRequested)],
        ['Period', `${report.data.window.start} to ${report.data.window.end}`],
        ['Income sources', String(sources.length)],
        ['Income transactions', String(sources.reduce((n, s) => n + s.transaction_count, 0))],
        ...[...totals].map(
          ([currency, minor]) =>
            [`Total income (${currency})`, formatMoney(minor, currency)] as [string, string],
        ),
      ]);
      for (const item of report.data.items) {
        w.heading(`${item.institution_name} (${item.item_id})`, 2);
        if (item.error) w.text(`Data may be incomplete: ${item.error.error_code}.`);
        w.table({
          columns: [
            { header: 'Source', width: 150 },
            { header: 'Category', width: 80 },
            { header: 'Frequency', width: 70 },
            { header: 'Deposits', width: 45, align: 'right' },
            { header: 'Next pay date', width: 70 },
            { header: 'Total', width: 80, align: 'right' },
          ],
          rows: item.sources.map((s) => [
            s.description,
            words(s.category),
            words(s.pay_frequency),
            String(s.transaction_count),
            s.next_pay_date ?? '-',
            formatMoney(s.total, s.currency),
          ]),
        });
        for (const s of item.sources) {
          const account = item.accounts.find((a) => a.account_id === s.account_id);
          w.heading(s.description, 3);
          w.keyValues([
            ['Income source ID', s.income_source_id],
            [
              'Account',
              account ? `${account.name}${account.mask ? ` (${account.mask})` : ''}` : s.account_id,
            ],
            ['Category', words(s.category)],
            ['Pay frequency', words(s.pay_frequency)],
            ['First and last deposit', `${s.start_date} to ${s.end_date}`],
            ['Next pay date', s.next_pay_date ?? '-'],
            ['Total', formatMoney(s.total, s.currency)],
          ]);
          w.table({
            columns: [
              { header: 'Month', width: 90 },
              { header: 'Date', width: 70 },
              { header: 'Description', width: 200 },
              { header: `Amount (${s.currency})`, width: 90, align: 'right' },
            ],
            rows: s.months.flatMap((m) => [
              ...m.transactions.map((t) => [
                m.start_date.slice(0, 7),
                t.date,
                t.name,
                formatAmount(t.amount, s.currency),
              ]),
              [m.start_date.slice(0, 7), '', 'Month total', formatAmount(m.total, s.currency)],
            ]),
          });
        }
      }
    },
  );
}
