/**
 * OFX 1.x (SGML, unclosed leaf tags), OFX 2.x (XML) and QFX (OFX with Intuit's extra tags).
 * Reads bank (STMTRS), credit card (CCSTMTRS) and investment (INVSTMTRS) statements: an
 * investment account's cash moves are its transactions, and its securities, positions and trades
 * its `investments` (parse-ofx-investments.ts).
 */
import type { RawAccount, RawTransaction } from './assemble';
import { isCurrencyCode, parseDecimal } from './currency';
import { parseOfxDate } from './dates';
import { child, findAll, lineIndex, type MarkupNode, parseMarkup, textAt } from './markup';
import { OFX_INVESTMENT_LEAVES, readOfxInvestments } from './parse-ofx-investments';
import { fail, type PlaidAccountType } from './statement';

/** Tags that never hold children, so an empty one cannot swallow the tags after it. */
const OFX_LEAVES: ReadonlySet<string> = new Set([
  'ACCTID',
  'ACCTTYPE',
  'AVAILCASH',
  'BALAMT',
  'BANKID',
  'BRANCHID',
  'BROKERID',
  'CHECKNUM',
  'CODE',
  'CORRECTACTION',
  'CORRECTFITID',
  'CURDEF',
  'CURRATE',
  'CURSYM',
  'DTASOF',
  'DTAVAIL',
  'DTEND',
  'DTPOSTED',
  'DTSERVER',
  'DTSTART',
  'DTUSER',
  'FID',
  'FITID',
  'LANGUAGE',
  'MARGINBALANCE',
  'MEMO',
  'MESSAGE',
  'NAME',
  'ORG',
  'PAYEEID',
  'REFNUM',
  'SEVERITY',
  'SHORTBALANCE',
  'SIC',
  'SRVRTID',
  'TRNAMT',
  'TRNTYPE',
  'TRNUID',
  'DTPROFUP',
  'DTACCTUP',
  'INTU.BID',
  'INTU.USERID',
  ...OFX_INVESTMENT_LEAVES,
]);

/** OFX ACCTTYPE to Plaid type and subtype. */
const BANK_ACCOUNT_TYPES: Readonly<Record<string, { type: PlaidAccountType; subtype: string }>> = {
  CHECKING: { type: 'depository', subtype: 'checking' },
  SAVINGS: { type: 'depository', subtype: 'savings' },
  MONEYMRKT: { type: 'depository', subtype: 'money market' },
  CD: { type: 'depository', subtype: 'cd' },
  CREDITLINE: { type: 'loan', subtype: 'line of credit' },
};

/** What an OFX file holds. */
export interface OfxReading {
  institution: string | null;
  accounts: RawAccount[];
  warnings: string[];
}

/** Amount text to minor units. OFX says "." but European banks write "," (ofxtools' euro sample). */
function ofxAmount(raw: string, currency: string): number | null {
  const s = raw.replace(/\s+/g, '');
  let decimal: '.' | ',' = '.';
  let plain = s;
  const lastComma = s.lastIndexOf(',');
  const lastDot = s.lastIndexOf('.');
  if (lastComma > lastDot) {
    decimal = ',';
    plain = s.replace(/\./g, '');
  } else if (lastComma >= 0) plain = s.replace(/,/g, '');
  return parseDecimal(plain, currency, decimal)?.minor ?? null;
}

/** Parses OFX/QFX text. Throws `StatementParseError` (caught by `parseStatement`) on bad content. */
export function parseOfx(text: string): OfxReading {
  const lineAt = lineIndex(text);
  const root = parseMarkup(text, { upperCase: true, leaves: OFX_LEAVES });
  const ofx = findAll(root, 'OFX')[0];
  if (!ofx) fail('MALFORMED_FILE', 'no <OFX> element', 1);
  const warnings: string[] = [];
  const institution = textAt(ofx, 'SIGNONMSGSRSV1', 'SONRS', 'FI', 'ORG');
  const accounts: RawAccount[] = [];
  const kinds: [string, 'bank' | 'cc' | 'inv'][] = [
    ['STMTRS', 'bank'],
    ['CCSTMTRS', 'cc'],
    ['INVSTMTRS', 'inv'],
  ];
  const statements: { node: MarkupNode; kind: 'bank' | 'cc' | 'inv' }[] = [];
  for (const [tag, kind] of kinds) for (const node of findAll(ofx, tag)) statements.push({ node, kind });
  statements.sort((a, b) => a.node.offset - b.node.offset);
  for (const { node, kind } of statements) {
    // A statement aggregate with no currency, no account and no transactions describes nothing
    // (libofx's fuzzer reproducers); it is not an account to create.
    const named = findAll(node, 'ACCTID').some((n) => (n.text ?? '').trim().length > 0);
    if (!textAt(node, 'CURDEF') && !named && findAll(node, 'STMTTRN').length === 0) continue;
    const account = readStatement(node, kind, accounts.length, warnings, lineAt);
    if (kind === 'inv') account.investments = readOfxInvestments(node, ofx, account.currency, lineAt);
    accounts.push(account);
  }
  if (accounts.length === 0) {
    const status = findAll(ofx, 'STATUS').find((s) => (textAt(s, 'CODE') ?? '0') !== '0');
    if (status) {
      const msg = textAt(status, 'MESSAGE');
      fail(
        'NO_ACCOUNTS',
        `the file is an error response from the bank (status ${textAt(status, 'CODE')}${msg ? `: ${msg}` : ''}), not a statement`,
        lineAt(status.offset),
      );
    }
    fail('NO_ACCOUNTS', 'the OFX file holds no bank, credit card or investment statement', null);
  }
  return { institution, accounts: mergeAccounts(accounts), warnings };
}

/** Several statements of one account (e.g. Amex's one CCSTMTRS per period) become one account. */
function mergeAccounts(accounts: RawAccount[]): RawAccount[] {
  const byKey = new Map<string, RawAccount>();
  for (const a of accounts) {
    const prev = byKey.get(a.key);
    if (!prev) {
      byKey.set(a.key, a);
      continue;
    }
    prev.transactions.push(...a.transactions);
    if (a.investments && prev.investments) {
      const [older, newer] =
        (a.investments.asOf ?? '') >= (prev.investments.asOf ?? '')
          ? [prev.investments, a.investments]
          : [a.investments, prev.investments];
      prev.investments = {
        ...newer,
        securities: [...older.securities, ...newer.securities],
        transactions: [...prev.investments.transactions, ...a.investments.transactions],
      };
    }
    if (a.fileBalance && (!prev.fileBalance || (a.fileBalance.date ?? '') >= (prev.fileBalance.date ?? ''))) {
      prev.fileBalance = a.fileBalance;
      prev.fileAvailable = a.fileAvailable ?? prev.fileAvailable ?? null;
    }
  }
  return [...byKey.values()];
}

function readStatement(
  st: MarkupNode,
  kind: 'bank' | 'cc' | 'inv',
  index: number,
  warnings: string[],
  lineAt: (offset: number) => number,
): RawAccount {
  let currency = textAt(st, 'CURDEF')?.toUpperCase() ?? '';
  if (!isCurrencyCode(currency)) {
    warnings.push(`statement ${index + 1} has no CURDEF; USD assumed`);
    currency = 'USD';
  }
  const from =
    kind === 'bank'
      ? child(st, 'BANKACCTFROM')
      : kind === 'cc'
        ? child(st, 'CCACCTFROM')
        : child(st, 'INVACCTFROM');
  const acctId = textAt(from, 'ACCTID');
  const bankId = textAt(from, kind === 'inv' ? 'BROKERID' : 'BANKID');
  const acctType = textAt(from, 'ACCTTYPE')?.toUpperCase() ?? null;
  let type: PlaidAccountType;
  let subtype: string | null;
  if (kind === 'cc') [type, subtype] = ['credit', 'credit card'];
  else if (kind === 'inv')
    [type, subtype] = ['investment', findAll(st, 'INV401K').length > 0 ? '401k' : 'brokerage'];
  else {
    const mapped = acctType ? BANK_ACCOUNT_TYPES[acctType] : undefined;
    [type, subtype] = mapped ? [mapped.type, mapped.subtype] : ['depository', acctType ? null : 'checking'];
  }
  if (!acctId)
    warnings.push(`statement ${index + 1} names no account; its key is only stable within this file`);
  const key = acctId
    ? `ofx:${kind}:${bankId ?? ''}:${acctId}${kind === 'bank' ? `:${acctType ?? ''}` : ''}`
    : `ofx:${kind}:unnamed:${index}`;
  const label = kind === 'cc' ? 'Credit card' : kind === 'inv' ? 'Investment' : (subtype ?? 'Account');
  const name = `${label.charAt(0).toUpperCase()}${label.slice(1)}${acctId ? ` ${acctId.slice(-4)}` : ''}`;

  const transactions: RawTransaction[] = [];
  for (const trn of findAll(st, 'STMTTRN')) transactions.push(readTransaction(trn, currency, lineAt));

  const balanceNode = kind === 'inv' ? undefined : child(st, 'LEDGERBAL');
  const fileBalance = readBalance(balanceNode, currency, warnings, index);
  const availNode = kind === 'inv' ? child(st, 'INVBAL') : child(st, 'AVAILBAL');
  const availRaw = kind === 'inv' ? textAt(availNode, 'AVAILCASH') : textAt(availNode, 'BALAMT');
  const fileAvailable = availRaw === null ? null : ofxAmount(availRaw, currency);
  return {
    key,
    name,
    accountNumber: acctId,
    type,
    subtype,
    currency,
    routingNumber: kind === 'bank' ? bankId : null,
    branch: textAt(from, 'BRANCHID'),
    fileBalance,
    fileAvailable,
    transactions,
  };
}

function readBalance(
  node: MarkupNode | undefined,
  currency: string,
  warnings: string[],
  index: number,
): RawAccount['fileBalance'] {
  if (!node) return null;
  const raw = textAt(node, 'BALAMT');
  const amount = raw === null ? null : ofxAmount(raw, currency);
  if (amount === null) {
    warnings.push(
      `statement ${index + 1} has an empty or unreadable LEDGERBAL; balance left to the importer`,
    );
    return null;
  }
  const asOf = textAt(node, 'DTASOF');
  return { amount, date: asOf ? (parseOfxDate(asOf)?.date ?? null) : null };
}

function readTransaction(
  trn: MarkupNode,
  currency: string,
  lineAt: (offset: number) => number,
): RawTransaction {
  // Lines are counted only when something is wrong: the happy path never pays for them.
  const postedRaw = textAt(trn, 'DTPOSTED');
  const posted = postedRaw ? parseOfxDate(postedRaw) : null;
  if (!posted)
    fail(
      'MALFORMED_FILE',
      `STMTTRN has ${postedRaw ? `an invalid DTPOSTED "${postedRaw}"` : 'no DTPOSTED'}`,
      lineAt(trn.offset),
    );
  const origCurrency = textAt(trn, 'CURRENCY', 'CURSYM')?.toUpperCase();
  // A CURRENCY aggregate means the amount is in that currency rather than CURDEF.
  const txCurrency = origCurrency && isCurrencyCode(origCurrency) ? origCurrency : currency;
  const amountRaw = textAt(trn, 'TRNAMT');
  const inflow = amountRaw === null ? null : ofxAmount(amountRaw, txCurrency);
  if (inflow === null)
    fail(
      'MALFORMED_FILE',
      `STMTTRN has ${amountRaw ? `an invalid TRNAMT "${amountRaw}"` : 'no TRNAMT'}`,
      lineAt(trn.offset),
    );
  const payeeName = textAt(trn, 'PAYEE', 'NAME');
  const name = textAt(trn, 'NAME') ?? payeeName ?? textAt(trn, 'MEMO') ?? textAt(trn, 'TRNTYPE') ?? '';
  const user = textAt(trn, 'DTUSER');
  const avail = textAt(trn, 'DTAVAIL');
  return {
    fileId: textAt(trn, 'FITID'),
    date: posted.date,
    datetime: posted.datetime,
    authorizedDate: user ? (parseOfxDate(user)?.date ?? null) : null,
    valueDate: avail ? (parseOfxDate(avail)?.date ?? null) : null,
    inflow,
    currency: txCurrency,
    name,
    memo: textAt(trn, 'MEMO'),
    payee: payeeName,
    checkNumber: textAt(trn, 'CHECKNUM'),
    fileType: textAt(trn, 'TRNTYPE'),
  };
}
