import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { minorUnits, parseStatement } from './index';

/**
 * Every third-party statement file in ../shared/eval (OFX, camt, MT940, QIF, CSV). The set lives
 * outside the project (its licences vary): the test skips when it is absent, except in CI, where a
 * missing set is a failure. Counts are checked against an independent scan of the raw text.
 */
const EVAL_DIR = path.resolve(__dirname, '../../../../../../shared/eval');
const present = fs.existsSync(path.join(EVAL_DIR, 'ofx'));

function filesIn(dir: string): string[] {
  const full = path.join(EVAL_DIR, dir);
  return fs
    .readdirSync(full)
    .filter((f) => !/^(MANIFEST\.md|LICENSES)$/.test(f) && fs.statSync(path.join(full, f)).isFile())
    .sort();
}

/** Files that are not statements: a clean NO_ACCOUNTS (or format) error is the right answer. */
const OFX_NOT_STATEMENTS: Record<string, string> = {
  'ofxparse__account_listing_aggregation.ofx': 'account-info response, no statement',
  'ofxparse__bank_small.ofx': 'header and an empty <OFX>',
  'ofxparse__error_message.ofx': 'bank error response (status 2000)',
  'ofxparse__signon_fail.ofx': 'signon failure (status 15500)',
  'ofxparse__signon_success.ofx': 'signon only',
  'ofxparse__signon_success_no_message.ofx': 'signon only',
  'ofxtools__profrs.ofx': 'profile response',
  'ruby-ofx__error.ofx': 'error / account-info response',
  'libofx__ofx-2.1.1-sect-8.5.5.ofx': 'account-info example',
};

/** Malformed OFX, each with why: a typed error with a message is required. */
const OFX_MALFORMED: Record<string, string> = {
  'libofx__failing-ofx-file1.xml': 'not OFX at all',
  'libofx__failing-ofx-file2.xml': 'garbage tags, no statement',
  'libofx__heap-buffer-overflow-1.ofx': 'fuzzer reproducer: empty CCSTMTRS',
  'libofx__heap-buffer-overflow-2.ofx': 'fuzzer reproducer with a NUL byte',
  'libofx__null-ptr-deref-1.ofx': 'fuzzer reproducer',
  'libofx__null-ptr-deref-2.ofx': 'fuzzer reproducer',
  'libofx__use-after-free.ofx': 'fuzzer reproducer (OFC-like tags)',
  'libofx__downcast.ofx': 'fuzzer reproducer: CCSTMTRS without account or currency',
  'oca-bsi__test_ofx_wrong.ofx': 'deliberately broken: a STMTTRN without DTPOSTED',
  'ofxparse__fail_nice__date_missing.ofx': 'STMTTRN without DTPOSTED, and 20120231',
  'ofxparse__fail_nice__decimal_error.ofx': '12-digit DTPOSTED and TRNAMT "$120"',
  'ofx-js__example2.ofx': 'redacted sample: DTPOSTED is "****"',
  'php-ofxparser__ofxdata-banking-xml200.ofx': 'redacted sample: STMTTRN body is "*snipped*"',
  'ruby-ofx__cef_malformed_decimal.ofx': 'TRNAMT is "."',
};

/** "-8.4850" → -849: two decimals, the third rounding half away from zero (Weft's rule). */
function hundredths(raw: string): number {
  const [int = '', frac = ''] = raw.replace(',', '.').replace(/^[+-]/, '').split('.');
  const cents =
    Number(int || '0') * 100 +
    Number(frac.padEnd(2, '0').slice(0, 2)) +
    (Number(frac[2] ?? '0') >= 5 ? 1 : 0);
  return raw.trim().startsWith('-') ? -cents : cents;
}

/** Independent scan: each <STMTTRN>'s TRNAMT in hundredths (all eval files use 2-decimal currencies). */
function scanOfx(text: string): { count: number; sum: number } {
  const blocks = text.split(/<STMTTRN>/i).slice(1);
  let sum = 0;
  for (const b of blocks) {
    const m = /<TRNAMT>\s*([^<\s]+)/i.exec(b);
    if (m) sum += hundredths(m[1]!);
  }
  return { count: blocks.length, sum };
}

/** Independent scan of investment statements: opening tags of positions and of INVTRANLIST entries. */
function scanOfxInvestments(text: string): { positions: number; transactions: number } {
  const count = (re: RegExp) => text.match(re)?.length ?? 0;
  return {
    positions: count(/<POS(?:STOCK|MF|DEBT|OPT|OTHER)>/gi),
    transactions: count(
      /<(?:(?:BUY|SELL)(?:STOCK|MF|DEBT|OPT|OTHER)|INCOME|REINVEST|INVBANKTRAN|TRANSFER|SPLIT|INVEXPENSE|MARGININTEREST|RETOFCAP|CLOSUREOPT|JRNLFUND|JRNLSEC)>/gi,
    ),
  };
}

/** A decimal string in units of 10^-5, exactly ("1.5" → 150000, "1000," → 100000000). */
function e5(raw: string): number {
  const [int = '', frac = ''] = raw.replace(',', '.').split('.');
  return Number(int || '0') * 100_000 + Number(frac.padEnd(5, '0').slice(0, 5));
}

/** Independent scan of camt entries: count, and the signed sum of each entry's first amount. */
function scanCamt(text: string): { count: number; sum: number } {
  const blocks = text.split(/<(?:\w+:)?Ntry>/).slice(1);
  let sum = 0;
  for (const b of blocks) {
    const amt = /<(?:\w+:)?Amt[^>]*>\s*([\d.]+)/.exec(b);
    const ind = /<(?:\w+:)?CdtDbtInd>\s*(CRDT|DBIT)/.exec(b);
    if (amt) sum += (ind?.[1] === 'DBIT' ? -1 : 1) * e5(amt[1]!);
  }
  return { count: blocks.length, sum };
}

/** Independent scan of MT940 :61: lines: count, and the signed sum (C, RD, EC in; D, RC, ED out). */
function scanMt940(text: string): { count: number; sum: number } {
  let count = 0;
  let sum = 0;
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (!line.startsWith(':61:')) continue;
    count++;
    const m = /^:61:\d{6}(?:\d{4})?(RC|RD|EC|ED|C|D)[A-Z]?(\d+[,.]?\d*)/.exec(line);
    if (m) sum += (['C', 'RD', 'EC'].includes(m[1]!) ? 1 : -1) * e5(m[2]!);
  }
  return { count, sum };
}

/** The parser's transactions summed back into the file's sign, in units of 10^-5. */
function fileSum(accounts: { transactions: { amount: number; currency: string }[] }[]): number {
  let sum = 0;
  for (const a of accounts)
    for (const t of a.transactions) sum += -t.amount * 10 ** (5 - minorUnits(t.currency));
  return sum;
}

/** Independent scan of QIF: records (ended by ^) with a D line in Bank, Cash, CCard and Oth sections. */
function scanQif(text: string): number {
  let inSection = false;
  let hasDate = false;
  let count = 0;
  for (const line of text.split(/\r\n|\r|\n/).map((l) => l.trim())) {
    if (line.startsWith('!')) {
      inSection = /^!Type:(Bank|Cash|CCard|Oth A|Oth L)\s*$/i.test(line);
      hasDate = false;
    } else if (line.startsWith('^')) {
      if (inSection && hasDate) count++;
      hasDate = false;
    } else if (line.startsWith('D')) hasDate = true;
  }
  return count;
}

const MT940_FRAGMENTS = new Set([
  'wolph-mt940__betterplace__amount_formats.sta',
  'wolph-mt940__betterplace__empty_86.sta',
  'wolph-mt940__betterplace__empty_entry_date.sta',
  'wolph-mt940__betterplace__empty_line.sta',
  'wolph-mt940__betterplace__missing_crlf_at_end.sta',
  'wolph-mt940__cmxl__account_balance_credit.sta',
  'wolph-mt940__cmxl__account_balance_debit.sta',
  'wolph-mt940__cmxl__available_balance.sta',
  'wolph-mt940__cmxl__closing_balance.sta',
  'wolph-mt940__cmxl__reference.sta',
  'wolph-mt940__cmxl__statement_details.sta',
  'wolph-mt940__cmxl__statement_line.sta',
  'wolph-mt940__cmxl__statement_number.sta',
  'wolph-mt940__self-provided__empty_non_swift.sta',
  'wolph-mt940__self-provided__invalid_statement.sta',
  'wolph-mt940__self-provided__sparkassen.sta',
  // A statement with :60F: and :61: but no :25: account line.
  'mt940-rs__mt940__special-cases__unexpected_tag.sta',
]);

const CAMT_REJECTED: Record<string, string> = {
  'genkgo-camt__camt053.v2.wrong.xml': 'NO_ACCOUNTS',
  'ofxstatement-iso20022__unsupported.xml': 'UNSUPPORTED_FORMAT',
};

const QIF_WITHOUT_TRANSACTIONS = new Set([
  'quiffen__test_category_inherit.qif',
  'quiffen__test_clear_autoswitch.qif',
  'quiffen__test_nosymbol.qif',
  'quiffen__test_option_autoswitch.qif',
]);

/** CSV files Weft does not read, with why. Each must still fail cleanly. */
const CSV_GAPS: Record<string, string> = {
  'csv2ofx__amazon.csv': 'Amazon order history: orders, not account movements',
  'ledger-autosync__amazon.csv': 'Amazon order history',
  'ledger-autosync__amazon2.csv': 'Amazon order history',
};

/** Spot checks of values read from CSV exports: first transaction (Plaid sign) and balance. */
const CSV_SPOT_CHECKS: { file: string; amount: number; date: string; balance: number | null }[] = [
  // "Deposit" column $20.00: money in, so negative in Plaid's sign; RunningBalance of the latest row.
  { file: 'csv2ofx__schwab-checking-baltest-case1.csv', amount: -2000, date: '2022-08-17', balance: 87847 },
  // Capital One: the Debit column is a purchase (money out); Posted Date is the date.
  { file: 'csv2ofx__capitalone.csv', amount: 100000, date: '2016-01-02', balance: null },
  // Venmo "- $220.00" is money out.
  { file: 'beancount-import__venmo__transactions.csv', amount: 22000, date: '2017-04-25', balance: null },
  // Swiss grouping with apostrophes ("11'413.94"), day-first dotted dates, Débit column.
  { file: 'csv2ofx__ubs-ch-fr_trimmed.csv', amount: 1000, date: '2019-03-31', balance: 1141394 },
  // Mint headerless: the direction column says debit.
  { file: 'csv2ofx__mint_headerless.csv', amount: 100000, date: '2015-06-12', balance: null },
];

function read(dir: string, f: string): Buffer {
  return fs.readFileSync(path.join(EVAL_DIR, dir, f));
}

describe('statement files on ../shared/eval', () => {
  it('is present in CI', () => {
    if (process.env.CI) expect(present, `${EVAL_DIR} is missing`).toBe(true);
  });

  it.skipIf(!present)('OFX/QFX: statements match an independent count and sum of <STMTTRN>', () => {
    const files = filesIn('ofx');
    let parsed = 0;
    let transactions = 0;
    const failures: string[] = [];
    for (const f of files) {
      const bytes = read('ofx', f);
      const r = parseStatement(bytes, { fileName: f });
      if (f in OFX_NOT_STATEMENTS || f in OFX_MALFORMED) {
        if (r.ok)
          failures.push(`${f}: parsed, expected an error (${OFX_NOT_STATEMENTS[f] ?? OFX_MALFORMED[f]})`);
        else {
          expect(r.error.message.length).toBeGreaterThan(5);
          if (f in OFX_NOT_STATEMENTS && !['NO_ACCOUNTS', 'UNSUPPORTED_FORMAT'].includes(r.error.code))
            failures.push(`${f}: ${r.error.code}`);
        }
        continue;
      }
      if (!r.ok) {
        failures.push(`${f}: ${r.error.code} ${r.error.message} (line ${r.error.line})`);
        continue;
      }
      const expected = scanOfx(new TextDecoder('latin1').decode(bytes));
      const txns = r.statement.accounts.flatMap((a) => a.transactions);
      // Plaid's sign is the file's negated: money in is negative.
      const sum = -txns.reduce((s, t) => s + t.amount, 0);
      if (txns.length !== expected.count || sum !== expected.sum)
        failures.push(
          `${f}: ${txns.length} txns sum ${sum}, scan says ${expected.count} sum ${expected.sum}`,
        );
      parsed++;
      transactions += txns.length;
    }
    console.log(
      `ofx eval: ${files.length} files, ${parsed} statements parsed (${transactions} transactions), ` +
        `${Object.keys(OFX_NOT_STATEMENTS).length} non-statements and ${Object.keys(OFX_MALFORMED).length} malformed rejected`,
    );
    expect(failures).toEqual([]);
  });

  it.skipIf(!present)(
    'OFX investment statements: positions and trades match an independent count of their tags',
    () => {
      const failures: string[] = [];
      let statements = 0;
      let positions = 0;
      let transactions = 0;
      for (const f of filesIn('ofx')) {
        const bytes = read('ofx', f);
        const text = new TextDecoder('latin1').decode(bytes);
        if (!/<INVSTMTRS>/i.test(text) || f in OFX_MALFORMED) continue;
        const r = parseStatement(bytes, { fileName: f });
        if (!r.ok) {
          failures.push(`${f}: ${r.error.code} ${r.error.message} (line ${r.error.line})`);
          continue;
        }
        const inv = r.statement.accounts.flatMap((a) => (a.investments ? [a.investments] : []));
        const got = {
          positions: inv.reduce((s, i) => s + i.positions.length, 0),
          transactions: inv.reduce((s, i) => s + i.transactions.length, 0),
        };
        const expected = scanOfxInvestments(text);
        if (got.positions !== expected.positions || got.transactions !== expected.transactions)
          failures.push(`${f}: parsed ${JSON.stringify(got)}, scan says ${JSON.stringify(expected)}`);
        statements += inv.length;
        positions += got.positions;
        transactions += got.transactions;
      }
      console.log(
        `ofx investments eval: ${statements} investment statements, ${positions} positions, ${transactions} investment transactions`,
      );
      expect(statements).toBeGreaterThan(0);
      expect(failures).toEqual([]);
    },
  );

  it.skipIf(!present)('camt: every statement matches an independent count and sum of <Ntry>', () => {
    const failures: string[] = [];
    let entries = 0;
    const files = filesIn('camt/iso20022');
    for (const f of files) {
      const bytes = read('camt/iso20022', f);
      const r = parseStatement(bytes, { fileName: f });
      if (f in CAMT_REJECTED) {
        if (r.ok || r.error.code !== CAMT_REJECTED[f]) failures.push(`${f}: expected ${CAMT_REJECTED[f]}`);
        continue;
      }
      if (!r.ok) {
        failures.push(`${f}: ${r.error.code} ${r.error.message}`);
        continue;
      }
      const expected = scanCamt(bytes.toString('utf8'));
      const got = r.statement.accounts.reduce((s, a) => s + a.transactions.length, 0);
      const sum = fileSum(r.statement.accounts);
      if (got !== expected.count || sum !== expected.sum)
        failures.push(
          `${f}: ${got} transactions sum ${sum}, scan says ${expected.count} sum ${expected.sum}`,
        );
      entries += got;
    }
    console.log(
      `camt eval: ${files.length} files, ${entries} entries, ${Object.keys(CAMT_REJECTED).length} rejected`,
    );
    expect(failures).toEqual([]);
  });

  it.skipIf(!present)('MT940: every statement matches an independent count and sum of :61: lines', () => {
    const failures: string[] = [];
    let lines = 0;
    const files = filesIn('camt/mt940');
    for (const f of files) {
      const bytes = read('camt/mt940', f);
      const r = parseStatement(bytes, { fileName: f, format: 'mt940' });
      if (MT940_FRAGMENTS.has(f)) {
        if (r.ok) failures.push(`${f}: fragment parsed`);
        continue;
      }
      if (!r.ok) {
        failures.push(`${f}: ${r.error.code} ${r.error.message} (line ${r.error.line})`);
        continue;
      }
      const expected = scanMt940(new TextDecoder('latin1').decode(bytes));
      const got = r.statement.accounts.reduce((s, a) => s + a.transactions.length, 0);
      const sum = fileSum(r.statement.accounts);
      if (got !== expected.count || sum !== expected.sum)
        failures.push(
          `${f}: ${got} transactions sum ${sum}, scan says ${expected.count} sum ${expected.sum}`,
        );
      lines += got;
    }
    console.log(
      `mt940 eval: ${files.length} files, ${lines} transactions, ${MT940_FRAGMENTS.size} fragments rejected`,
    );
    expect(failures).toEqual([]);
  });

  it.skipIf(!present)('QIF: every file with transactions parses', () => {
    const failures: string[] = [];
    const files = filesIn('csv/qif');
    for (const f of files) {
      const r = parseStatement(read('csv/qif', f), { fileName: f });
      if (QIF_WITHOUT_TRANSACTIONS.has(f)) {
        if (r.ok || r.error.code !== 'NO_ACCOUNTS') failures.push(`${f}: expected NO_ACCOUNTS`);
      } else if (!r.ok) failures.push(`${f}: ${r.error.code} ${r.error.message} (line ${r.error.line})`);
      else if (r.statement.format !== 'qif') failures.push(`${f}: detected as ${r.statement.format}`);
      else {
        const cash = r.statement.accounts.filter((a) => a.type !== 'investment');
        const got = cash.reduce((s, a) => s + a.transactions.length, 0);
        const expected = scanQif(read('csv/qif', f).toString('latin1'));
        if (got !== expected) failures.push(`${f}: ${got} bank/card transactions, scan says ${expected}`);
      }
    }
    console.log(`qif eval: ${files.length} files, ${QIF_WITHOUT_TRANSACTIONS.size} without transactions`);
    expect(failures).toEqual([]);
  });

  it.skipIf(!present)('CSV: bank exports parse; the known gaps fail with a typed error', () => {
    const failures: string[] = [];
    const files = filesIn('csv/csv');
    let rows = 0;
    for (const f of files) {
      const r = parseStatement(read('csv/csv', f), { fileName: f });
      if (f in CSV_GAPS) {
        if (r.ok) failures.push(`${f}: now parses; remove it from CSV_GAPS`);
        continue;
      }
      if (!r.ok) failures.push(`${f}: ${r.error.code} ${r.error.message}`);
      else rows += r.statement.accounts.reduce((s, a) => s + a.transactions.length, 0);
    }
    for (const c of CSV_SPOT_CHECKS) {
      const r = parseStatement(read('csv/csv', c.file));
      expect(r.ok, c.file).toBe(true);
      if (!r.ok) continue;
      const account = r.statement.accounts[0]!;
      expect([account.transactions[0]?.amount, account.transactions[0]?.date], c.file).toEqual([
        c.amount,
        c.date,
      ]);
      expect(account.balance?.current ?? null, c.file).toBe(c.balance);
    }
    console.log(
      `csv eval: ${files.length} files, ${files.length - Object.keys(CSV_GAPS).length} parsed (${rows} rows), ${Object.keys(CSV_GAPS).length} known gaps`,
    );
    expect(failures).toEqual([]);
  });
});
