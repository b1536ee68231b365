/**
 * Small statement files written for Weft's tests: an OFX checking account with routing and
 * account numbers, a camt.053 account with an IBAN, and a CSV export without ids or balance.
 */

/** One OFX transaction: amounts as the file writes them (positive = money in). */
export interface OfxTx {
  fitid: string;
  date: string;
  amount: string;
  name: string;
}

/** A US checking statement (OFX 1.x SGML) with BANKID/ACCTID and, optionally, a ledger balance. */
export function ofxChecking(
  txs: readonly OfxTx[],
  opts: {
    acctId?: string;
    bankId?: string;
    currency?: string;
    balance?: { amount: string; date: string; available?: string };
  } = {},
): string {
  const ymd = (d: string) => d.replace(/-/g, '');
  const lines = txs.map(
    (t) =>
      `<STMTTRN><TRNTYPE>${t.amount.startsWith('-') ? 'DEBIT' : 'CREDIT'}<DTPOSTED>${ymd(t.date)}<TRNAMT>${t.amount}<FITID>${t.fitid}<NAME>${t.name}</STMTTRN>`,
  );
  const balance = opts.balance
    ? `<LEDGERBAL><BALAMT>${opts.balance.amount}<DTASOF>${ymd(opts.balance.date)}</LEDGERBAL>` +
      (opts.balance.available
        ? `<AVAILBAL><BALAMT>${opts.balance.available}<DTASOF>${ymd(opts.balance.date)}</AVAILBAL>`
        : '')
    : '';
  return [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    'ENCODING:USASCII',
    'CHARSET:1252',
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    'NEWFILEUID:NONE',
    '',
    '<OFX><SIGNONMSGSRSV1><SONRS><STATUS><CODE>0<SEVERITY>INFO</STATUS><DTSERVER>20261201120000<LANGUAGE>ENG<FI><ORG>WEFTBANK<FID>1234</FI></SONRS></SIGNONMSGSRSV1>',
    `<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS><STMTRS><CURDEF>${opts.currency ?? 'USD'}`,
    `<BANKACCTFROM><BANKID>${opts.bankId ?? '011000015'}<ACCTID>${opts.acctId ?? '9876543210'}<ACCTTYPE>CHECKING</BANKACCTFROM>`,
    '<BANKTRANLIST><DTSTART>20261001<DTEND>20261130',
    ...lines,
    '</BANKTRANLIST>',
    balance,
    '</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
    '',
  ].join('\n');
}

/** The first OFX statement of the tests: October and early November, closing at 1,234.56. */
export const OFX_OCTOBER: readonly OfxTx[] = [
  { fitid: 'T1001', date: '2026-10-01', amount: '2500.00', name: 'PAYROLL ACME CORP' },
  { fitid: 'T1002', date: '2026-10-03', amount: '-4.75', name: 'STARBUCKS STORE 1234' },
  { fitid: 'T1003', date: '2026-10-05', amount: '-1200.00', name: 'RENT PAYMENT OCTOBER' },
  { fitid: 'T1004', date: '2026-10-12', amount: '-15.49', name: 'NETFLIX.COM' },
  { fitid: 'T1005', date: '2026-11-02', amount: '-82.30', name: 'WHOLE FOODS MARKET' },
];

/** A later statement overlapping the first by two transactions, with two new ones. */
export const OFX_NOVEMBER: readonly OfxTx[] = [
  { fitid: 'T1004', date: '2026-10-12', amount: '-15.49', name: 'NETFLIX.COM' },
  { fitid: 'T1005', date: '2026-11-02', amount: '-82.30', name: 'WHOLE FOODS MARKET' },
  { fitid: 'T1006', date: '2026-11-12', amount: '-15.49', name: 'NETFLIX.COM' },
  { fitid: 'T1007', date: '2026-11-20', amount: '-23.10', name: 'UBER TRIP' },
];

/** One camt entry: amount as printed, with its side; pending entries carry status PDNG. */
export interface CamtEntry {
  ref: string;
  date: string;
  amount: string;
  debit: boolean;
  info: string;
  pending?: boolean;
}

/** The entries of the default camt statement: a supermarket and a salary, both booked. */
export const CAMT_NOVEMBER: readonly CamtEntry[] = [
  { ref: 'E1', date: '2026-11-03', amount: '45.90', debit: true, info: 'REWE SAGT DANKE' },
  { ref: 'E2', date: '2026-11-15', amount: '3100.00', debit: false, info: 'GEHALT NOVEMBER' },
];

/** A camt.053 statement of a German account (IBAN and BIC), with a closing booked balance. */
export function camtStatement(
  entries: readonly CamtEntry[] = CAMT_NOVEMBER,
  created = '2026-11-30T18:00:00',
): string {
  const entry = (e: CamtEntry) => `
      <Ntry>
        <NtryRef>${e.ref}</NtryRef>
        <Amt Ccy="EUR">${e.amount}</Amt>
        <CdtDbtInd>${e.debit ? 'DBIT' : 'CRDT'}</CdtDbtInd>
        <Sts><Cd>${e.pending ? 'PDNG' : 'BOOK'}</Cd></Sts>
        <BookgDt><Dt>${e.date}</Dt></BookgDt>
        <ValDt><Dt>${e.date}</Dt></ValDt>
        <AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <AddtlNtryInf>${e.info}</AddtlNtryInf>
      </Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>MSG1</MsgId><CreDtTm>${created}</CreDtTm></GrpHdr>
    <Stmt>
      <Id>STMT1</Id>
      <CreDtTm>${created}</CreDtTm>
      <Acct>
        <Id><IBAN>DE89370400440532013000</IBAN></Id>
        <Ccy>EUR</Ccy>
        <Nm>Girokonto</Nm>
        <Svcr><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></Svcr>
      </Acct>
      <Bal>
        <Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp>
        <Amt Ccy="EUR">1500.25</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Dt><Dt>2026-11-30</Dt></Dt>
      </Bal>${entries.map(entry).join('')}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

/** A CSV export with no ids and no balance: the importer computes the balance from the rows. */
export function csvExport(): string {
  return [
    'Date,Description,Amount',
    '2026-11-01,SHELL OIL 12345,-40.00',
    '2026-11-02,TRANSFER FROM SAVINGS,100.00',
    '2026-11-03,CHIPOTLE 0456,-12.35',
    '',
  ].join('\n');
}

/** Base64 of a text file, as the endpoint takes it. */
export function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64');
}
