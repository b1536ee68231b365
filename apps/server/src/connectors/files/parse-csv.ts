/**
 * Bank CSV exports. Columns are found from the header (synonyms and presets in csv-presets.ts) or
 * declared by the caller; date order and decimal mark are detected per file from all its values,
 * and declared options win only where the data cannot decide.
 */
import { detectDecimal, parseLooseAmount, symbolCurrency } from './amount';
import type { RawAccount, RawTransaction } from './assemble';
import {
  type ColumnRef,
  type CsvPreset,
  type CsvRole,
  PRESETS,
  type SignConvention,
  SYNONYMS,
} from './csv-presets';
import { type CsvRow, detectDelimiter, readCsv } from './csv-reader';
import { isCurrencyCode } from './currency';
import { type DateOrder, detectDateOrder, hasDayMonthDates, parseHumanDate } from './human-date';
import { fail, type PlaidAccountType } from './statement';

/** What a caller may declare about a CSV file; everything is optional. */
export interface CsvOptions {
  /** A preset id from csv-presets.ts (e.g. `amex`, `mint`). */
  preset?: string;
  columns?: Partial<Record<CsvRole, ColumnRef>>;
  delimiter?: string;
  decimal?: '.' | ',';
  /** Used only when the dates cannot tell (every day ≤ 12). */
  dateOrder?: DateOrder;
  sign?: SignConvention;
  currency?: string;
  /** The account the rows belong to, when the file does not say. */
  account?: { key?: string; name?: string; type?: PlaidAccountType; subtype?: string | null };
}

type Columns = Partial<Record<CsvRole, number>>;

const norm = (s: string) =>
  s
    .trim()
    .replace(/^\uFEFF/, '')
    .replace(/[_\s]+/g, ' ')
    .toLowerCase();

function resolve(header: string[], ref: ColumnRef | undefined): number | undefined {
  if (ref === undefined) return undefined;
  if (typeof ref === 'number') return ref;
  const i = header.indexOf(norm(ref));
  return i >= 0 ? i : undefined;
}

function mapHeader(
  header: string[],
  preset: CsvPreset | undefined,
  declared: CsvOptions['columns'],
): Columns {
  const cols: Columns = {};
  const taken = new Set<number>();
  const roles = Object.keys(SYNONYMS) as CsvRole[];
  for (const role of roles) {
    const ref = declared?.[role] ?? preset?.columns?.[role];
    const idx = resolve(header, ref);
    if (idx !== undefined) {
      cols[role] = idx;
      taken.add(idx);
    }
  }
  for (const role of roles) {
    if (cols[role] !== undefined) continue;
    for (const name of SYNONYMS[role]) {
      const idx = header.indexOf(name);
      if (idx >= 0 && !taken.has(idx)) {
        cols[role] = idx;
        taken.add(idx);
        break;
      }
    }
  }
  return cols;
}

const usable = (c: Columns) =>
  c.date !== undefined && (c.amount !== undefined || c.debit !== undefined || c.credit !== undefined);

/** Finds the header row (files may start with title lines) and the column of each role. */
function locateHeader(
  rows: CsvRow[],
  opts: CsvOptions,
): { start: number; cols: Columns; preset?: CsvPreset } {
  const named = opts.preset ? PRESETS.find((p) => p.id === opts.preset) : undefined;
  if (opts.preset && !named) fail('INVALID_OPTIONS', `unknown CSV preset "${opts.preset}"`);
  for (let r = 0; r < Math.min(rows.length, 30); r++) {
    const header = rows[r]!.cells.map(norm);
    const preset = named ?? PRESETS.find((p) => p.match?.every((h) => header.includes(h)));
    const cols = mapHeader(header, preset, opts.columns);
    if (usable(cols)) {
      // Declared indices fit any row: a "header" whose date cell is a date is the first data row.
      const dateCell = rows[r]!.cells[cols.date!] ?? '';
      const start = parseHumanDate(dateCell, 'mdy') || parseHumanDate(dateCell, 'dmy') ? r : r + 1;
      return { start, cols, ...(preset ? { preset } : {}) };
    }
  }
  // No header: declared indices, or columns inferred from what the cells hold.
  const declared: Columns = {};
  for (const [role, ref] of Object.entries(opts.columns ?? {})) {
    if (typeof ref === 'number') declared[role as CsvRole] = ref;
  }
  if (usable(declared)) return { start: 0, cols: declared };
  const inferred = inferColumns(rows.slice(0, 50));
  if (!inferred)
    fail('MALFORMED_FILE', 'no header with a date and an amount column, and none could be inferred', 1);
  return { start: 0, cols: inferred };
}

/**
 * A cell that reads as a money amount with decimals. Trimmed and length-bounded first: the pattern
 * then has one way to match each character, so no cell can make it backtrack.
 */
function looksLikeAmount(cell: string): boolean {
  const v = cell.trim();
  return v.length <= 40 && /^\(?[+-]?[$€£]?\s?[+-]?[\d,.' ]*\d[.,]\d{1,2}\)?$/.test(v);
}

function inferColumns(rows: CsvRow[]): Columns | null {
  const width = Math.max(...rows.map((r) => r.cells.length));
  const share = (col: number, test: (v: string) => boolean) =>
    rows.filter((r) => test(r.cells[col] ?? '')).length / rows.length;
  let date: number | undefined;
  let amount: number | undefined;
  let direction: number | undefined;
  let description: number | undefined;
  let longest = 0;
  for (let c = 0; c < width; c++) {
    if (
      date === undefined &&
      share(c, (v) => parseHumanDate(v, 'mdy') !== null || parseHumanDate(v, 'dmy') !== null) >= 0.8
    )
      date = c;
    else if (amount === undefined && share(c, looksLikeAmount) >= 0.8) amount = c;
    else if (direction === undefined && share(c, (v) => /^(debit|credit|dr|cr)$/i.test(v.trim())) >= 0.8)
      direction = c;
    else {
      const len = rows.reduce(
        (s, r) => s + (/[A-Za-z]/.test(r.cells[c] ?? '') ? (r.cells[c] ?? '').length : 0),
        0,
      );
      if (len > longest) [longest, description] = [len, c];
    }
  }
  if (date === undefined || amount === undefined) return null;
  return {
    date,
    amount,
    ...(description === undefined ? {} : { description }),
    ...(direction === undefined ? {} : { direction }),
  };
}

/** Parses CSV text. */
export function parseCsv(
  text: string,
  opts: CsvOptions = {},
): { accounts: RawAccount[]; warnings: string[] } {
  const warnings: string[] = [];
  const delimiter = opts.delimiter ?? detectDelimiter(text);
  const rows = readCsv(text, delimiter);
  if (rows.length === 0) fail('EMPTY_FILE', 'the CSV file has no rows');
  const { start, cols, preset } = locateHeader(rows, opts);
  const data = rows.slice(start).filter((r) => r.cells.length > 1);
  const cell = (r: CsvRow, role: CsvRole) => {
    const i = cols[role];
    return i === undefined ? '' : (r.cells[i] ?? '').trim();
  };

  const dates = data.map((r) => cell(r, 'date'));
  const evidence = detectDateOrder(dates);
  if (evidence.conflict)
    fail('MALFORMED_FILE', 'the date column mixes day-first and month-first dates', data[0]?.line ?? 1);
  const order: DateOrder =
    evidence.order ?? opts.dateOrder ?? (evidence.dotted || delimiter === ';' ? 'dmy' : 'mdy');
  if (!evidence.order && !opts.dateOrder && hasDayMonthDates(dates))
    warnings.push(`every date could be day-first or month-first; read as ${order}`);

  const amountCells = data.flatMap((r) => [
    cell(r, 'amount'),
    cell(r, 'debit'),
    cell(r, 'credit'),
    cell(r, 'balance'),
  ]);
  const decimal = opts.decimal ?? detectDecimal(amountCells) ?? (delimiter === ';' ? ',' : '.');
  const headerCells = start > 0 ? rows[start - 1]!.cells.join(' ') : '';
  const headerCurrency = /\(([A-Z]{3})\)/.exec(headerCells)?.[1];
  const symbol = amountCells.map(symbolCurrency).find((c) => c !== null);
  let fallbackCurrency = opts.currency ?? headerCurrency ?? symbol ?? null;
  if (!fallbackCurrency && cols.currency === undefined)
    warnings.push('the CSV file states no currency; USD assumed');
  fallbackCurrency ??= 'USD';
  const sign = opts.sign ?? preset?.sign ?? 'inflow-positive';

  const byAccount = new Map<string, RawAccount>();
  let skipped = 0;
  for (const r of data) {
    const date = parseHumanDate(cell(r, 'date'), order);
    const rowCurrency = cell(r, 'currency').toUpperCase();
    const currency = isCurrencyCode(rowCurrency) ? rowCurrency : fallbackCurrency;
    const inflow = rowInflow(r, cell, currency, decimal, sign);
    // Rows with neither a date nor an amount are layout (section titles, balance lines), not data.
    if (!cell(r, 'date') && inflow === null) continue;
    if (!date || inflow === null) {
      skipped++;
      continue;
    }
    const accountName = cell(r, 'account') || null;
    const key = `csv:${opts.account?.key ?? accountName ?? 'default'}`;
    let account = byAccount.get(key);
    if (!account) {
      const type = opts.account?.type ?? preset?.account?.type ?? 'depository';
      account = {
        key,
        name: opts.account?.name ?? accountName ?? 'Imported account',
        accountNumber: accountName && /\d{4}/.test(accountName) ? accountName : null,
        type,
        subtype:
          opts.account?.subtype ?? preset?.account?.subtype ?? (type === 'depository' ? 'checking' : null),
        currency,
        fileBalance: null,
        transactions: [],
      };
      byAccount.set(key, account);
    }
    const authorized =
      cols.authorizedDate !== undefined ? parseHumanDate(cell(r, 'authorizedDate'), order) : null;
    const description = cell(r, 'description');
    const memo = cell(r, 'memo') || null;
    const payee = cell(r, 'payee') || null;
    const t: RawTransaction = {
      fileId: cell(r, 'id') || null,
      date,
      authorizedDate: authorized && authorized !== date ? authorized : null,
      inflow,
      currency,
      name: description || payee || memo || 'Transaction',
      memo,
      payee,
      checkNumber: cell(r, 'checkNumber') || null,
      pending: /pending/i.test(cell(r, 'status')),
      fileType: cols.direction !== undefined ? cell(r, 'direction') || null : null,
    };
    account.transactions.push(t);
    const balance = cell(r, 'balance');
    if (balance) {
      const minor = parseLooseAmount(balance, currency, decimal);
      // Rows may run oldest-first or newest-first; the balance of the latest day is the ledger's.
      if (minor !== null && (!account.fileBalance || date >= (account.fileBalance.date ?? '')))
        account.fileBalance = { amount: minor, date };
    }
  }
  if (skipped > 0) warnings.push(`${skipped} rows without a readable date or amount were skipped`);
  if (data.length > 0 && skipped > data.length / 2)
    fail(
      'MALFORMED_FILE',
      `${skipped} of ${data.length} rows have no readable date or amount`,
      data[0]!.line,
    );
  const accounts = [...byAccount.values()];
  if (accounts.length === 0 && data.length > 0) fail('NO_ACCOUNTS', 'no CSV row holds a transaction', null);
  if (accounts.length === 0) {
    accounts.push({
      key: `csv:${opts.account?.key ?? 'default'}`,
      name: opts.account?.name ?? 'Imported account',
      accountNumber: null,
      type: opts.account?.type ?? 'depository',
      subtype: opts.account?.subtype ?? 'checking',
      currency: fallbackCurrency,
      fileBalance: null,
      transactions: [],
    });
  }
  return { accounts, warnings };
}

/** Money into the account for one row, from an amount (+ direction) or a debit/credit pair. */
function rowInflow(
  r: CsvRow,
  cell: (r: CsvRow, role: CsvRole) => string,
  currency: string,
  decimal: '.' | ',',
  sign: SignConvention,
): number | null {
  const amountRaw = cell(r, 'amount');
  if (amountRaw) {
    const v = parseLooseAmount(amountRaw, currency, decimal);
    if (v === null) return null;
    const dir = cell(r, 'direction').toLowerCase();
    if (/^(d|dr|debit|debit card|withdrawal)$/.test(dir)) return -Math.abs(v);
    if (/^(c|cr|credit|deposit)$/.test(dir)) return Math.abs(v);
    return sign === 'outflow-positive' ? -v : v;
  }
  const debitRaw = cell(r, 'debit');
  const creditRaw = cell(r, 'credit');
  if (!debitRaw && !creditRaw) return null;
  const debit = debitRaw ? parseLooseAmount(debitRaw, currency, decimal) : 0;
  const credit = creditRaw ? parseLooseAmount(creditRaw, currency, decimal) : 0;
  if (debit === null || credit === null) return null;
  return Math.abs(credit) - Math.abs(debit);
}
