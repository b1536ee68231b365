/**
 * Quicken Interchange Format. A QIF file is `!Type:` sections of records, one field per line (the
 * first character names the field) and `^` between records. `!Account` records name the account
 * the following transactions belong to. QIF carries no currency and no transaction ids: the
 * currency comes from the caller (default USD, with a warning) and ids are content hashes.
 */
import { detectDecimal, parseLooseAmount } from './amount';
import type { RawAccount, RawTransaction } from './assemble';
import { type DateOrder, detectDateOrder, hasDayMonthDates, parseHumanDate } from './human-date';
import { fail, type PlaidAccountType } from './statement';

/** QIF account types (from `!Type:` or an `!Account` record's T field) to Plaid's. */
const ACCOUNT_TYPES: Readonly<Record<string, { type: PlaidAccountType; subtype: string | null }>> = {
  bank: { type: 'depository', subtype: 'checking' },
  cash: { type: 'depository', subtype: 'cash management' },
  ccard: { type: 'credit', subtype: 'credit card' },
  'oth a': { type: 'other', subtype: null },
  'oth l': { type: 'loan', subtype: 'other' },
  invst: { type: 'investment', subtype: 'brokerage' },
  port: { type: 'investment', subtype: 'brokerage' },
  '401(k)/403(b)': { type: 'investment', subtype: '401k' },
};

/** Investment actions that move cash in (+1) or out (-1) of the account; others move none. */
const INVESTMENT_CASH: Readonly<Record<string, 1 | -1>> = {
  sell: 1,
  div: 1,
  intinc: 1,
  cglong: 1,
  cgmid: 1,
  cgshort: 1,
  miscinc: 1,
  rtrncap: 1,
  xin: 1,
  cash: 1,
  buy: -1,
  miscexp: -1,
  margint: -1,
  xout: -1,
};

interface QifRecord {
  fields: Map<string, string>;
  line: number;
}

interface QifAccount {
  name: string | null;
  kind: string;
  records: QifRecord[];
}

/** Options the caller may give: QIF states neither currency nor date order. */
export interface QifOptions {
  currency?: string;
  dateOrder?: DateOrder;
}

/** Parses QIF text into accounts. */
export function parseQif(
  text: string,
  opts: QifOptions = {},
): { accounts: RawAccount[]; warnings: string[] } {
  const warnings: string[] = [];
  const lines = text.split(/\r\n|\r|\n/);
  const accounts: QifAccount[] = [];
  let section = '';
  let autoSwitch = false;
  let pendingAccount: { name: string | null; kind: string | null } | null = null;
  let current: QifAccount | null = null;
  let record: QifRecord | null = null;
  const isTransactionSection = (s: string) => s in ACCOUNT_TYPES;

  const endRecord = () => {
    if (!record) return;
    if (section === 'account') {
      pendingAccount = {
        name: record.fields.get('N') ?? null,
        kind: record.fields.get('T')?.toLowerCase() ?? null,
      };
    } else if (isTransactionSection(section) && record.fields.size > 0) {
      if (!current || (current.kind !== section && current.records.length > 0 && !current.name)) {
        current = { name: null, kind: section, records: [] };
        accounts.push(current);
      }
      current.records.push(record);
    }
    record = null;
  };

  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!;
    const line = raw.replace(/^\s+(?=[!^])/, '');
    if (line.trim().length === 0) continue;
    if (line.startsWith('!')) {
      endRecord();
      const header = line.slice(1).trim();
      const lower = header.toLowerCase();
      if (lower === 'option:autoswitch') autoSwitch = true;
      else if (lower === 'clear:autoswitch') autoSwitch = false;
      else if (lower === 'account') section = autoSwitch ? 'account-list' : 'account';
      else if (lower.startsWith('type:')) {
        section = lower.slice(5).trim();
        if (isTransactionSection(section)) {
          const pa = pendingAccount as { name: string | null; kind: string | null } | null;
          if (pa) {
            const existing = accounts.find((a) => a.name === pa.name && pa.name !== null);
            current = existing ?? {
              name: pa.name,
              kind: pa.kind && pa.kind in ACCOUNT_TYPES ? pa.kind : section,
              records: [],
            };
            if (!existing) accounts.push(current);
            pendingAccount = null;
          } else if (current && current.kind !== section) current = null;
        }
      }
      continue;
    }
    if (line.startsWith('^')) {
      endRecord();
      continue;
    }
    if (line.startsWith('#')) continue;
    if (section === '') fail('MALFORMED_FILE', 'QIF data before any !Type header', i + 1);
    record ??= { fields: new Map(), line: i + 1 };
    const code = line[0]!;
    // Split lines (S, E, $) repeat; only the first of each is kept, the total is T.
    if (!record.fields.has(code)) record.fields.set(code, line.slice(1));
  }
  endRecord();
  const used = accounts.filter((a) => a.records.length > 0);
  if (used.length === 0)
    fail('NO_ACCOUNTS', 'the QIF file has no bank, card, cash or investment transactions', null);
  // One file, one date format: the order is decided over every record, not per account.
  const dates = used.flatMap((a) => a.records.map((r) => r.fields.get('D') ?? ''));
  const evidence = detectDateOrder(dates);
  let order: DateOrder = opts.dateOrder ?? evidence.order ?? (evidence.dotted ? 'dmy' : 'mdy');
  if (evidence.order) order = evidence.order;
  if (!evidence.order && !opts.dateOrder && hasDayMonthDates(dates))
    warnings.push(`dates could be read either way; read as ${order}`);
  return { accounts: used.map((a, i) => toRawAccount(a, i, order, opts, warnings)), warnings };
}

function toRawAccount(
  acct: QifAccount,
  index: number,
  order: DateOrder,
  opts: QifOptions,
  warnings: string[],
): RawAccount {
  const currency = opts.currency ?? 'USD';
  if (!opts.currency && index === 0) warnings.push('QIF files state no currency; USD assumed');
  const amounts = acct.records.map((r) => r.fields.get('T') ?? r.fields.get('U') ?? '');
  const decimal = detectDecimal(amounts) ?? '.';
  const { type, subtype } = ACCOUNT_TYPES[acct.kind] ?? ACCOUNT_TYPES['bank']!;
  const transactions: RawTransaction[] = [];
  let skipped = 0;
  for (const r of acct.records) {
    const f = r.fields;
    const rawDate = f.get('D');
    const date = rawDate ? parseHumanDate(rawDate, order) : null;
    if (!date)
      fail(
        'MALFORMED_FILE',
        `record has ${rawDate ? `an unreadable date "${rawDate}"` : 'no date (D)'}`,
        r.line,
      );
    const rawAmount = f.get('T') ?? f.get('U') ?? (type === 'investment' ? f.get('$') : undefined);
    let inflow = rawAmount ? parseLooseAmount(rawAmount, currency, decimal) : null;
    let fileType: string | null = null;
    if (type === 'investment') {
      const action = (f.get('N') ?? '').trim();
      const direction = INVESTMENT_CASH[action.toLowerCase()];
      if (!direction || !rawAmount) {
        skipped++;
        continue;
      }
      inflow = inflow === null ? null : Math.abs(inflow) * direction;
      fileType = action;
    }
    if (inflow === null)
      fail(
        'MALFORMED_FILE',
        `record has ${rawAmount ? `an unreadable amount "${rawAmount}"` : 'no amount (T)'}`,
        r.line,
      );
    const payee = f.get('P')?.trim() || null;
    const memo = f.get('M')?.trim() || null;
    const num = f.get('N')?.trim() || null;
    transactions.push({
      fileId: null,
      date,
      inflow,
      currency,
      name: payee ?? memo ?? f.get('L')?.trim() ?? 'Transaction',
      memo,
      payee,
      checkNumber: type !== 'investment' && num && /^\d+$/.test(num) ? num : null,
      fileType: fileType ?? (type !== 'investment' && num && !/^\d+$/.test(num) ? num : null),
    });
  }
  if (skipped > 0)
    warnings.push(
      `${skipped} investment records move no cash (buys with transfers, reinvestments, share moves) and were left out`,
    );
  const name = acct.name ?? (subtype ? subtype.charAt(0).toUpperCase() + subtype.slice(1) : 'Account');
  return {
    key: `qif:${acct.name ?? acct.kind}`,
    name,
    accountNumber: null,
    type,
    subtype,
    currency,
    fileBalance: null,
    transactions,
  };
}
