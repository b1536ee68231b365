import { describe, expect, it } from 'vitest';
import { generateOfx, parseStatement } from './index';

const enc = (s: string) => new TextEncoder().encode(s);

function errorOf(bytes: Uint8Array, opts = {}) {
  const r = parseStatement(bytes, opts);
  return r.ok ? null : r.error;
}

describe('parseStatement: typed errors, never a throw', () => {
  it.each([
    ['an empty file', 'EMPTY_FILE', new Uint8Array(0), {}],
    ['only whitespace', 'EMPTY_FILE', enc('  \n\n  '), {}],
    ['a file over the limit', 'FILE_TOO_LARGE', enc('x'.repeat(101)), { maxBytes: 100 }],
    ['prose', 'UNSUPPORTED_FORMAT', enc('Dear customer, your statement is attached.'), {}],
    [
      'a PNG',
      'UNSUPPORTED_FORMAT',
      Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]),
      {},
    ],
    [
      'XML that is not camt',
      'UNSUPPORTED_FORMAT',
      enc('<?xml version="1.0"?><Invoice><Total>1</Total></Invoice>'),
      {},
    ],
    [
      'an OFX cut off mid-tag',
      'MALFORMED_FILE',
      enc(
        'OFXHEADER:100\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>2024',
      ),
      {},
    ],
    ['an OFX nested beyond reason', 'MALFORMED_FILE', enc(`<OFX>${'<A>'.repeat(5000)}`), {}],
    ['a QIF of categories only', 'NO_ACCOUNTS', enc('!Type:Cat\nNFood\n^\n'), {}],
    ['an MT940 without an account', 'MALFORMED_FILE', enc(':20:X\n:60F:C240101EUR1,00\n'), {}],
    ['a CSV without date or amount columns', 'MALFORMED_FILE', enc('name,colour\nanna,red\nbob,blue\n'), {}],
  ] as const)('%s → %s', (_label, code, bytes, opts) => {
    const e = errorOf(bytes, opts);
    expect(e?.code).toBe(code);
    expect(e?.message.length).toBeGreaterThan(5);
  });

  it('honours a declared format over detection', () => {
    expect(errorOf(enc('Date,Amount\n2024-01-01,1.00\n'), { format: 'camt' })?.code).toBe(
      'UNSUPPORTED_FORMAT',
    );
  });
});

describe('hostile inputs finish quickly (linear scanners, no backtracking)', () => {
  it.each([
    ['a million "<"', '<'.repeat(1_000_000)],
    ['an unterminated tag', `<OFX><${'A'.repeat(1_000_000)}`],
    ['one endless CSV line', `Date,Amount\n${'1,'.repeat(500_000)}`],
    ['an MT940 line of digits', `:20:X\n:25:1\n:61:${'1'.repeat(1_000_000)}`],
    ['nested quotes', `"${'"'.repeat(1_000_000)}`],
    ['a QIF of one long field', `!Type:Bank\nD${'1/'.repeat(500_000)}\n^\n`],
    // Headerless CSVs are inferred cell by cell; padded cells once made the amount test backtrack.
    [
      'a headerless CSV of padded cells',
      `2024-01-01,a,${' '.repeat(200_000)}1.00x\n2024-01-02,b,${' '.repeat(200_000)}2.00x\n`,
    ],
    ['an OFX attribute that never ends', `<OFX><STMTRS ${'a'.repeat(200_000)}="${'1'.repeat(200_000)}">`],
    [
      'a camt amount of a million digits',
      `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt><Stmt><Acct><Id><IBAN>X</IBAN></Id></Acct><Ntry><Amt Ccy="EUR">${'9'.repeat(1_000_000)}</Amt></Ntry></Stmt></BkToCstmrStmt></Document>`,
    ],
  ])('%s', (_label, text) => {
    // No timing assertion (benchmarks measure time): the test runner's timeout is the bound.
    const r = parseStatement(enc(text));
    expect(typeof r.ok).toBe('boolean');
  });
});

describe('ids', () => {
  const csv = (rows: string[]) => enc(`Date,Description,Amount\n${rows.join('\n')}\n`);
  const january = ['2024-01-02,COFFEE,-3.50', '2024-01-02,COFFEE,-3.50', '2024-01-03,BOOKS,-12.00'];
  const overlap = [
    '2024-01-02,COFFEE,-3.50',
    '2024-01-02,COFFEE,-3.50',
    '2024-01-03,BOOKS,-12.00',
    '2024-01-04,RENT,-900.00',
  ];
  const ids = (bytes: Uint8Array) => {
    const r = parseStatement(bytes, { currency: 'USD' });
    return r.ok ? r.statement.accounts[0]!.transactions.map((t) => t.id) : [];
  };

  it('keeps two identical same-day transactions distinct', () => {
    const [a, b] = ids(csv(january));
    expect(a).not.toBe(b);
  });

  it('gives the same transaction the same id in overlapping files, whatever the row order', () => {
    const first = ids(csv(january));
    const second = ids(csv([...overlap].reverse()));
    expect(second.filter((id) => first.includes(id)).sort()).toEqual([...first].sort());
    expect(second).toHaveLength(4);
  });

  it('ignores case and spacing of the description', () => {
    expect(ids(csv(['2024-01-02,COFFEE  SHOP,-3.50']))).toEqual(ids(csv(['2024-01-02,coffee shop,-3.50'])));
    expect(ids(csv(['2024-01-02,COFFEE SHOP,-3.50']))).not.toEqual(
      ids(csv(['2024-01-02,COFFEE SHOP,-3.51'])),
    );
  });

  it('depends on the account: the same row in two accounts gets two ids', () => {
    const a = parseStatement(csv(january), { currency: 'USD', csv: { account: { key: 'a' } } });
    const b = parseStatement(csv(january), { currency: 'USD', csv: { account: { key: 'b' } } });
    expect(
      a.ok &&
        b.ok &&
        a.statement.accounts[0]!.transactions[0]!.id !== b.statement.accounts[0]!.transactions[0]!.id,
    ).toBe(true);
  });
});

describe('generateOfx', () => {
  it('is deterministic and parses back to exactly its transactions', () => {
    const text = generateOfx(10_000);
    expect(generateOfx(10_000)).toBe(text);
    const r = parseStatement(enc(text));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.statement.accounts[0]!;
    expect(a.transactions).toHaveLength(10_000);
    expect(new Set(a.transactions.map((t) => t.id)).size).toBe(10_000);
    // The ledger balance the generator writes is the sum of its amounts (Plaid's sign is the negation).
    expect(a.balance!.current).toBe(-a.transactions.reduce((s, t) => s + t.amount, 0));
  });
});
