/**
 * OFX requests as Weft sends them: a signon (with MFA answers or an access key when it has them)
 * and the message sets of one session, written as OFX 1.0.2 SGML or OFX 2.2.0 XML. Every value is
 * escaped, so a password holding `<` or `&` cannot change the document's structure.
 */
import { randomUUID } from 'node:crypto';
import type { OfxVersion } from './settings';

/** What the signon says: who signs on, at which FI, as which client application. */
export interface Signon {
  userId: string;
  password: string;
  org: string;
  fid: string;
  appId: string;
  appVer: string;
  clientUid: string;
  /** MFA answers (phrase id → answer) for a server that challenged this login. */
  mfaAnswers?: readonly { phraseId: string; answer: string }[];
  /** A key the server gave after MFA, sent so it does not challenge again. */
  accessKey?: string;
}

/** An account as a statement request names it. */
export type AccountRef =
  | { kind: 'bank'; bankId: string; branchId?: string | null; acctId: string; acctType: string }
  | { kind: 'cc'; acctId: string };

/** One transaction wrapper of the request, beside the signon. */
export type OfxRequestBody =
  | { type: 'mfa-challenge' }
  | { type: 'account-info' }
  | { type: 'statement'; account: AccountRef; since: string | null };

/** A node of the request tree: a leaf value or an aggregate. */
type Node = [name: string, value: string | Node[]];

/** `YYYYMMDDHHMMSS.XXX[0:GMT]`, the form every OFX server reads. */
export function ofxDateTime(d: Date): string {
  const iso = d.toISOString();
  return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}[0:GMT]`;
}

/** `YYYY-MM-DD` as an OFX date. */
function ofxDate(isoDate: string): string {
  return isoDate.replace(/-/g, '');
}

function signonNode(s: Signon, now: Date): Node {
  const sonrq: Node[] = [
    ['DTCLIENT', ofxDateTime(now)],
    ['USERID', s.userId],
    ['USERPASS', s.password],
    ['LANGUAGE', 'ENG'],
    [
      'FI',
      [
        ['ORG', s.org],
        ['FID', s.fid],
      ],
    ],
    ['APPID', s.appId],
    ['APPVER', s.appVer],
    ['CLIENTUID', s.clientUid],
  ];
  if (s.accessKey) sonrq.push(['ACCESSKEY', s.accessKey]);
  for (const a of s.mfaAnswers ?? [])
    sonrq.push([
      'MFACHALLENGEANSWER',
      [
        ['MFAPHRASEID', a.phraseId],
        ['MFAPHRASEA', a.answer],
      ],
    ]);
  return ['SONRQ', sonrq];
}

function accountNode(a: AccountRef): Node {
  if (a.kind === 'cc') return ['CCACCTFROM', [['ACCTID', a.acctId]]];
  const from: Node[] = [['BANKID', a.bankId]];
  if (a.branchId) from.push(['BRANCHID', a.branchId]);
  from.push(['ACCTID', a.acctId], ['ACCTTYPE', a.acctType]);
  return ['BANKACCTFROM', from];
}

function statementNode(a: AccountRef, since: string | null): Node {
  const inctran: Node[] = [];
  if (since) inctran.push(['DTSTART', ofxDate(since)]);
  inctran.push(['INCLUDE', 'Y']);
  const rq: Node[] = [accountNode(a), ['INCTRAN', inctran]];
  const tag = a.kind === 'cc' ? 'CCSTMT' : 'STMT';
  return [
    `${tag}TRNRQ`,
    [
      ['TRNUID', randomUUID()],
      [`${tag}RQ`, rq],
    ],
  ];
}

/**
 * The request document for one session. Statements of bank accounts go in BANKMSGSRQV1 and of
 * cards in CREDITCARDMSGSRQV1; the account list in SIGNUPMSGSRQV1; an MFA challenge request sits
 * in the signon message set itself (OFX 2.1.1).
 */
export function buildRequest(
  version: OfxVersion,
  signon: Signon,
  bodies: readonly OfxRequestBody[],
  now: Date,
): string {
  const signonSet: Node[] = [signonNode(signon, now)];
  const bank: Node[] = [];
  const cards: Node[] = [];
  const signup: Node[] = [];
  for (const b of bodies) {
    if (b.type === 'mfa-challenge')
      signonSet.push([
        'MFACHALLENGETRNRQ',
        [
          ['TRNUID', randomUUID()],
          ['MFACHALLENGERQ', [['DTCLIENT', ofxDateTime(now)]]],
        ],
      ]);
    else if (b.type === 'account-info')
      signup.push([
        'ACCTINFOTRNRQ',
        [
          ['TRNUID', randomUUID()],
          ['ACCTINFORQ', [['DTACCTUP', '19900101']]],
        ],
      ]);
    else (b.account.kind === 'cc' ? cards : bank).push(statementNode(b.account, b.since));
  }
  const sets: Node[] = [['SIGNONMSGSRQV1', signonSet]];
  if (signup.length > 0) sets.push(['SIGNUPMSGSRQV1', signup]);
  if (bank.length > 0) sets.push(['BANKMSGSRQV1', bank]);
  if (cards.length > 0) sets.push(['CREDITCARDMSGSRQV1', cards]);
  const ofx: Node = ['OFX', sets];
  return version === '102' ? sgml(ofx) : xml(ofx);
}

function escapeText(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** OFX 1.0.2: a colon header, then SGML whose leaves are not closed. */
function sgml(root: Node): string {
  const lines = [
    'OFXHEADER:100',
    'DATA:OFXSGML',
    'VERSION:102',
    'SECURITY:NONE',
    'ENCODING:USASCII',
    'CHARSET:1252',
    'COMPRESSION:NONE',
    'OLDFILEUID:NONE',
    `NEWFILEUID:${randomUUID().replace(/-/g, '')}`,
    '',
  ];
  const write = ([name, value]: Node) => {
    if (typeof value === 'string') lines.push(`<${name}>${escapeText(value)}`);
    else {
      lines.push(`<${name}>`);
      for (const c of value) write(c);
      lines.push(`</${name}>`);
    }
  };
  write(root);
  return `${lines.join('\r\n')}\r\n`;
}

/** OFX 2.2.0: an XML prolog and OFX processing instruction, every element closed. */
function xml(root: Node): string {
  const lines = [
    '<?xml version="1.0" encoding="UTF-8" standalone="no"?>',
    `<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="${randomUUID().replace(/-/g, '')}"?>`,
  ];
  const write = ([name, value]: Node) => {
    if (typeof value === 'string') lines.push(`<${name}>${escapeText(value)}</${name}>`);
    else {
      lines.push(`<${name}>`);
      for (const c of value) write(c);
      lines.push(`</${name}>`);
    }
  };
  write(root);
  return `${lines.join('\r\n')}\r\n`;
}
