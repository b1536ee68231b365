import { describe, expect, it } from 'vitest';
import type { ParseOptions } from './index';
import { parseStatement } from './index';
import type { Statement } from './statement';

const enc = (s: string) => new TextEncoder().encode(s);

function ok(text: string | Uint8Array, opts: ParseOptions = {}): Statement {
  const r = parseStatement(typeof text === 'string' ? enc(text) : text, opts);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (line ${r.error.line})`);
  return r.statement;
}

const amounts = (s: Statement, i = 0) => s.accounts[i]!.transactions.map((t) => t.amount);

describe('QIF', () => {
  const QIF = `!Account
NEveryday Checking
TBank
^
!Type:Bank
D31/01/2024
T-1,234.56
PLANDLORD
MRent January
N101
^
D02/02/2024
T2,000.00
PEMPLOYER
^
!Account
NVisa
TCCard
^
!Type:CCard
D03/02/2024
T-45.00
PBOOKSHOP
^
`;

  it('makes one account per !Account, with types and signs', () => {
    const s = ok(QIF, { currency: 'GBP' });
    expect(s.format).toBe('qif');
    expect(s.accounts.map((a) => [a.key, a.name, a.type, a.subtype, a.currency])).toEqual([
      ['qif:Everyday Checking', 'Everyday Checking', 'depository', 'checking', 'GBP'],
      ['qif:Visa', 'Visa', 'credit', 'credit card', 'GBP'],
    ]);
    expect(amounts(s)).toEqual([123456, -200000]);
    expect(amounts(s, 1)).toEqual([4500]);
    expect(s.accounts[0]!.transactions[0]).toMatchObject({
      name: 'LANDLORD',
      memo: 'Rent January',
      checkNumber: '101',
    });
  });

  it('reads day-first dates because 31/01 proves it, without a warning', () => {
    const s = ok(QIF, { currency: 'GBP' });
    expect(s.accounts[0]!.transactions.map((t) => t.date)).toEqual(['2024-01-31', '2024-02-02']);
    expect(s.warnings.some((w) => w.includes('either way'))).toBe(false);
  });

  it('warns when no date decides the order, and follows the declared one', () => {
    const text = '!Type:Bank\nD01/02/2024\nT-1.00\nPX\n^\n';
    expect(ok(text).accounts[0]!.transactions[0]!.date).toBe('2024-01-02');
    expect(ok(text).warnings.join(' ')).toMatch(/either way; read as mdy/);
    expect(ok(text, { dateOrder: 'dmy' }).accounts[0]!.transactions[0]!.date).toBe('2024-02-01');
  });

  it('states the currency it assumed', () => {
    expect(ok('!Type:Bank\nD2024-01-01\nT-1.00\n^\n').warnings).toContain(
      'QIF files state no currency; USD assumed',
    );
  });

  it('rejects a record without a date, naming its line', () => {
    const r = parseStatement(enc('!Type:Bank\nD2024-01-01\nT-1.00\n^\nT-2.00\nPNO DATE\n^\n'));
    expect(r).toEqual({
      ok: false,
      error: { code: 'MALFORMED_FILE', message: 'record has no date (D)', line: 5 },
    });
  });
});

describe('CSV', () => {
  it.each([
    [
      'amount column, inflow positive',
      'Date,Description,Amount\n2024-01-02,Salary,2500.00\n2024-01-03,Coffee,-3.50\n',
      {},
      [-250000, 350],
    ],
    [
      'debit/credit pair',
      'Date,Description,Debit,Credit\n2024-01-02,Rent,900.00,\n2024-01-03,Refund,,12.00\n',
      {},
      [90000, -1200],
    ],
    [
      'parentheses for negatives',
      'Date,Description,Amount\n2024-01-02,Fee,(4.00)\n2024-01-03,Deposit,10.00\n',
      {},
      [400, -1000],
    ],
    [
      'decimal comma with semicolons',
      'Datum;Omschrijving;Bedrag\n31-01-2024;Huur;-1.234,56\n01-02-2024;Salaris;2.000,00\n',
      {},
      [123456, -200000],
    ],
    [
      'credit card export with charges positive (preset)',
      'Date,Description,Amount\n01/15/2024,Dinner,54.20\n01/20/2024,Payment,-100.00\n',
      { preset: 'amex' },
      [5420, -10000],
    ],
    [
      'declared outflow-positive sign',
      'Date,Description,Amount\n2024-01-02,Dinner,54.20\n',
      { sign: 'outflow-positive' },
      [5420],
    ],
    [
      'D/C indicator column',
      'Date,Label,Amount,D/C\n2024-01-02,Shop,12.00,D\n2024-01-03,Refund,5.00,C\n',
      {},
      [1200, -500],
    ],
    [
      'declared columns by index without a header',
      '2024-01-02;Shop;-12,00\n2024-01-03;Salary;100,00\n',
      { columns: { date: 0, description: 1, amount: 2 } },
      [1200, -10000],
    ],
  ] as const)('%s', (_label, text, csv, expected) => {
    expect(amounts(ok(text, { csv, currency: 'EUR' }))).toEqual(expected);
  });

  it('detects month-first dates from a day above 12 in the second place', () => {
    const s = ok('Date,Description,Amount\n01/02/2024,A,-1.00\n01/13/2024,B,-1.00\n', { currency: 'USD' });
    expect(s.accounts[0]!.transactions.map((t) => t.date)).toEqual(['2024-01-02', '2024-01-13']);
  });

  it('detects day-first dates from a day above 12 in the first place', () => {
    const s = ok('Date,Description,Amount\n01/02/2024,A,-1.00\n13/01/2024,B,-1.00\n', { currency: 'USD' });
    expect(s.accounts[0]!.transactions.map((t) => t.date)).toEqual(['2024-02-01', '2024-01-13']);
  });

  it('refuses a date column that proves both orders', () => {
    const r = parseStatement(enc('Date,Description,Amount\n13/01/2024,A,-1.00\n01/13/2024,B,-1.00\n'));
    expect(r.ok ? null : r.error.code).toBe('MALFORMED_FILE');
  });

  it('splits a multi-account export into accounts, with pending rows and balances', () => {
    const s = ok(
      '"Date","Status","Account Name","Description","Amount","Balance"\n' +
        '"2024-01-03","Pending","Checking","Coffee","-3.50","96.50"\n' +
        '"2024-01-02","Posted","Checking","Deposit","100.00","100.00"\n' +
        '"2024-01-02","Posted","Savings","Interest","0.12","500.12"\n',
      { currency: 'USD' },
    );
    expect(s.accounts.map((a) => [a.key, a.transactions.length, a.balance])).toEqual([
      ['csv:Checking', 2, { current: 9650, date: '2024-01-03' }],
      ['csv:Savings', 1, { current: 50012, date: '2024-01-02' }],
    ]);
    expect(s.accounts[0]!.transactions.map((t) => t.pending)).toEqual([true, false]);
  });

  it('skips title lines above the header and takes the currency from the header', () => {
    const s = ok('Transactions for account 1234\n\nDate,Description,Amount (EUR)\n2024-01-02,Shop,-1.00\n');
    expect([s.accounts[0]!.currency, amounts(s)]).toEqual(['EUR', [100]]);
  });

  it.each([
    ['Windows-1252', [0x43, 0x61, 0x66, 0xe9, 0x20, 0x93, 0x4f, 0x4b, 0x94], 'Café “OK”', 'windows-1252'],
    ['UTF-8', [...new TextEncoder().encode('Café “OK”')], 'Café “OK”', 'utf-8'],
    ['UTF-8 with BOM', [0xef, 0xbb, 0xbf, ...new TextEncoder().encode('Café “OK”')], 'Café “OK”', 'utf-8'],
  ])('decodes %s text', (_label, nameBytes, name, encoding) => {
    const bytes = Uint8Array.from([
      ...(nameBytes[0] === 0xef ? [0xef, 0xbb, 0xbf] : []),
      ...enc('Date,Description,Amount\n2024-01-02,'),
      ...(nameBytes[0] === 0xef ? nameBytes.slice(3) : nameBytes),
      ...enc(',-1.00\n'),
    ]);
    const s = ok(bytes, { currency: 'EUR' });
    expect([s.accounts[0]!.transactions[0]!.name, s.encoding]).toEqual([name, encoding]);
  });

  it('rejects an unknown preset', () => {
    const r = parseStatement(enc('Date,Amount\n2024-01-01,1.00\n'), { csv: { preset: 'nope' } });
    expect(r.ok ? null : r.error.code).toBe('INVALID_OPTIONS');
  });
});

describe('camt.053 / camt.052', () => {
  const camt = (root: string, item: string, ns: string) => `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:${ns}"><${root}><GrpHdr><MsgId>1</MsgId><CreDtTm>2024-02-01T08:00:00</CreDtTm></GrpHdr>
<${item}><Id>S1</Id><Acct><Id><IBAN>NL91ABNA0417164300</IBAN></Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>ABNANL2A</BIC></FinInstnId></Svcr></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">100.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>2024-01-01</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">20.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Dt><Dt>2024-01-31</Dt></Dt></Bal>
<Ntry><NtryRef>N1</NtryRef><Amt Ccy="EUR">120.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2024-01-10</Dt></BookgDt><ValDt><Dt>2024-01-11</Dt></ValDt><AcctSvcrRef>REF-1</AcctSvcrRef>
<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>ICDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
<NtryDtls><TxDtls><RltdPties><Cdtr><Nm>Landlord BV</Nm></Cdtr></RltdPties><RmtInf><Ustrd>Rent January</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>PDNG</Cd></Sts><BookgDt><DtTm>2024-01-12T10:00:00</DtTm></BookgDt><NtryRef>N2</NtryRef></Ntry>
</${item}></${root}></Document>`;

  it('reads a camt.053 statement: IBAN, BIC, closing balance, signs, refs, codes, pending', () => {
    const s = ok(camt('BkToCstmrStmt', 'Stmt', 'camt.053.001.02'));
    const a = s.accounts[0]!;
    expect(s.format).toBe('camt');
    expect([a.key, a.iban, a.bic, a.mask, a.currency]).toEqual([
      'camt:NL91ABNA0417164300:EUR',
      'NL91ABNA0417164300',
      'ABNANL2A',
      '4300',
      'EUR',
    ]);
    expect(a.balance).toEqual({ current: -2050, date: '2024-01-31' });
    expect(a.transactions.map((t) => [t.id, t.amount, t.date, t.valueDate, t.pending, t.fileType])).toEqual([
      ['REF-1', 12050, '2024-01-10', '2024-01-11', false, 'PMNT/ICDT/ESCT'],
      ['N2', -500, '2024-01-12', null, true, null],
    ]);
    expect(a.transactions[0]).toMatchObject({
      name: 'Landlord BV',
      payee: 'Landlord BV',
      memo: 'Rent January',
    });
  });

  it('reads the same shape as a camt.052 report', () => {
    const s = ok(camt('BkToCstmrAcctRpt', 'Rpt', 'camt.052.001.08'));
    expect(s.accounts[0]!.transactions).toHaveLength(2);
  });

  it('refuses a message of another namespace', () => {
    const r = parseStatement(
      enc(
        camt('BkToCstmrStmt', 'Stmt', 'camt.053.001.02').replace(
          'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02',
          'urn:other',
        ),
      ),
    );
    expect(r.ok ? null : r.error.code).toBe('UNSUPPORTED_FORMAT');
  });
});

describe('MT940', () => {
  const MT940 = `{1:F01ABNANL2AXXXX0000000000}{2:O9400000000000ABNANL2AXXXX00000000000000000000N}{4:
:20:STMT1
:25:NL91ABNA0417164300 EUR
:28C:1/1
:60F:C240101EUR100,00
:61:2401020102D12,50NTRFNONREF//B1
:86:/TRTP/SEPA OVERBOEKING/IBAN/NL20INGB0001234567/BIC/INGBNL2A/NAME/J
. Jansen/REMI/Invoice 42/EREF/NOTPROVIDED
:61:2401030103C1000,NTRFNONREF
:86:166?00GUTSCHRIFT?20SVWZ+Salary January?32ACME GmbH
:61:2312310101RD2,00NCHGNONREF
:86:Fee refund
:62F:C240103EUR1089,50
:64:C240103EUR1000,00
-}`;

  it('reads the account, balances, signs and the three :86: styles', () => {
    const s = ok(MT940);
    const a = s.accounts[0]!;
    expect(s.format).toBe('mt940');
    expect([a.key, a.iban, a.currency, a.mask]).toEqual([
      'mt940:NL91ABNA0417164300',
      'NL91ABNA0417164300',
      'EUR',
      '4300',
    ]);
    expect(a.balance).toEqual({ current: 108950, date: '2024-01-03' });
    expect(a.available).toBe(100000);
    expect(a.transactions.map((t) => [t.amount, t.date, t.name])).toEqual([
      [1250, '2024-01-02', 'J. Jansen'],
      [-100000, '2024-01-03', 'ACME GmbH'],
      // RD (reversal of a debit) is money in; the entry date 0101 belongs to the next year.
      [-200, '2024-01-01', 'Fee refund'],
    ]);
    expect(a.transactions[0]).toMatchObject({ memo: 'Invoice 42', payee: 'J. Jansen', idSource: 'hash' });
    expect(a.transactions[1]).toMatchObject({ memo: 'Salary January', fileType: 'NTRF 166 GUTSCHRIFT' });
    expect(a.transactions[2]!.valueDate).toBe('2023-12-31');
  });

  it('rejects a statement line that is not one', () => {
    const r = parseStatement(enc(MT940.replace(':61:2401020102D12,50', ':61:XX')));
    expect(r.ok ? null : [r.error.code, r.error.line]).toEqual(['MALFORMED_FILE', 6]);
  });
});
