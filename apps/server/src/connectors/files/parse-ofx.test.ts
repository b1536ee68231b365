import { describe, expect, it } from 'vitest';
import { parseStatement } from './index';
import type { Statement } from './statement';

const enc = (s: string) => new TextEncoder().encode(s);

function ok(bytes: Uint8Array, opts = {}): Statement {
  const r = parseStatement(bytes, opts);
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message} (line ${r.error.line})`);
  return r.statement;
}

const SGML_HEADER =
  'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n';

/** OFX 1.x: unclosed leaves, a bank and a credit card statement in one file. */
const SGML = `${SGML_HEADER}<OFX>
<SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240201<LANGUAGE>ENG<FI><ORG>Weft Test Bank<FID>99</FI></SONRS></SIGNONMSGSRSV1>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS><CURDEF>USD
<BANKACCTFROM><BANKID>011000015<BRANCHID>7<ACCTID>000123456789<ACCTTYPE>SAVINGS</BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240105120000[-5:EST]<DTUSER>20240104<TRNAMT>1500.00<FITID>A1<NAME>PAYROLL &amp; CO<MEMO>January</STMTTRN>
<STMTTRN><TRNTYPE>CHECK<DTPOSTED>20240110<TRNAMT>-42.10<FITID>A2<CHECKNUM>1001<NAME>CHECK 1001</STMTTRN>
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240111<TRNAMT>-1.00<FITID>A2<NAME>SAME FITID TWICE</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1456.90<DTASOF>20240131</LEDGERBAL><AVAILBAL><BALAMT>1400.00<DTASOF>20240131</AVAILBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111111111111111</CCACCTFROM>
<BANKTRANLIST><DTSTART>20240101<DTEND>20240131
<STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240103<TRNAMT>-25.00<FITID>C1<NAME>COFFEE</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240120<TRNAMT>100.00<FITID>C2<NAME>PAYMENT THANK YOU</STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>-320.50<DTASOF>20240131</LEDGERBAL><AVAILBAL><BALAMT>4679.50<DTASOF>20240131</AVAILBAL>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1></OFX>`;

/** OFX 2.x: XML with closing tags, a money-market account and a foreign-currency transaction. */
const XML = `<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<?OFX OFXHEADER="200" VERSION="211" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>
<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1</TRNUID><STATUS><CODE>0</CODE><SEVERITY>INFO</SEVERITY></STATUS>
<STMTRS><CURDEF>EUR</CURDEF><BANKACCTFROM><BANKID>BANK</BANKID><ACCTID>DE89370400440532013000</ACCTID><ACCTTYPE>MONEYMRKT</ACCTTYPE></BANKACCTFROM>
<BANKTRANLIST><DTSTART>20240101</DTSTART><DTEND>20240131</DTEND>
<STMTTRN><TRNTYPE>POS</TRNTYPE><DTPOSTED>20240102</DTPOSTED><TRNAMT>-1200</TRNAMT><FITID>X1</FITID><NAME>Tokyo shop</NAME><CURRENCY><CURRATE>0.0062</CURRATE><CURSYM>JPY</CURSYM></CURRENCY></STMTTRN>
<STMTTRN><TRNTYPE>XFER</TRNTYPE><DTPOSTED>20240103</DTPOSTED><TRNAMT>10,50</TRNAMT><FITID>X2</FITID><PAYEE><NAME>Anna</NAME></PAYEE><MEMO>refund</MEMO></STMTTRN>
</BANKTRANLIST><LEDGERBAL><BALAMT>100.00</BALAMT><DTASOF>20240131</DTASOF></LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;

describe('OFX 1.x (SGML) with a bank and a credit card statement', () => {
  const s = ok(enc(SGML), { fileName: 'export.qfx' });
  const [bank, card] = s.accounts;

  it('makes one account per statement, keyed by what identifies it', () => {
    expect(s.format).toBe('ofx');
    expect(s.institution).toBe('Weft Test Bank');
    expect(s.accounts.map((a) => [a.key, a.type, a.subtype, a.mask])).toEqual([
      ['ofx:bank:011000015:000123456789:SAVINGS', 'depository', 'savings', '6789'],
      ['ofx:cc::4111111111111111', 'credit', 'credit card', '1111'],
    ]);
    expect([bank!.routingNumber, bank!.accountNumber, bank!.branch]).toEqual([
      '011000015',
      '000123456789',
      '7',
    ]);
  });

  it("applies Plaid's sign: money in is negative, money out positive", () => {
    expect(bank!.transactions.map((t) => t.amount)).toEqual([-150000, 4210, 100]);
    expect(card!.transactions.map((t) => t.amount)).toEqual([2500, -10000]);
  });

  it("reports balances in Plaid's terms: a card's debt is positive, available credit stays positive", () => {
    expect(bank!.balance).toEqual({ current: 145690, date: '2024-01-31' });
    expect(bank!.available).toBe(140000);
    expect(card!.balance).toEqual({ current: 32050, date: '2024-01-31' });
    expect(card!.available).toBe(467950);
  });

  it('keeps FITIDs as ids, dates, names, entities, check numbers and types', () => {
    const [pay, check, dup] = bank!.transactions;
    expect(pay).toMatchObject({
      id: 'A1',
      idSource: 'file',
      date: '2024-01-05',
      datetime: '2024-01-05T12:00:00-05:00',
      authorizedDate: '2024-01-04',
      name: 'PAYROLL & CO',
      memo: 'January',
      fileType: 'CREDIT',
      pending: false,
    });
    expect(check).toMatchObject({ id: 'A2', checkNumber: '1001', fileType: 'CHECK' });
    // A FITID repeated inside one file is two real entries: both stay, with distinct ids.
    expect(dup!.id).toBe('A2~2');
  });
});

describe('OFX 2.x (XML)', () => {
  const s = ok(enc(XML));
  const a = s.accounts[0]!;

  it('reads the money-market account, a comma decimal and a foreign-currency amount', () => {
    expect([a.type, a.subtype, a.currency]).toEqual(['depository', 'money market', 'EUR']);
    expect(a.transactions.map((t) => [t.amount, t.currency])).toEqual([
      [1200, 'JPY'],
      [-1050, 'EUR'],
    ]);
    expect(a.transactions[1]).toMatchObject({ name: 'Anna', payee: 'Anna', memo: 'refund' });
  });
});

describe('OFX encodings', () => {
  const body = (name: string) =>
    `<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKACCTFROM><BANKID>1<ACCTID>2<ACCTTYPE>CHECKING</BANKACCTFROM><BANKTRANLIST><STMTTRN><TRNTYPE>DEBIT<DTPOSTED>20240101<TRNAMT>-1.00<FITID>1<NAME>${name}</STMTTRN></BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`;

  it.each([
    [
      'cp1252 bytes under CHARSET:1252',
      SGML_HEADER,
      Uint8Array.from([0x43, 0x61, 0x66, 0xe9, 0x20, 0x80]),
      'Café €',
      'windows-1252',
    ],
    ['UTF-8 bytes under a header that says USASCII', SGML_HEADER, enc('Café €'), 'Café €', 'utf-8'],
    ['UTF-8 with BOM', '', Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('Crème')]), 'Crème', 'utf-8'],
    [
      'latin-1 under CHARSET:ISO-8859-1',
      SGML_HEADER.replace('CHARSET:1252', 'CHARSET:ISO-8859-1'),
      Uint8Array.from([0x4d, 0xfc, 0x6c, 0x6c]),
      'Müll',
      'latin1',
    ],
  ])('%s', (_label, header, nameBytes, name, encoding) => {
    const [before, after] = body('\u0000').split('\u0000') as [string, string];
    const bytes = Uint8Array.from([...enc(header + before), ...nameBytes, ...enc(after)]);
    const s = ok(bytes);
    expect(s.accounts[0]!.transactions[0]!.name).toBe(name);
    expect(s.encoding).toBe(encoding);
  });
});

describe('OFX that is not a usable statement', () => {
  it.each([
    [
      'an error response',
      `${SGML_HEADER}<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>15500<SEVERITY>ERROR<MESSAGE>Bad password</STATUS></SONRS></SIGNONMSGSRSV1></OFX>`,
      'NO_ACCOUNTS',
      /15500: Bad password/,
    ],
    [
      'a transaction without DTPOSTED',
      SGML.replace('<DTPOSTED>20240110', ''),
      'MALFORMED_FILE',
      /no DTPOSTED/,
    ],
    [
      'an amount that is not a number',
      SGML.replace('<TRNAMT>-42.10', '<TRNAMT>$42'),
      'MALFORMED_FILE',
      /invalid TRNAMT "\$42"/,
    ],
    [
      'an impossible date',
      SGML.replace('<DTPOSTED>20240110', '<DTPOSTED>20240231'),
      'MALFORMED_FILE',
      /invalid DTPOSTED/,
    ],
  ])('%s gives a typed error', (_label, text, code, message) => {
    const r = parseStatement(enc(text));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe(code);
    expect(r.error.message).toMatch(message);
  });

  it('points at the line of the broken transaction', () => {
    const r = parseStatement(enc(SGML.replace('<TRNAMT>-42.10', '<TRNAMT>oops')));
    expect(r.ok ? null : r.error.line).toBe(SGML.slice(0, SGML.indexOf('<FITID>A2')).split('\n').length);
  });
});
