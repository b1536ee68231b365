/**
 * A deterministic OFX 1.x (SGML) bank statement of any size, for the parser benchmark and tests:
 * the same count always yields the same bytes.
 */

const PAYEES = [
  'COFFEE SHOP',
  'GROCERY MART',
  'PAYROLL ACME CORP',
  'ELECTRIC CO',
  'BOOKSTORE & CAFE',
  'TRANSFER',
];

/** Returns the OFX text of one checking statement with `count` transactions. */
export function generateOfx(count: number): string {
  let seed = 42;
  const next = () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed;
  };
  const parts: string[] = [
    'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n',
    '<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20240101120000<LANGUAGE>ENG<FI><ORG>WEFTBANK<FID>1234</FI></SONRS></SIGNONMSGSRSV1>\n',
    '<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>USD\n',
    '<BANKACCTFROM><BANKID>011000015<ACCTID>1234567890<ACCTTYPE>CHECKING</BANKACCTFROM>\n',
    '<BANKTRANLIST><DTSTART>20200101<DTEND>20231231\n',
  ];
  let balance = 0;
  const start = Date.UTC(2020, 0, 1);
  for (let i = 0; i < count; i++) {
    const day = new Date(start + Math.floor((i * 1440) / Math.max(count, 1)) * 86400000);
    const ymd = day.toISOString().slice(0, 10).replace(/-/g, '');
    const cents = (next() % 200000) - 150000;
    balance += cents;
    const sign = cents < 0 ? '-' : '';
    const abs = Math.abs(cents);
    const amount = `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
    const payee = PAYEES[next() % PAYEES.length]!.replace('&', '&amp;');
    parts.push(
      `<STMTTRN>\n<TRNTYPE>${cents < 0 ? 'DEBIT' : 'CREDIT'}\n<DTPOSTED>${ymd}120000[-5:EST]\n<TRNAMT>${amount}\n<FITID>${ymd}${String(i).padStart(8, '0')}\n<NAME>${payee}\n<MEMO>Generated transaction ${i}\n</STMTTRN>\n`,
    );
  }
  const bsign = balance < 0 ? '-' : '';
  const babs = Math.abs(balance);
  parts.push(
    `</BANKTRANLIST><LEDGERBAL><BALAMT>${bsign}${Math.floor(babs / 100)}.${String(babs % 100).padStart(2, '0')}<DTASOF>20231231</LEDGERBAL>\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n`,
  );
  return parts.join('');
}
