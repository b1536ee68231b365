/**
 * SWIFT MT940 (end of day statement) and MT942 (interim report). A file is a run of `:TAG:` fields;
 * `:20:` starts a statement, `:25:` names the account, `:60F:/:62F:` carry opening and closing
 * balances, and each `:61:` line is a transaction whose free text follows in `:86:`. MT940 has no
 * reliable transaction id, so every id is a content hash (see assemble.ts).
 */
import { maskOf, type RawAccount, type RawTransaction } from './assemble';
import { isCurrencyCode, parseDecimal } from './currency';
import { expandYear, isoDate } from './dates';
import { joinWrapped, parseDetails } from './mt940-details';
import { fail } from './statement';

interface Field {
  tag: string;
  lines: string[];
  line: number;
}

/** Strips SWIFT block headers (`{1:…}{2:…}{4:`) and trailers (`-}`, `{5:…}`) around the text block. */
function stripBlocks(line: string): string {
  return line.replace(/^(?:\{[1235]:(?:[^{}]|\{[^{}]*\}){0,400}\})*\{4:/, '');
}

/** Drops control characters some banks (mBank, Rabobank) leave in the text. */
function stripControls(line: string): string {
  let out = '';
  for (const ch of line) if (ch.charCodeAt(0) >= 0x20 || ch === '\t') out += ch;
  return out;
}

function splitFields(text: string): Field[] {
  const fields: Field[] = [];
  let cur: Field | null = null;
  const lines = text.split(/\r\n|\r|\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = stripBlocks(stripControls(lines[i]!));
    const trimmed = line.trim();
    if (trimmed === '-' || trimmed.startsWith('-}') || trimmed === '}') {
      cur = null;
      continue;
    }
    const m = /^:(\d{2}[A-Z]?):(.*)$/.exec(line);
    if (m) {
      cur = { tag: m[1]!, lines: [m[2]!], line: i + 1 };
      fields.push(cur);
    } else if (cur && trimmed.length > 0) cur.lines.push(line);
  }
  return fields;
}

/** `C160229EUR1200,00` (balance fields): sign, date, currency, amount. */
function readBalance(
  raw: string,
  line: number,
  known: string | null,
): { inflow: number; date: string | null; currency: string } {
  const m = /^\s*([CD])(\d{6})([A-Z]{3})?(\d{1,18}(?:[,.]\d{0,6})?)/.exec(raw);
  if (!m) fail('MALFORMED_FILE', `unreadable balance "${raw.slice(0, 40)}"`, line);
  // Some banks leave the currency out of later balances; the statement's stays in force.
  const currency = m[3] ?? known ?? 'EUR';
  const value = parseDecimal(m[4]!.replace(',', '.'), currency);
  if (!value) fail('MALFORMED_FILE', `unreadable balance amount "${m[4]}"`, line);
  const d = m[2]!;
  return {
    inflow: m[1] === 'D' ? -value.minor : value.minor,
    date: isoDate(expandYear(Number(d.slice(0, 2))), Number(d.slice(2, 4)), Number(d.slice(4, 6))),
    currency,
  };
}

const LINE_61 =
  /^(\d{2})(\d{2})(\d{2})(\d{4})?(RC|RD|EC|ED|C|D)([A-Z])?(\d{1,15}(?:[,.]\d{0,6})?)([NSF][A-Z0-9]{3})?(.*)$/;

/** A transaction from a `:61:` line (and its `:86:`); `currency` comes from the statement. */
function readLine61(field: Field, details: string | null, currency: string): RawTransaction {
  const m = LINE_61.exec(field.lines[0]!.trim());
  if (!m)
    fail('MALFORMED_FILE', `unreadable :61: statement line "${field.lines[0]!.slice(0, 60)}"`, field.line);
  const year = expandYear(Number(m[1]));
  const vMonth = Number(m[2]);
  const valueDate = isoDate(year, vMonth, Number(m[3]));
  let entryDate: string | null = null;
  if (m[4]) {
    const eMonth = Number(m[4].slice(0, 2));
    // The entry date has no year: it is the value date's, except across a year end.
    const eYear = eMonth === 12 && vMonth === 1 ? year - 1 : eMonth === 1 && vMonth === 12 ? year + 1 : year;
    entryDate = isoDate(eYear, eMonth, Number(m[4].slice(2, 4)));
  }
  const date = entryDate ?? valueDate;
  if (!date) fail('MALFORMED_FILE', `:61: line has no valid date "${m[1]}${m[2]}${m[3]}"`, field.line);
  const amount = parseDecimal(m[7]!.replace(',', '.'), currency);
  if (!amount) fail('MALFORMED_FILE', `unreadable :61: amount "${m[7]}"`, field.line);
  const mark = m[5]!;
  const inflow = mark === 'C' || mark === 'RD' || mark === 'EC' ? amount.minor : -amount.minor;
  const parsed = parseDetails(details);
  const reference = m[9]!.trim();
  return {
    fileId: null,
    date,
    valueDate: valueDate !== date ? valueDate : null,
    inflow: inflow === 0 ? 0 : inflow,
    currency,
    name: parsed.name ?? (reference && reference !== 'NONREF' ? reference : (m[8] ?? 'Transaction')),
    memo: parsed.memo,
    payee: parsed.payee,
    pending: mark === 'EC' || mark === 'ED',
    fileType: parsed.code ? `${m[8] ?? ''}${m[8] ? ' ' : ''}${parsed.code}` : (m[8] ?? null),
  };
}

/** Account number as written in `:25:`, split into bank code, account and currency. */
function readAccountId(raw: string): {
  id: string;
  iban: string | null;
  bank: string | null;
  number: string;
  currency: string | null;
} {
  let id = raw.trim().replace(/\s+/g, ' ');
  let currency: string | null = null;
  const cur = /[\s/]?([A-Z]{3})$/.exec(id);
  if (cur && /\d/.test(id.slice(0, cur.index + 1)) && isCurrencyCode(cur[1]!)) {
    currency = cur[1]!;
    id = id.slice(0, cur.index).trim();
  }
  const compact = id.replace(/\s/g, '');
  const iban = /^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/.test(compact) ? compact : null;
  const slash = compact.indexOf('/');
  return {
    id: compact,
    iban,
    bank: slash > 0 ? compact.slice(0, slash) : null,
    number: slash > 0 ? compact.slice(slash + 1) : compact,
    currency,
  };
}

/** Parses MT940/MT942 text into accounts (statements of one account are merged in file order). */
export function parseMt940(text: string): { accounts: RawAccount[]; warnings: string[] } {
  const fields = splitFields(text);
  const warnings: string[] = [];
  const byKey = new Map<string, RawAccount>();
  let account: RawAccount | null = null;
  let currency: string | null = null;
  let pending: Field | null = null;
  const flush = (details: string | null) => {
    if (!pending) return;
    if (!account) fail('MALFORMED_FILE', ':61: line before any :25: account', pending.line);
    if (!currency) {
      warnings.push(`account ${account.key} states no currency; EUR assumed`);
      currency = 'EUR';
      account.currency = currency;
    }
    account.transactions.push(readLine61(pending, details, currency));
    pending = null;
  };
  for (const f of fields) {
    const first = f.lines[0] ?? '';
    if (f.tag === '86') {
      flush(joinWrapped(f.lines));
      continue;
    }
    flush(null);
    switch (f.tag) {
      case '20':
        account = null;
        currency = null;
        break;
      case '25': {
        const a = readAccountId(first);
        if (!a.id) fail('MALFORMED_FILE', ':25: names no account', f.line);
        const key = `mt940:${a.id}`;
        account = byKey.get(key) ?? null;
        if (!account) {
          account = {
            key,
            name: `Account ${maskOf(a.iban ?? a.number) ?? a.id}`,
            accountNumber: a.iban ? null : a.number,
            type: 'depository',
            subtype: 'checking',
            currency: a.currency ?? '',
            routingNumber: a.bank && /^\d+$/.test(a.bank) ? a.bank : null,
            bic: a.bank && /^[A-Z]{6}[A-Z0-9]{2,5}$/.test(a.bank) ? a.bank : null,
            iban: a.iban,
            fileBalance: null,
            transactions: [],
          };
          byKey.set(key, account);
        }
        currency = a.currency;
        break;
      }
      case '60F':
      case '60M':
      case '62F':
      case '62M':
      case '64': {
        if (!account) fail('MALFORMED_FILE', `:${f.tag}: before any :25: account`, f.line);
        const b = readBalance(first, f.line, currency ?? (account.currency || null));
        currency = b.currency;
        if (!account.currency) account.currency = b.currency;
        if (f.tag === '64') account.fileAvailable = b.inflow;
        else if (
          f.tag.startsWith('62') &&
          (!account.fileBalance || (b.date ?? '') >= (account.fileBalance.date ?? ''))
        )
          account.fileBalance = { amount: b.inflow, date: b.date };
        break;
      }
      case '34F': {
        const c = /^([A-Z]{3})/.exec(first.trim());
        if (c && account) {
          currency = c[1]!;
          if (!account.currency) account.currency = currency;
        }
        break;
      }
      case '61':
        pending = f;
        break;
    }
  }
  flush(null);
  const accounts = [...byKey.values()];
  for (const a of accounts) if (!a.currency) a.currency = 'EUR';
  if (accounts.length === 0) fail('NO_ACCOUNTS', 'the MT940 file has no :25: account field', null);
  return { accounts, warnings };
}
