/**
 * The free text of an MT940 `:86:` field. Banks structure it three ways: German `?NN` subfields
 * (Sparkassen, Deutsche Bank, …), Dutch `/CODE/value` pairs (ING, Rabobank, ABN AMRO, Knab) and
 * plain text. Each is read into a name, a payee and a memo.
 */

/** What a `:86:` field says about its transaction. */
export interface Mt940Details {
  name: string | null;
  payee: string | null;
  memo: string | null;
  /** German business transaction code (GVC) or the structured transaction type. */
  code: string | null;
}

/**
 * Joins the lines of a field. Banks wrap at a fixed width (65 characters) in the middle of words,
 * so a full line continues without a space; a short line ended where its writer ended it.
 */
export function joinWrapped(lines: string[]): string {
  let out = '';
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (i === 0) out = line;
    else out += lines[i - 1]!.length >= 60 ? line : ` ${line}`;
  }
  return out;
}

function clean(s: string | undefined | null): string | null {
  const t = s?.replace(/\s+/g, ' ').trim();
  return t ? t : null;
}

const STRUCTURED_KEYS = [
  'TRTP',
  'IBAN',
  'BIC',
  'NAME',
  'REMI',
  'EREF',
  'CSID',
  'MARF',
  'ORDP',
  'BENM',
  'PURP',
  'CNTP',
  'ULTC',
  'ULTD',
  'ADDR',
  'RTRN',
  'ISDT',
  'PREF',
  'CDTRREF',
  'CDTRREFTP',
  'CODE',
  'ID',
  'OCMT',
];
const STRUCTURED = new RegExp(`/(${STRUCTURED_KEYS.join('|')})/`, 'g');

function readGerman(text: string): Mt940Details {
  const code = text.slice(0, 3);
  const sep = text[3]!;
  const parts = new Map<number, string>();
  const chunks = text.slice(4).split(sep);
  for (const chunk of chunks) {
    const key = Number(chunk.slice(0, 2));
    if (!Number.isInteger(key)) continue;
    parts.set(key, (parts.get(key) ?? '') + chunk.slice(2));
  }
  const purpose: string[] = [];
  for (const k of [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 60, 61, 62, 63]) {
    const v = parts.get(k);
    if (v) purpose.push(v);
  }
  const memo = clean(purpose.join(''));
  // SEPA purpose lines carry the human remittance text after "SVWZ+".
  const svwz = memo ? /SVWZ\+(.*?)(?:\s(?:ABWA|ABWE|EREF|KREF|MREF|CRED|DEBT)\+|$)/.exec(memo) : null;
  const payee = clean(`${parts.get(32) ?? ''}${parts.get(33) ?? ''}`);
  const booking = clean(parts.get(0));
  return {
    name: payee ?? clean(svwz?.[1]) ?? memo ?? booking,
    payee,
    memo: clean(svwz?.[1]) ?? memo,
    code: booking ? `${code} ${booking}` : code,
  };
}

function readStructured(text: string): Mt940Details {
  const values = new Map<string, string>();
  const marks: { key: string; start: number; end: number }[] = [];
  STRUCTURED.lastIndex = 0;
  for (let m = STRUCTURED.exec(text); m; m = STRUCTURED.exec(text)) {
    marks.push({ key: m[1]!, start: m.index, end: m.index + m[0].length });
    // Values may themselves contain slashes; resume scanning right after the key.
    STRUCTURED.lastIndex = m.index + m[0].length;
  }
  for (let i = 0; i < marks.length; i++) {
    const mk = marks[i]!;
    const next = marks[i + 1]?.start ?? text.length;
    if (!values.has(mk.key)) values.set(mk.key, text.slice(mk.end, next).replace(/\/+$/, ''));
  }
  let payee = clean(values.get('NAME'));
  const cntp = values.get('CNTP');
  if (!payee && cntp) payee = clean(cntp.split('/')[2]);
  for (const party of ['BENM', 'ORDP']) {
    const v = values.get(party);
    if (!payee && v) payee = clean(/NAME\/([^/]*)/.exec(v)?.[1] ?? null);
  }
  let remi = values.get('REMI') ?? null;
  if (remi) remi = remi.replace(/^(?:USTD\/\/|STRD\/[A-Z]*\/[A-Z]*\/)/, '');
  const memo = clean(remi);
  return { name: payee ?? memo ?? clean(values.get('TRTP')), payee, memo, code: clean(values.get('TRTP')) };
}

/** Reads a `:86:` field (already joined). */
export function parseDetails(text: string | null): Mt940Details {
  const t = text?.trim() ?? '';
  if (t.length === 0) return { name: null, payee: null, memo: null, code: null };
  if (/^\d{3}\?/.test(t)) return readGerman(t);
  if (/^\/[A-Z]{2,9}\//.test(t) && STRUCTURED_KEYS.some((k) => t.includes(`/${k}/`)))
    return readStructured(t);
  const plain = clean(t);
  return { name: plain, payee: null, memo: plain, code: null };
}
