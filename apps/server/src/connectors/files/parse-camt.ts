/**
 * ISO 20022 cash management: camt.053 (statement), camt.052 (intraday report) and camt.054
 * (debit/credit notification), every version (001.01 to 001.08+; element names are stable across
 * them). One `Ntry` is one transaction: a batch entry with several `TxDtls` is one booking on the
 * account, so it stays one transaction with the batch's total.
 */
import type { RawAccount, RawTransaction } from './assemble';
import { isCurrencyCode, parseDecimal } from './currency';
import { parseIsoDate } from './dates';
import { child, childrenNamed, findAll, lineIndex, type MarkupNode, parseMarkup, textAt } from './markup';
import { fail } from './statement';

/** Statement containers of each message type. */
const REPORTS: readonly [string, string][] = [
  ['BkToCstmrStmt', 'Stmt'],
  ['BkToCstmrAcctRpt', 'Rpt'],
  ['BkToCstmrDbtCdtNtfctn', 'Ntfctn'],
];

/** Balance types, most authoritative first, for the ledger and the available balance. */
const LEDGER_TYPES = ['CLBD', 'ITBD', 'XPCD'];
const AVAILABLE_TYPES = ['CLAV', 'ITAV', 'FWAV'];

function dateOf(node: MarkupNode | undefined): string | null {
  const raw = textAt(node, 'Dt') ?? textAt(node, 'DtTm');
  return raw ? parseIsoDate(raw) : null;
}

function amountOf(
  node: MarkupNode | undefined,
  fallback: string,
  line: number,
): { minor: number; currency: string } {
  const amt = child(node, 'Amt');
  const raw = amt?.text?.trim();
  const currency = amt?.attrs?.['Ccy'] ?? fallback;
  const value = raw ? parseDecimal(raw, currency) : null;
  if (!value) fail('MALFORMED_FILE', `unreadable amount "${raw ?? ''}"`, line);
  // camt amounts are unsigned and CdtDbtInd gives the direction; a stray minus sign is ignored.
  const abs = Math.abs(value.minor);
  const debit = textAt(node, 'CdtDbtInd') === 'DBIT';
  return { minor: debit && abs !== 0 ? -abs : abs, currency };
}

/** Parses camt XML text. */
export function parseCamt(text: string): {
  accounts: RawAccount[];
  institution: string | null;
  warnings: string[];
} {
  const lineAt = lineIndex(text);
  const root = parseMarkup(text, { upperCase: false });
  const doc = findAll(root, 'Document')[0] ?? root;
  const ns = doc.attrs?.['xmlns'];
  if (ns && !/camt\.05[234]/.test(ns))
    fail('UNSUPPORTED_FORMAT', `not a camt.052, camt.053 or camt.054 message (namespace ${ns})`, 1);
  const statements: { node: MarkupNode; created: string | null }[] = [];
  let known = false;
  for (const c of doc.children) {
    // camt.052.001.01 names its root BkToCstmrAcctRptV01; later versions drop the suffix.
    const report = REPORTS.find(([name]) => c.name === name || new RegExp(`^${name}V\\d+$`).test(c.name));
    if (!report) continue;
    known = true;
    for (const node of childrenNamed(c, report[1])) {
      const created = textAt(node, 'CreDtTm') ?? textAt(c, 'GrpHdr', 'CreDtTm');
      statements.push({ node, created: created ? parseIsoDate(created) : null });
    }
  }
  if (statements.length === 0) {
    fail(
      known ? 'NO_ACCOUNTS' : 'UNSUPPORTED_FORMAT',
      known
        ? 'the camt message holds no statement (Stmt/Rpt/Ntfctn)'
        : 'not a camt.052, camt.053 or camt.054 message',
      null,
    );
  }
  const warnings: string[] = [];
  const byKey = new Map<string, RawAccount>();
  let institution: string | null = null;
  for (const { node: st, created } of statements) {
    const acct = child(st, 'Acct');
    const iban = textAt(acct, 'Id', 'IBAN');
    // camt.05x.001.01 wrote proprietary and domestic numbers as PrtryAcct and BBAN.
    const other =
      textAt(acct, 'Id', 'Othr', 'Id') ?? textAt(acct, 'Id', 'PrtryAcct', 'Id') ?? textAt(acct, 'Id', 'BBAN');
    const line = lineAt(st.offset);
    if (!iban && !other) fail('MALFORMED_FILE', 'statement has no account id (Acct/Id)', line);
    const bic = textAt(acct, 'Svcr', 'FinInstnId', 'BIC') ?? textAt(acct, 'Svcr', 'FinInstnId', 'BICFI');
    institution ??= textAt(acct, 'Svcr', 'FinInstnId', 'Nm') ?? bic;
    let currency = textAt(acct, 'Ccy') ?? '';
    if (!isCurrencyCode(currency)) {
      const firstAmt = findAll(st, 'Amt')[0]?.attrs?.['Ccy'];
      currency = firstAmt && isCurrencyCode(firstAmt) ? firstAmt : 'EUR';
      if (!firstAmt) warnings.push(`account ${iban ?? other} states no currency; EUR assumed`);
    }
    const key = `camt:${iban ?? other}:${currency}`;
    let account = byKey.get(key);
    if (!account) {
      account = {
        key,
        name: textAt(acct, 'Nm') ?? `Account ${(iban ?? other ?? '').slice(-4)}`,
        accountNumber: iban ? null : other,
        type: 'depository',
        subtype: 'checking',
        currency,
        iban,
        bic,
        fileBalance: null,
        transactions: [],
      };
      byKey.set(key, account);
    }
    readBalances(st, account, lineAt);
    for (const ntry of childrenNamed(st, 'Ntry'))
      account.transactions.push(readEntry(ntry, currency, created, lineAt));
  }
  return { accounts: [...byKey.values()], institution, warnings };
}

function readBalances(st: MarkupNode, account: RawAccount, lineAt: (o: number) => number): void {
  const bals = childrenNamed(st, 'Bal').map((b) => ({
    code: textAt(b, 'Tp', 'CdOrPrtry', 'Cd') ?? textAt(b, 'Tp', 'CdOrPrtry', 'Prtry') ?? '',
    node: b,
  }));
  const pick = (types: string[]) => {
    for (const t of types) {
      const found = bals.filter((b) => b.code === t);
      if (found.length > 0) return found[found.length - 1]!.node;
    }
    return undefined;
  };
  const ledger = pick(LEDGER_TYPES);
  if (ledger) {
    const { minor } = amountOf(ledger, account.currency, lineAt(ledger.offset));
    const date = dateOf(child(ledger, 'Dt'));
    if (!account.fileBalance || (date ?? '') >= (account.fileBalance.date ?? ''))
      account.fileBalance = { amount: minor, date };
  }
  const available = pick(AVAILABLE_TYPES);
  if (available)
    account.fileAvailable = amountOf(available, account.currency, lineAt(available.offset)).minor;
}

function readEntry(
  ntry: MarkupNode,
  currency: string,
  created: string | null,
  lineAt: (o: number) => number,
): RawTransaction {
  const line = lineAt(ntry.offset);
  // A reversal (RvslInd) is booked with the direction it moves money in, so no extra flip.
  const { minor, currency: ccy } = amountOf(ntry, currency, line);
  const booked = dateOf(child(ntry, 'BookgDt'));
  const value = dateOf(child(ntry, 'ValDt'));
  // camt.054 notifications may omit both dates: the entry happened when the message was created.
  const date = booked ?? value ?? created;
  if (!date) fail('MALFORMED_FILE', 'entry has neither a booking date nor a value date', line);
  // v1-v7 write <Sts>BOOK</Sts>; v8+ write <Sts><Cd>BOOK</Cd></Sts>.
  const status = textAt(ntry, 'Sts') ?? textAt(ntry, 'Sts', 'Cd') ?? textAt(ntry, 'Sts', 'Prtry');
  const details = findAll(ntry, 'TxDtls');
  const single = details.length === 1 ? details[0] : undefined;
  const fileId =
    textAt(ntry, 'AcctSvcrRef') ??
    textAt(ntry, 'NtryRef') ??
    (single ? textAt(single, 'Refs', 'AcctSvcrRef') : null);
  const debit = minor < 0 || textAt(ntry, 'CdtDbtInd') === 'DBIT';
  // The other party: who we paid (creditor) on a debit, who paid us (debtor) on a credit.
  const party = single
    ? debit
      ? (textAt(single, 'RltdPties', 'Cdtr', 'Nm') ?? textAt(single, 'RltdPties', 'Cdtr', 'Pty', 'Nm'))
      : (textAt(single, 'RltdPties', 'Dbtr', 'Nm') ?? textAt(single, 'RltdPties', 'Dbtr', 'Pty', 'Nm'))
    : null;
  const remittance = single
    ? childrenNamed(child(single, 'RmtInf'), 'Ustrd')
        .map((u) => u.text?.trim() ?? '')
        .filter(Boolean)
        .join(' ') || textAt(single, 'RmtInf', 'Strd', 'CdtrRefInf', 'Ref')
    : null;
  const info = textAt(ntry, 'AddtlNtryInf') ?? (single ? textAt(single, 'AddtlTxInf') : null);
  const domain = textAt(ntry, 'BkTxCd', 'Domn', 'Cd');
  const family = textAt(ntry, 'BkTxCd', 'Domn', 'Fmly', 'Cd');
  const sub = textAt(ntry, 'BkTxCd', 'Domn', 'Fmly', 'SubFmlyCd');
  const proprietary = textAt(ntry, 'BkTxCd', 'Prtry', 'Cd');
  const fileType = domain ? [domain, family, sub].filter(Boolean).join('/') : proprietary;
  return {
    fileId,
    date,
    valueDate: value && value !== date ? value : null,
    inflow: minor,
    currency: ccy,
    name: party ?? remittance ?? info ?? fileType ?? (debit ? 'Debit' : 'Credit'),
    memo: remittance ?? info,
    payee: party,
    pending: status === 'PDNG',
    fileType,
  };
}
