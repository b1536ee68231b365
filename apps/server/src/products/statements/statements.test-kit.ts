import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { parseAmount } from '../../lib/pdf';
import { pdfText } from '../../lib/pdf/pdf-text';
import { auth, post, type TestWeft } from '../../test/harness';
import type { ClientKeys } from '../clients/clients.service';

/** /statements/list as a test reads it. */
export interface ListBody {
  item_id: string;
  institution_id: string;
  institution_name: string;
  accounts: {
    account_id: string;
    account_mask: string;
    account_type: string;
    account_subtype: string;
    statements: { statement_id: string; month: number; year: number; date_posted: string | null }[];
  }[];
}

/** A statement PDF read back as text: its summary and its transaction rows. */
export interface ReadStatement {
  text: string;
  opening: number;
  closing: number;
  /** The summary's total of amounts that raised the balance, and of those that lowered it. */
  raised: number;
  lowered: number;
  /** The summary's count of transactions. */
  count: number;
  rows: { date: string; name: string; amount: number; balance: number }[];
}

const AMOUNT = '-?[\\d,]+\\.\\d{2}';
/** A line holding only the rest of the description above it, indented past the date column. */
const CONTINUATION = /^\s{12,}\S[^\n]*$/;
const ROW = new RegExp(`^\\s*(\\d{4}-\\d{2}-\\d{2})\\s+(.+?)\\s+(${AMOUNT})\\s+(${AMOUNT})\\s*$`);

/** The decimal printed after one of a statement's summary labels. */
function summary(text: string, labels: readonly string[]): number {
  for (const label of labels) {
    const m = new RegExp(`${label}:\\s*(${AMOUNT})`).exec(text);
    if (m) return parseAmount(m[1]!);
  }
  throw new Error(`no ${labels.join(' / ')} in the statement:\n${text}`);
}

/** Reads a statement PDF back through pdftotext. */
export async function readStatement(pdf: Buffer): Promise<ReadStatement> {
  const text = await pdfText(pdf);
  const rows: ReadStatement['rows'] = [];
  let last: ReadStatement['rows'][number] | null = null;
  for (const line of text.split('\n')) {
    const m = ROW.exec(line);
    if (m) {
      last = { date: m[1]!, name: m[2]!.trim(), amount: parseAmount(m[3]!), balance: parseAmount(m[4]!) };
      rows.push(last);
    } else if (last && CONTINUATION.test(line) && !/Page \d+ of \d+|Description/.test(line)) {
      // A description too long for its column goes on below its row, in the same column.
      last.name = `${last.name} ${line.trim()}`;
    } else if (line.trim() !== '') last = null;
  }
  return {
    text,
    opening: summary(text, ['Opening balance', 'Previous balance owed']),
    closing: summary(text, ['Closing balance', 'New balance owed']),
    raised: summary(text, ['Deposits and credits', 'Purchases and charges']),
    lowered: summary(text, ['Withdrawals and debits', 'Payments and credits']),
    count: Number(/Transactions:\s*(\d+)/.exec(text)?.[1] ?? Number.NaN),
    rows,
  };
}

/** /statements/download in-process: status, headers and the raw bytes (or the error body). */
export async function download(w: TestWeft, keys: ClientKeys, accessToken: string, statementId: string) {
  const res = await w.app.inject({
    method: 'POST',
    url: '/statements/download',
    payload: { ...auth(keys), access_token: accessToken, statement_id: statementId },
    headers: { 'content-type': 'application/json' },
  });
  return {
    status: res.statusCode,
    headers: res.headers,
    bytes: res.rawPayload,
    json: () => res.json() as Record<string, unknown>,
  };
}

/** Downloads a statement that must exist, checking its type and content hash. */
export async function downloadPdf(w: TestWeft, keys: ClientKeys, accessToken: string, statementId: string) {
  const r = await download(w, keys, accessToken, statementId);
  expect(r.status, r.bytes.toString('utf8', 0, 300)).toBe(200);
  expect(r.headers['content-type']).toBe('application/pdf');
  expect(r.headers['plaid-content-hash']).toBe(createHash('sha256').update(r.bytes).digest('hex'));
  expect(r.bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return r.bytes;
}

/** /statements/list. */
export function list(w: TestWeft, keys: ClientKeys, accessToken: string) {
  return post<ListBody>(w, '/statements/list', { ...auth(keys), access_token: accessToken });
}
