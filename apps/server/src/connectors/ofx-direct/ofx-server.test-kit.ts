/**
 * A fake OFX Direct Connect server for tests: node:http on 127.0.0.1 that reads each request's
 * signon and message sets as a bank's server would and answers from fixtures written here, dated
 * relative to its clock. Its users script the failures a real server gives:
 *
 * | user | password | what happens |
 * | --- | --- | --- |
 * | `alice` | `correct horse` | checking, savings and a credit card with transactions |
 * | `mfa` | `pw` | MFA questions first (`Springfield`, `blue`), then alice's accounts and an ACCESSKEY |
 * | `locked` | any | 15502 (USERPASS lockout) |
 * | `contact` | any | 15511 (user should contact the FI) |
 * | `broken` | any | signon status 2000 (general error) |
 * | `http500` | any | HTTP 500 |
 * | `slow` | any | answers after `slowMs` |
 * | `garbage` | any | HTTP 200 with an HTML page |
 * | `badstmt` | `pw` | accounts listed, then a statement whose TRNAMT is not a number |
 *
 * Any other password is 15500 (signon invalid). Requests are kept for assertions.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { child, findAll, type MarkupNode, parseMarkup, textAt } from '../ofx-reading';

/** One request as the server read it. */
export interface RecordedRequest {
  contentType: string | undefined;
  version: 'sgml' | 'xml';
  userId: string | null;
  org: string | null;
  fid: string | null;
  appId: string | null;
  appVer: string | null;
  clientUid: string | null;
  accessKey: string | null;
  mfaAnswers: { phraseId: string; answer: string }[];
  /** The message set requests it held: ACCTINFORQ, MFACHALLENGERQ, STMTRQ, CCSTMTRQ. */
  requests: string[];
  /** DTSTART of each statement request, as sent (null when absent). */
  dtStart: (string | null)[];
  raw: string;
}

/** A fake server's handle. */
export interface FakeOfxServer {
  url: string;
  org: string;
  fid: string;
  requests: RecordedRequest[];
  /** Changes a user's password, as a user does at the bank (later reads then fail). */
  setPassword(user: string, password: string): void;
  close(): Promise<void>;
}

interface FixtureTxn {
  daysAgo: number;
  amount: string;
  name: string;
  fitid: string;
  type: string;
}

interface FixtureAccount {
  kind: 'bank' | 'cc';
  desc: string;
  bankId?: string;
  acctId: string;
  acctType?: string;
  ledger: string;
  avail: string;
  txns: FixtureTxn[];
}

/** Alice's accounts: amounts as OFX writes them (negative = money out). */
export const FIXTURE_ACCOUNTS: readonly FixtureAccount[] = [
  {
    kind: 'bank',
    desc: 'Everyday Checking',
    bankId: '121000248',
    acctId: '000123456789',
    acctType: 'CHECKING',
    ledger: '3210.55',
    avail: '3150.55',
    txns: [
      { daysAgo: 2, amount: '-42.17', name: 'COFFEE ROASTERS #12', fitid: 'CHK-0001', type: 'POS' },
      { daysAgo: 5, amount: '2500.00', name: 'PAYROLL ACME CORP', fitid: 'CHK-0002', type: 'DIRECTDEP' },
      { daysAgo: 9, amount: '-120.00', name: 'CITY ELECTRIC', fitid: 'CHK-0003', type: 'DEBIT' },
      { daysAgo: 20, amount: '-64.30', name: 'GROCERY MARKET', fitid: 'CHK-0004', type: 'POS' },
      { daysAgo: 45, amount: '-1500.00', name: 'RENT PAYMENT', fitid: 'CHK-0005', type: 'CHECK' },
      { daysAgo: 90, amount: '2500.00', name: 'PAYROLL ACME CORP', fitid: 'CHK-0006', type: 'DIRECTDEP' },
    ],
  },
  {
    kind: 'bank',
    desc: 'High Yield Savings',
    bankId: '121000248',
    acctId: '000987654321',
    acctType: 'SAVINGS',
    ledger: '10420.10',
    avail: '10420.10',
    txns: [
      { daysAgo: 15, amount: '5.12', name: 'INTEREST PAID', fitid: 'SAV-0001', type: 'INT' },
      { daysAgo: 60, amount: '4.98', name: 'INTEREST PAID', fitid: 'SAV-0002', type: 'INT' },
    ],
  },
  {
    kind: 'cc',
    desc: 'Rewards Visa',
    acctId: '4111222233334444',
    ledger: '-543.21',
    avail: '4456.79',
    txns: [
      { daysAgo: 3, amount: '-18.99', name: 'STREAMING SERVICE', fitid: 'CC-0001', type: 'DEBIT' },
      { daysAgo: 12, amount: '250.00', name: 'PAYMENT THANK YOU', fitid: 'CC-0002', type: 'CREDIT' },
      { daysAgo: 40, amount: '-75.25', name: 'HARDWARE STORE', fitid: 'CC-0003', type: 'DEBIT' },
    ],
  },
];

/** The MFA user's questions and answers. */
export const FIXTURE_MFA = [
  { phraseId: 'MFA1', label: 'City of birth', answer: 'Springfield' },
  { phraseId: 'MFA5', label: 'Favorite color', answer: 'blue' },
] as const;

/** Starts the server on a random loopback port. */
export async function startFakeOfxServer(
  opts: { org?: string; fid?: string; now?: () => Date; slowMs?: number } = {},
): Promise<FakeOfxServer> {
  const org = opts.org ?? 'WEFTTEST';
  const fid = opts.fid ?? '4242';
  const now = opts.now ?? (() => new Date());
  const passwords = new Map<string, string>([
    ['alice', 'correct horse'],
    ['mfa', 'pw'],
    ['badstmt', 'pw'],
  ]);
  const accessKeys = new Set<string>();
  const requests: RecordedRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const rec = record(raw, req.headers['content-type']);
      requests.push(rec);
      const send = (status: number, body: string, type = 'application/x-ofx') => {
        if (res.destroyed) return;
        res.writeHead(status, { 'content-type': type });
        res.end(body);
      };
      if (req.method !== 'POST' || rec.contentType !== 'application/x-ofx')
        return send(400, 'expected a POST of application/x-ofx', 'text/plain');
      const reply = (sonCode: number, sets: string[] = [], extra: { accessKey?: string } = {}) =>
        send(200, render(rec.version, sonCode, org, fid, now(), sets, extra.accessKey));
      if (rec.org !== org || rec.fid !== fid) return reply(2000);
      switch (rec.userId) {
        case 'locked':
          return reply(15502);
        case 'contact':
          return reply(15511);
        case 'broken':
          return reply(2000);
        case 'http500':
          return send(500, 'internal error', 'text/plain');
        case 'garbage':
          return send(200, '<html><body>Service unavailable</body></html>', 'text/html');
        case 'slow':
          setTimeout(() => reply(0), opts.slowMs ?? 3000);
          return;
      }
      const known = rec.userId ? passwords.get(rec.userId) : undefined;
      if (known === undefined || known !== rec.passwordSeen) return reply(15500);
      let accessKey: string | undefined;
      if (rec.userId === 'mfa' && !(rec.accessKey && accessKeys.has(rec.accessKey))) {
        if (rec.requests.includes('MFACHALLENGERQ'))
          return reply(3000, [
            `<MFACHALLENGETRNRS><TRNUID>1</TRNUID>${status(0)}<MFACHALLENGERS>${FIXTURE_MFA.map(
              (q) =>
                `<MFACHALLENGE><MFAPHRASEID>${q.phraseId}</MFAPHRASEID><MFAPHRASELABEL>${q.label}</MFAPHRASELABEL></MFACHALLENGE>`,
            ).join('')}</MFACHALLENGERS></MFACHALLENGETRNRS>`,
          ]);
        if (rec.mfaAnswers.length === 0) return reply(3000);
        const right = FIXTURE_MFA.every((q) =>
          rec.mfaAnswers.some((a) => a.phraseId === q.phraseId && a.answer === q.answer),
        );
        if (!right) return reply(3001);
        accessKey = `ak-${requests.length}`;
        accessKeys.add(accessKey);
      }
      const sets: string[] = [];
      if (rec.requests.includes('ACCTINFORQ')) sets.push(`<SIGNUPMSGSRSV1>${acctInfo()}</SIGNUPMSGSRSV1>`);
      const stmts = statements(rec, now(), rec.userId === 'badstmt');
      if (stmts.bank) sets.push(`<BANKMSGSRSV1>${stmts.bank}</BANKMSGSRSV1>`);
      if (stmts.cc) sets.push(`<CREDITCARDMSGSRSV1>${stmts.cc}</CREDITCARDMSGSRSV1>`);
      return reply(0, sets, accessKey ? { accessKey } : {});
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ofx`,
    org,
    fid,
    requests,
    setPassword: (user, password) => passwords.set(user, password),
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function record(
  raw: string,
  contentType: string | undefined,
): RecordedRequest & { passwordSeen: string | null } {
  const root = parseMarkup(raw, { upperCase: true, leaves: new Set(['USERPASS', 'USERID', 'MFAPHRASEA']) });
  const sonrq = findAll(root, 'SONRQ')[0];
  const kinds = ['ACCTINFORQ', 'MFACHALLENGERQ', 'STMTRQ', 'CCSTMTRQ'];
  const found: string[] = [];
  for (const k of kinds) for (const _ of findAll(root, k)) found.push(k);
  const dtStart = [...findAll(root, 'STMTRQ'), ...findAll(root, 'CCSTMTRQ')].map((n) =>
    textAt(child(n, 'INCTRAN'), 'DTSTART'),
  );
  return {
    contentType: contentType?.split(';')[0]?.trim(),
    version: raw.trimStart().startsWith('OFXHEADER:100') ? 'sgml' : 'xml',
    userId: textAt(sonrq, 'USERID'),
    passwordSeen: textAt(sonrq, 'USERPASS'),
    org: textAt(sonrq, 'FI', 'ORG'),
    fid: textAt(sonrq, 'FI', 'FID'),
    appId: textAt(sonrq, 'APPID'),
    appVer: textAt(sonrq, 'APPVER'),
    clientUid: textAt(sonrq, 'CLIENTUID'),
    accessKey: textAt(sonrq, 'ACCESSKEY'),
    mfaAnswers: findAll(sonrq ?? root, 'MFACHALLENGEANSWER').map((a: MarkupNode) => ({
      phraseId: textAt(a, 'MFAPHRASEID') ?? '',
      answer: textAt(a, 'MFAPHRASEA') ?? '',
    })),
    requests: found,
    dtStart,
    raw,
  };
}

function status(code: number): string {
  return `<STATUS><CODE>${code}</CODE><SEVERITY>${code === 0 ? 'INFO' : 'ERROR'}</SEVERITY></STATUS>`;
}

function ofxDate(d: Date): string {
  return d.toISOString().slice(0, 10).replace(/-/g, '');
}

function acctInfo(): string {
  const infos = FIXTURE_ACCOUNTS.map((a) =>
    a.kind === 'cc'
      ? `<ACCTINFO><DESC>${a.desc}</DESC><CCACCTINFO><CCACCTFROM><ACCTID>${a.acctId}</ACCTID></CCACCTFROM><SUPTXDL>Y</SUPTXDL><XFERSRC>N</XFERSRC><XFERDEST>N</XFERDEST><SVCSTATUS>ACTIVE</SVCSTATUS></CCACCTINFO></ACCTINFO>`
      : `<ACCTINFO><DESC>${a.desc}</DESC><BANKACCTINFO><BANKACCTFROM><BANKID>${a.bankId}</BANKID><ACCTID>${a.acctId}</ACCTID><ACCTTYPE>${a.acctType}</ACCTTYPE></BANKACCTFROM><SUPTXDL>Y</SUPTXDL><XFERSRC>Y</XFERSRC><XFERDEST>Y</XFERDEST><SVCSTATUS>ACTIVE</SVCSTATUS></BANKACCTINFO></ACCTINFO>`,
  );
  return `<ACCTINFOTRNRS><TRNUID>1</TRNUID>${status(0)}<ACCTINFORS><DTACCTUP>20260101</DTACCTUP>${infos.join('')}</ACCTINFORS></ACCTINFOTRNRS>`;
}

/** Statement responses for the statement requests, each account's transactions from DTSTART. */
function statements(rec: RecordedRequest, now: Date, broken: boolean): { bank: string; cc: string } {
  const root = parseMarkup(rec.raw, { upperCase: true });
  const out = { bank: '', cc: '' };
  for (const [tag, kind] of [
    ['STMTRQ', 'bank'],
    ['CCSTMTRQ', 'cc'],
  ] as const)
    for (const rq of findAll(root, tag)) {
      const acctId = textAt(findAll(rq, 'ACCTID')[0]);
      const start = textAt(child(rq, 'INCTRAN'), 'DTSTART')?.slice(0, 8) ?? '00000000';
      const a = FIXTURE_ACCOUNTS.find((f) => f.acctId === acctId && f.kind === kind);
      const wrap = kind === 'cc' ? 'CCSTMT' : 'STMT';
      if (!a) {
        out[kind] += `<${wrap}TRNRS><TRNUID>1</TRNUID>${status(2003)}</${wrap}TRNRS>`;
        continue;
      }
      const txns = a.txns
        .map((t) => ({ ...t, date: new Date(now.getTime() - t.daysAgo * 86_400_000) }))
        .filter((t) => ofxDate(t.date) >= start)
        .map(
          (t) =>
            `<STMTTRN><TRNTYPE>${t.type}</TRNTYPE><DTPOSTED>${ofxDate(t.date)}120000</DTPOSTED><TRNAMT>${broken ? '12..3' : t.amount}</TRNAMT><FITID>${t.fitid}</FITID><NAME>${t.name}</NAME></STMTTRN>`,
        )
        .join('');
      const from =
        kind === 'cc'
          ? `<CCACCTFROM><ACCTID>${a.acctId}</ACCTID></CCACCTFROM>`
          : `<BANKACCTFROM><BANKID>${a.bankId}</BANKID><ACCTID>${a.acctId}</ACCTID><ACCTTYPE>${a.acctType}</ACCTTYPE></BANKACCTFROM>`;
      out[kind] +=
        `<${wrap}TRNRS><TRNUID>1</TRNUID>${status(0)}<${wrap}RS><CURDEF>USD</CURDEF>${from}` +
        `<BANKTRANLIST><DTSTART>${start}</DTSTART><DTEND>${ofxDate(now)}</DTEND>${txns}</BANKTRANLIST>` +
        `<LEDGERBAL><BALAMT>${a.ledger}</BALAMT><DTASOF>${ofxDate(now)}</DTASOF></LEDGERBAL>` +
        `<AVAILBAL><BALAMT>${a.avail}</BALAMT><DTASOF>${ofxDate(now)}</DTASOF></AVAILBAL></${wrap}RS></${wrap}TRNRS>`;
    }
  return out;
}

/**
 * The whole answer in the request's syntax: OFX 1.0.2 SGML (leaves left open, one per line, as
 * 1.x servers write) or OFX 2.2.0 XML.
 */
function render(
  version: 'sgml' | 'xml',
  sonCode: number,
  org: string,
  fid: string,
  now: Date,
  sets: string[],
  accessKey: string | undefined,
): string {
  const sonrs = `<SIGNONMSGSRSV1><SONRS>${status(sonCode)}<DTSERVER>${ofxDate(now)}120000</DTSERVER><LANGUAGE>ENG</LANGUAGE><FI><ORG>${org}</ORG><FID>${fid}</FID></FI>${accessKey ? `<ACCESSKEY>${accessKey}</ACCESSKEY>` : ''}</SONRS>`;
  // An MFA challenge answer sits in the signon message set, after SONRS.
  const mfa = sets.filter((s) => s.startsWith('<MFACHALLENGETRNRS>'));
  const rest = sets.filter((s) => !s.startsWith('<MFACHALLENGETRNRS>'));
  const doc = `<OFX>${sonrs}${mfa.join('')}</SIGNONMSGSRSV1>${rest.join('')}</OFX>`;
  if (version === 'xml')
    return `<?xml version="1.0" encoding="UTF-8" standalone="no"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n${doc}\n`;
  // SGML: drop the end tags of leaves, as 1.x servers do, one element per line.
  const sgml = doc.replace(/<\/([A-Z0-9.]+)>/g, (whole, name: string, offset: number, s: string) => {
    const open = s.lastIndexOf(`<${name}>`, offset);
    const inner = s.slice(open + name.length + 2, offset);
    return inner.includes('<') ? whole : '';
  });
  return `OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n${sgml.replace(/></g, '>\r\n<')}\r\n`;
}
