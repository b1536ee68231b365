import { toMinor } from '../../lib/money';
import { formatAmount, formatMoney, renderPdf } from '../../lib/pdf';
import { presentReport } from './assets.presenter';
import type { ReportView } from './assets.service';

/** The last day of each month among the dates (newest first), with the newest day itself. */
function monthEnds(dates: readonly string[]): Set<string> {
  const out = new Set<string>();
  let month = '';
  for (const d of dates) {
    if (d.slice(0, 7) !== month) out.add(d);
    month = d.slice(0, 7);
  }
  return out;
}

/**
 * The PDF of a built report (/asset_report/pdf/get and the audit copy's): a summary of the
 * report and its accounts, then for each account its owners, its balance at each month's end
 * and every transaction of the report's days. It is drawn from the same presented report as the
 * JSON, so the two show the same amounts; the same report renders to the same bytes.
 */
export function renderAssetReportPdf(view: ReportView): Promise<Buffer> {
  const report = presentReport(view);
  const user = report.user;
  const userName = [user.first_name, user.middle_name, user.last_name].filter(Boolean).join(' ');
  const accounts = report.items.flatMap((item) => item.accounts.map((account) => ({ item, account })));
  const totals = new Map<string, number>();
  for (const account of view.snapshot.items.flatMap((i) => i.accounts))
    if (account.current !== null && (account.type === 'depository' || account.type === 'investment'))
      totals.set(account.currency, (totals.get(account.currency) ?? 0) + account.current);

  return renderPdf(
    { title: `Asset Report ${report.asset_report_id}`, date: new Date(report.date_generated) },
    (w) => {
      w.heading('Asset Report', 1);
      w.keyValues([
        ['Asset report ID', report.asset_report_id],
        ['Client report ID', report.client_report_id ?? '-'],
        ['Generated', report.date_generated],
        ['Days requested', String(report.days_requested)],
        ['Prepared for', userName || user.client_user_id || '-'],
        ['Institutions', String(report.items.length)],
        ['Accounts', String(accounts.length)],
        ...[...totals].map(
          ([currency, minor]) =>
            [`Total assets (${currency})`, formatMoney(minor, currency)] as [string, string],
        ),
      ]);
      w.heading('Accounts');
      w.table({
        columns: [
          { header: 'Institution', width: 120 },
          { header: 'Account', width: 150 },
          { header: 'Type', width: 80 },
          { header: 'Days', width: 40, align: 'right' },
          { header: 'Current balance', width: 110, align: 'right' },
        ],
        rows: accounts.map(({ item, account }) => [
          item.institution_name,
          `${account.name}${account.mask ? ` (${account.mask})` : ''}`,
          account.subtype ?? account.type,
          String(account.days_available),
          account.balances.current === null
            ? '-'
            : formatMoney(
                toMinor(account.balances.current, account.balances.iso_currency_code),
                account.balances.iso_currency_code,
              ),
        ]),
      });

      for (const { item, account } of accounts) {
        const currency = account.balances.iso_currency_code;
        w.pageBreak();
        w.heading(`${account.name}${account.mask ? ` (${account.mask})` : ''}`, 2);
        w.keyValues([
          ['Institution', item.institution_name],
          ['Account ID', account.account_id],
          ['Type', `${account.type} / ${account.subtype ?? '-'}`],
          ['Currency', currency ?? '-'],
          ['Days available', String(account.days_available)],
          ['Owners', account.owners.flatMap((o) => o.names).join('; ') || '-'],
        ]);
        const ends = monthEnds(account.historical_balances.map((b) => b.date));
        if (account.historical_balances.length > 0) {
          w.heading('Balances at month end', 3);
          w.table({
            columns: [
              { header: 'Date', width: 120 },
              { header: 'Balance', width: 140, align: 'right' },
            ],
            rows: account.historical_balances
              .filter((b) => ends.has(b.date))
              .map((b) => [b.date, formatAmount(toMinor(b.current, currency), currency)]),
          });
        }
        if (!view.fast) {
          w.heading(`Transactions (${account.transactions.length})`, 3);
          w.table({
            columns: [
              { header: 'Date', width: 70 },
              { header: 'Description', width: 260 },
              { header: 'Category', width: 100 },
              { header: 'Amount', width: 82, align: 'right' },
            ],
            rows: account.transactions.map((t) => [
              t.date,
              t.original_description ?? '',
              t.transaction_type ?? '',
              formatAmount(toMinor(t.amount, currency), currency),
            ]),
          });
        }
      }
    },
  );
}

/** Rendered PDFs kept, most recently made last. */
const CACHE_SIZE = 16;

/**
 * Renders report PDFs, keeping the last few: a built report never changes, so its PDF (for one
 * days_to_include) is rendered once however often it is fetched. Callers check access first.
 */
export class AssetReportPdfCache {
  private readonly rendered = new Map<string, Promise<Buffer>>();

  /** The PDF of a report view, rendered now or taken from the cache. */
  get(view: ReportView): Promise<Buffer> {
    const key = `${view.report.asset_report_id}:${view.daysToInclude ?? ''}`;
    let pdf = this.rendered.get(key);
    if (pdf) {
      this.rendered.delete(key);
    } else {
      pdf = renderAssetReportPdf(view);
      pdf.catch(() => this.rendered.delete(key));
    }
    this.rendered.set(key, pdf);
    while (this.rendered.size > CACHE_SIZE) this.rendered.delete(this.rendered.keys().next().value!);
    return pdf;
  }
}
