/**
 * What an OFX server's answer says, before its statements are read: the signon's status, an MFA
 * challenge, an access key, the account list, and each statement's own status. Statements are
 * read by the statement-file parsers (connectors/ofx-reading.ts), which every OFX download already
 * goes through, so a server's answer and a downloaded file give the same accounts and ids.
 */
import { child, decodeBytes, findAll, type MarkupNode, parseMarkup, textAt } from '../ofx-reading';

/** An OFX STATUS aggregate. */
export interface OfxStatus {
  code: number;
  severity: string;
  message: string | null;
}

/** One MFA question the server asks (MFACHALLENGE). */
export interface MfaQuestion {
  phraseId: string;
  label: string;
}

/** An account as ACCTINFORS lists it. */
export type ListedAccount =
  | {
      kind: 'bank';
      desc: string | null;
      bankId: string;
      branchId: string | null;
      acctId: string;
      acctType: string;
    }
  | { kind: 'cc'; desc: string | null; acctId: string };

/** The answer, read. */
export interface OfxAnswer {
  signon: OfxStatus;
  accessKey: string | null;
  /** The MFA challenge's status and questions, when the request asked for them. */
  mfa: { status: OfxStatus; questions: MfaQuestion[] } | null;
  /** ACCTINFORS's status and accounts, when the request asked for them. */
  accountInfo: { status: OfxStatus; accounts: ListedAccount[] } | null;
  /** Each statement wrapper's status, keyed by the account it names. */
  statements: { accountId: string | null; status: OfxStatus }[];
}

/** A body that is not an OFX document at all. */
export class NotOfxError extends Error {}

/** Tags that never hold children, so an empty one in SGML cannot swallow the tags after it. */
const LEAVES: ReadonlySet<string> = new Set([
  'CODE',
  'SEVERITY',
  'MESSAGE',
  'DTSERVER',
  'LANGUAGE',
  'DTPROFUP',
  'DTACCTUP',
  'ORG',
  'FID',
  'SESSCOOKIE',
  'ACCESSKEY',
  'USERKEY',
  'TSKEYEXPIRE',
  'TRNUID',
  'CLTCOOKIE',
  'MFAPHRASEID',
  'MFAPHRASELABEL',
  'DESC',
  'PHONE',
  'BANKID',
  'BRANCHID',
  'ACCTID',
  'ACCTTYPE',
  'ACCTKEY',
  'SUPTXDL',
  'XFERSRC',
  'XFERDEST',
  'SVCSTATUS',
  'INTU.BID',
  'INTU.USERID',
]);

/** Reads an answer's envelope; throws NotOfxError for a body that holds no OFX signon. */
export function readAnswer(bytes: Uint8Array): OfxAnswer {
  const { text } = decodeBytes(bytes);
  let root: MarkupNode;
  try {
    root = parseMarkup(text, { upperCase: true, leaves: LEAVES });
  } catch {
    throw new NotOfxError('the answer cannot be read as OFX');
  }
  const ofx = findAll(root, 'OFX')[0];
  const sonrs = ofx ? findAll(ofx, 'SONRS')[0] : undefined;
  const signon = sonrs ? statusOf(child(sonrs, 'STATUS')) : null;
  if (!ofx || !sonrs || !signon) throw new NotOfxError('the answer holds no OFX signon response');

  const mfaRs = findAll(ofx, 'MFACHALLENGETRNRS')[0];
  const acctRs = findAll(ofx, 'ACCTINFOTRNRS')[0];
  const statements: OfxAnswer['statements'] = [];
  for (const tag of ['STMTTRNRS', 'CCSTMTTRNRS'])
    for (const trn of findAll(ofx, tag)) {
      const status = statusOf(child(trn, 'STATUS'));
      if (status) statements.push({ accountId: textAt(findAll(trn, 'ACCTID')[0]), status });
    }
  return {
    signon,
    accessKey: textAt(sonrs, 'ACCESSKEY'),
    mfa: mfaRs
      ? {
          status: statusOf(child(mfaRs, 'STATUS')) ?? { code: 0, severity: 'INFO', message: null },
          questions: findAll(mfaRs, 'MFACHALLENGE').flatMap((c) => {
            const phraseId = textAt(c, 'MFAPHRASEID');
            return phraseId
              ? [{ phraseId, label: textAt(c, 'MFAPHRASELABEL') ?? phraseLabel(phraseId) }]
              : [];
          }),
        }
      : null,
    accountInfo: acctRs
      ? {
          status: statusOf(child(acctRs, 'STATUS')) ?? { code: 0, severity: 'INFO', message: null },
          accounts: findAll(acctRs, 'ACCTINFO').flatMap(listedAccount),
        }
      : null,
    statements,
  };
}

function statusOf(node: MarkupNode | undefined): OfxStatus | null {
  const raw = textAt(node, 'CODE');
  if (!node || raw === null || !/^\d{1,6}$/.test(raw)) return null;
  return {
    code: Number(raw),
    severity: textAt(node, 'SEVERITY')?.toUpperCase() ?? 'INFO',
    message: textAt(node, 'MESSAGE'),
  };
}

function listedAccount(info: MarkupNode): ListedAccount[] {
  const desc = textAt(info, 'DESC');
  const bank = findAll(info, 'BANKACCTFROM')[0];
  if (bank) {
    const bankId = textAt(bank, 'BANKID');
    const acctId = textAt(bank, 'ACCTID');
    const acctType = textAt(bank, 'ACCTTYPE')?.toUpperCase();
    if (!bankId || !acctId || !acctType) return [];
    return [{ kind: 'bank', desc, bankId, branchId: textAt(bank, 'BRANCHID'), acctId, acctType }];
  }
  const card = findAll(info, 'CCACCTFROM')[0];
  const acctId = textAt(card, 'ACCTID');
  // Investment, loan and bill-pay accounts are not read: Weft asks for bank and card statements.
  return card && acctId ? [{ kind: 'cc', desc, acctId }] : [];
}

/** A question the server sent without its wording: the user is shown the server's phrase id. */
function phraseLabel(id: string): string {
  return `Answer the bank's security question ${id}`;
}
