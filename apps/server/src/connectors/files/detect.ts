/**
 * Format detection from content (the file name is only a tie-breaker): each format has markers
 * that the others cannot contain in their first kilobytes.
 */
import { detectDelimiter, readCsv } from './csv-reader';
import type { StatementFormat } from './statement';

/** Guesses the format of decoded text, or null when it looks like none of them. */
export function detectFormat(text: string, fileName?: string): StatementFormat | null {
  const head = text.slice(0, 8192);
  const upper = head.toUpperCase();
  if (/OFXHEADER\s*[:=]/.test(upper) || /<OFX[\s>]/.test(upper)) return 'ofx';
  if (/<(?:\w+:)?(?:BkToCstmrStmt|BkToCstmrAcctRpt|BkToCstmrDbtCdtNtfctn)[\s>]/.test(head)) return 'camt';
  if (/urn:iso:std:iso:20022:tech:xsd:camt\.05[234]/.test(head)) return 'camt';
  if (/^\s*!(?:Type|Account|Option|Clear)\b/im.test(head)) return 'qif';
  if (/^\s*(?:\{1:|:\d{2}[A-Z]?:)/.test(head)) return 'mt940';
  if (/(?:^|[\r\n{])\s*:(?:20|25):/.test(head) && /:(?:60[FM]|61|62[FM]|28C?):/.test(text.slice(0, 65536)))
    return 'mt940';
  if (/<\?xml|<Document[\s>]/i.test(head)) return null;
  const ext = fileName?.toLowerCase().split('.').pop();
  if (ext === 'ofx' || ext === 'qfx') return null;
  if (looksLikeCsv(head)) return 'csv';
  return null;
}

/**
 * A row of three or more fields, or two rows of two: CSV is the last format tried, so the CSV
 * parser has the final say; this only keeps a line of prose from being called a table.
 */
function looksLikeCsv(head: string): boolean {
  const rows = readCsv(head, detectDelimiter(head)).slice(0, 10);
  return rows.some((r) => r.cells.length >= 3) || rows.filter((r) => r.cells.length >= 2).length >= 2;
}
