/**
 * Statement files: bytes in, a normalized statement out. Pure code (no database, no network), used
 * by the file importer, the Link upload pane and the CLI.
 *
 * ```ts
 * import { parseStatement } from './connectors/files';
 * const r = parseStatement(bytes, { fileName: 'export.ofx' });
 * if (!r.ok) return reply(r.error);          // { code, message, line }
 * for (const account of r.statement.accounts) …  // see statement.ts
 * ```
 *
 * - Formats: OFX 1.x/2.x and QFX, QIF, CSV, camt.052/053/054, MT940/MT942. The format is detected
 *   from the content unless `format` is given.
 * - Encoding: BOM, then valid UTF-8, then the file's declaration (OFX CHARSET, XML prolog), then
 *   Windows-1252; `encoding` forces one.
 * - Amounts are integer minor units in PLAID's sign (positive = money out); the conversion from
 *   the files' "positive = money in" happens once, in assemble.ts.
 * - Ids: the file's own (OFX FITID, camt AcctSvcrRef/NtryRef), else a content hash of account,
 *   date, amount, description and occurrence, stable across overlapping files.
 * - Balances are null where the file gives none; the importer then computes them.
 * - Errors are returned, never thrown: EMPTY_FILE, FILE_TOO_LARGE, UNSUPPORTED_FORMAT,
 *   MALFORMED_FILE, NO_ACCOUNTS, INVALID_OPTIONS. Input is bounded by `maxBytes` and every
 *   parser is linear in its input.
 */
import { assembleAccount, type RawAccount } from './assemble';
import { decodeBytes, type Encoding } from './decode';
import { detectFormat } from './detect';
import type { DateOrder } from './human-date';
import { parseCamt } from './parse-camt';
import { type CsvOptions, parseCsv } from './parse-csv';
import { parseMt940 } from './parse-mt940';
import { parseOfx } from './parse-ofx';
import { parseQif } from './parse-qif';
import { type ParseResult, type StatementFormat, StatementParseError } from './statement';

export type { CsvPreset, CsvRole, SignConvention } from './csv-presets';
export { PRESETS as CSV_PRESETS } from './csv-presets';
export { minorUnits } from './currency';
export { generateOfx } from './generate-ofx';
export type { CsvOptions } from './parse-csv';
export type * from './statement';

/** 50 MB: far above any real statement, low enough that one upload cannot exhaust memory. */
export const DEFAULT_MAX_BYTES = 50 * 1024 * 1024;

/** What the caller may declare; everything is detected when left out. */
export interface ParseOptions {
  format?: StatementFormat;
  /** Used only to break ties in detection. */
  fileName?: string;
  encoding?: Encoding;
  /** Currency for formats that carry none (QIF, CSV without a currency column). */
  currency?: string;
  /** Day/month order for QIF and CSV when the dates cannot tell. */
  dateOrder?: DateOrder;
  csv?: CsvOptions;
  maxBytes?: number;
}

/** Parses a statement file. Never throws: every failure is `{ ok: false, error }`. */
export function parseStatement(bytes: Uint8Array, opts: ParseOptions = {}): ParseResult {
  try {
    return parseOrThrow(bytes, opts);
  } catch (e) {
    if (e instanceof StatementParseError)
      return { ok: false, error: { code: e.code, message: e.message, line: e.line } };
    // A bug or a pathological input we did not foresee: still a typed answer, never a crash.
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      error: { code: 'MALFORMED_FILE', message: `unreadable file (${message})`, line: null },
    };
  }
}

function parseOrThrow(bytes: Uint8Array, opts: ParseOptions): ParseResult {
  const max = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > max)
    return err('FILE_TOO_LARGE', `the file is ${bytes.length} bytes; the limit is ${max}`);
  if (bytes.length === 0) return err('EMPTY_FILE', 'the file is empty');
  const { text, encoding } = decodeBytes(bytes, opts.encoding);
  if (text.trim().length === 0) return err('EMPTY_FILE', 'the file holds only whitespace');
  const format = opts.format ?? detectFormat(text, opts.fileName);
  if (!format) return err('UNSUPPORTED_FORMAT', 'not an OFX, QFX, QIF, CSV, camt or MT940 file');
  let raw: { accounts: RawAccount[]; warnings: string[]; institution?: string | null };
  const currency = opts.currency ?? opts.csv?.currency;
  const dateOrder = opts.dateOrder ?? opts.csv?.dateOrder;
  switch (format) {
    case 'ofx':
      raw = parseOfx(text);
      break;
    case 'camt':
      raw = parseCamt(text);
      break;
    case 'mt940':
      raw = parseMt940(text);
      break;
    case 'qif':
      raw = parseQif(text, { ...(currency ? { currency } : {}), ...(dateOrder ? { dateOrder } : {}) });
      break;
    case 'csv':
      raw = parseCsv(text, {
        ...opts.csv,
        ...(currency ? { currency } : {}),
        ...(dateOrder ? { dateOrder } : {}),
      });
      break;
  }
  if (raw.accounts.length === 0) return err('NO_ACCOUNTS', 'the file holds no account');
  return {
    ok: true,
    statement: {
      format,
      encoding,
      institution: raw.institution ?? null,
      accounts: raw.accounts.map(assembleAccount),
      warnings: raw.warnings,
    },
  };
}

function err(code: StatementParseError['code'], message: string): ParseResult {
  return { ok: false, error: { code, message, line: null } };
}
