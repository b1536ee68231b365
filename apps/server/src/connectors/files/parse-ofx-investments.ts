/**
 * The investment side of an OFX INVSTMTRS statement: its securities (SECLIST), positions
 * (INVPOSLIST) and trades and income (INVTRANLIST), in Plaid's investment transaction types. The
 * cash side (INVBANKTRAN's STMTTRN, INVBAL) is read by parse-ofx.ts as an account's transactions;
 * INVBANKTRAN appears here too, since Plaid lists cash moves among investment transactions.
 */
import { minorUnits } from './currency';
import { parseOfxDate } from './dates';
import { child, findAll, type MarkupNode, textAt } from './markup';
import { fail } from './statement';

/** A security a statement names, keyed by CUSIP, ISIN or ticker so the key is the same in every file. */
export interface StatementSecurity {
  key: string;
  name: string;
  ticker: string | null;
  cusip: string | null;
  isin: string | null;
  type: 'equity' | 'mutual fund' | 'fixed income' | 'derivative' | 'other';
  /** Minor units of `currency`, as of `priceAsOf`. */
  price: number | null;
  priceAsOf: string | null;
  currency: string;
}

/** A position: `quantity` in millionths of a unit, `price` and `value` in minor units. */
export interface StatementPosition {
  securityKey: string;
  quantity: number;
  price: number;
  priceAsOf: string | null;
  value: number;
  currency: string;
}

/**
 * An investment transaction in Plaid's sign: `amount` (minor units) positive when cash leaves the
 * account, `quantity` (millionths) positive when units come in.
 */
export interface StatementInvestmentTransaction {
  /** The file's FITID, or the statement-local position when it has none. */
  id: string;
  securityKey: string | null;
  date: string;
  name: string;
  type: 'buy' | 'sell' | 'cash' | 'fee' | 'transfer';
  subtype: string;
  quantity: number;
  price: number;
  amount: number;
  fees: number | null;
  currency: string;
}

/** What an INVSTMTRS holds besides cash moves. */
export interface StatementInvestments {
  securities: StatementSecurity[];
  positions: StatementPosition[];
  transactions: StatementInvestmentTransaction[];
  /** Uninvested cash (INVBAL AVAILCASH), minor units; null when the file states none. */
  cash: number | null;
  /** The statement's date (DTASOF), used to keep the latest positions of overlapping files. */
  asOf: string | null;
}

/** Tags inside INVSTMTRS that never hold children, for the markup reader (empty ones in SGML). */
export const OFX_INVESTMENT_LEAVES: readonly string[] = [
  'UNIQUEID',
  'UNIQUEIDTYPE',
  'SECNAME',
  'TICKER',
  'UNITPRICE',
  'UNITS',
  'MKTVAL',
  'DTPRICEASOF',
  'HELDINAREA',
  'POSTYPE',
  'DTTRADE',
  'DTSETTLE',
  'FEES',
  'COMMISSION',
  'TAXES',
  'LOAD',
  'TOTAL',
  'INCOMETYPE',
  'SUBACCTSEC',
  'SUBACCTFUND',
  'SUBACCTFROM',
  'SUBACCTTO',
  'BUYTYPE',
  'SELLTYPE',
  'OPTBUYTYPE',
  'OPTSELLTYPE',
  'TFERACTION',
  'OLDUNITS',
  'NEWUNITS',
  'NUMERATOR',
  'DENOMINATOR',
  'OPTACTION',
  'SHPERCTRCT',
  'MEMO',
  'DTASOF',
  'AVAILCASH',
];

const BUYS = ['BUYSTOCK', 'BUYMF', 'BUYDEBT', 'BUYOPT', 'BUYOTHER'];
const SELLS = ['SELLSTOCK', 'SELLMF', 'SELLDEBT', 'SELLOPT', 'SELLOTHER'];
const OTHER_TRANSACTIONS = [
  'INCOME',
  'REINVEST',
  'INVBANKTRAN',
  'TRANSFER',
  'SPLIT',
  'INVEXPENSE',
  'MARGININTEREST',
  'RETOFCAP',
  'CLOSUREOPT',
  'JRNLFUND',
  'JRNLSEC',
];
/** Every INVTRANLIST entry Weft reads. */
export const OFX_INVESTMENT_TRANSACTIONS: readonly string[] = [...BUYS, ...SELLS, ...OTHER_TRANSACTIONS];
/** Every INVPOSLIST entry Weft reads. */
export const OFX_POSITIONS: readonly string[] = ['POSSTOCK', 'POSMF', 'POSDEBT', 'POSOPT', 'POSOTHER'];

const SECURITY_TYPES: Readonly<Record<string, StatementSecurity['type']>> = {
  STOCKINFO: 'equity',
  MFINFO: 'mutual fund',
  DEBTINFO: 'fixed income',
  OPTINFO: 'derivative',
  OTHERINFO: 'other',
};

/** INCOMETYPE to Plaid's subtypes: paid in cash, and reinvested. */
const INCOME: Readonly<Record<string, [cash: string, reinvested: string]>> = {
  DIV: ['dividend', 'dividend reinvestment'],
  INTEREST: ['interest', 'interest reinvestment'],
  CGLONG: ['long-term capital gain', 'long-term capital gain reinvestment'],
  CGSHORT: ['short-term capital gain', 'short-term capital gain reinvestment'],
  MISC: ['distribution', 'dividend reinvestment'],
};

/** A fixed-point decimal at `places` as an integer; "," is taken as the decimal point when last. */
export function fixedPoint(raw: string | null, places: number): number | null {
  if (raw === null) return null;
  let s = raw.replace(/\s+/g, '');
  const comma = s.lastIndexOf(',');
  if (comma > s.lastIndexOf('.')) s = `${s.slice(0, comma).replace(/\./g, '')}.${s.slice(comma + 1)}`;
  else s = s.replace(/,/g, '');
  const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(s);
  if (!m || (m[2] === '' && !m[3])) return null;
  const frac = m[3] ?? '';
  let n = Number((m[2] || '0') + (frac + '0'.repeat(places)).slice(0, places));
  if ((frac[places] ?? '0') >= '5') n += 1;
  if (!Number.isSafeInteger(n)) return null;
  return m[1] === '-' && n !== 0 ? -n : n;
}

/** Reads the investments of one INVSTMTRS aggregate, amounts in `currency`'s minor units. */
export function readOfxInvestments(
  st: MarkupNode,
  root: MarkupNode,
  currency: string,
  lineAt: (offset: number) => number,
): StatementInvestments {
  const places = minorUnits(currency);
  const money = (node: MarkupNode | undefined, tag: string) => fixedPoint(textAt(node, tag), places);
  const units = (node: MarkupNode | undefined, tag: string) => fixedPoint(textAt(node, tag), 6) ?? 0;
  const dateOf = (raw: string | null) => (raw ? (parseOfxDate(raw)?.date ?? null) : null);

  // SECLIST sits in its own message set beside the statement; every security it lists is known.
  const securities = new Map<string, StatementSecurity>();
  const keyOf = new Map<string, string>();
  for (const list of findAll(root, 'SECLIST'))
    for (const info of list.children) {
      const type = SECURITY_TYPES[info.name];
      const secInfo = findAll(info, 'SECINFO')[0];
      if (!type || !secInfo) continue;
      const security = readSecurity(secInfo, type, currency, places);
      if (!security) continue;
      securities.set(security.key, security);
      keyOf.set(secIdOf(child(secInfo, 'SECID')), security.key);
    }
  // A position or trade naming a security the list lacks still gets one, by its SECID.
  const securityOf = (node: MarkupNode): string | null => {
    const secId = child(node, 'SECID') ?? findAll(node, 'SECID')[0];
    if (!secId) return null;
    const raw = secIdOf(secId);
    const known = keyOf.get(raw);
    if (known) return known;
    const key = keyFor(textAt(secId, 'UNIQUEIDTYPE'), textAt(secId, 'UNIQUEID'), null);
    if (!key) return null;
    if (!securities.has(key)) {
      const id = textAt(secId, 'UNIQUEID') ?? key;
      securities.set(key, {
        key,
        name: id,
        ticker: null,
        cusip: idOfType(secId, 'CUSIP'),
        isin: idOfType(secId, 'ISIN'),
        type: 'other',
        price: null,
        priceAsOf: null,
        currency,
      });
    }
    keyOf.set(raw, key);
    return key;
  };

  const positions: StatementPosition[] = [];
  for (const tag of OFX_POSITIONS)
    for (const pos of findAll(child(st, 'INVPOSLIST') ?? st, tag)) {
      const inv = child(pos, 'INVPOS');
      const securityKey = inv ? securityOf(inv) : null;
      if (!inv || !securityKey) continue;
      const quantity = units(inv, 'UNITS') * (textAt(inv, 'POSTYPE')?.toUpperCase() === 'SHORT' ? -1 : 1);
      const price = money(inv, 'UNITPRICE') ?? 0;
      const priceAsOf = dateOf(textAt(inv, 'DTPRICEASOF'));
      positions.push({
        securityKey,
        quantity,
        price,
        priceAsOf,
        value: money(inv, 'MKTVAL') ?? 0,
        currency,
      });
      const security = securities.get(securityKey);
      if (security && (security.priceAsOf ?? '') <= (priceAsOf ?? '')) {
        security.price = price;
        security.priceAsOf = priceAsOf;
      }
    }

  const transactions: StatementInvestmentTransaction[] = [];
  const list = child(st, 'INVTRANLIST');
  const entries = list
    ? list.children.filter((c) => OFX_INVESTMENT_TRANSACTIONS.includes(c.name))
    : OFX_INVESTMENT_TRANSACTIONS.flatMap((tag) => findAll(st, tag));
  for (const entry of entries) {
    const tran = findAll(entry, 'INVTRAN')[0] ?? findAll(entry, 'STMTTRN')[0];
    const rawDate = textAt(tran, 'DTTRADE') ?? textAt(tran, 'DTPOSTED');
    const date = dateOf(rawDate);
    if (!tran || !date)
      fail(
        'MALFORMED_FILE',
        `${entry.name} has ${rawDate ? `an invalid date "${rawDate}"` : 'no DTTRADE'}`,
        lineAt(entry.offset),
      );
    // Buys and sells keep their amounts in INVBUY/INVSELL; every other entry holds them itself.
    const body = child(entry, 'INVBUY') ?? child(entry, 'INVSELL') ?? entry;
    const total = money(body, 'TOTAL') ?? 0;
    const fees = (money(body, 'FEES') ?? 0) + (money(body, 'COMMISSION') ?? 0) + (money(body, 'LOAD') ?? 0);
    const quantity = units(body, 'UNITS');
    const base = {
      id: textAt(tran, 'FITID') ?? `${entry.name}:${transactions.length}`,
      securityKey: securityOf(entry),
      date,
      price: money(body, 'UNITPRICE') ?? 0,
      fees: fees === 0 && !textAt(body, 'FEES') && !textAt(body, 'COMMISSION') ? null : fees,
      currency,
    };
    const kind = classify(entry, quantity, total, money(child(entry, 'STMTTRN'), 'TRNAMT') ?? 0, units);
    const security = base.securityKey ? securities.get(base.securityKey) : undefined;
    const name =
      textAt(tran, 'MEMO') ?? textAt(tran, 'NAME') ?? `${kind.subtype}${security ? ` ${security.name}` : ''}`;
    transactions.push({ ...base, ...kind, name, securityKey: kind.cashOnly ? null : base.securityKey });
  }

  const asOf = dateOf(textAt(st, 'DTASOF'));
  return {
    securities: [...securities.values()].filter(
      (s) =>
        positions.some((p) => p.securityKey === s.key) || transactions.some((t) => t.securityKey === s.key),
    ),
    positions,
    transactions,
    cash: money(child(st, 'INVBAL'), 'AVAILCASH'),
    asOf,
  };
}

/** Plaid's type, subtype, quantity and amount of one INVTRANLIST entry. */
function classify(
  entry: MarkupNode,
  quantity: number,
  total: number,
  cashAmount: number,
  units: (node: MarkupNode | undefined, tag: string) => number,
): Pick<StatementInvestmentTransaction, 'type' | 'subtype' | 'quantity' | 'amount'> & { cashOnly: boolean } {
  const of = (
    type: StatementInvestmentTransaction['type'],
    subtype: string,
    q: number,
    amount: number,
    cashOnly = false,
  ) => ({ type, subtype, quantity: q === 0 ? 0 : q, amount: amount === 0 ? 0 : amount, cashOnly });
  const income = INCOME[textAt(entry, 'INCOMETYPE')?.toUpperCase() ?? ''] ?? INCOME.MISC!;
  // OFX TOTAL is the cash change (negative when cash leaves); Plaid's amount is the opposite.
  if (BUYS.includes(entry.name)) {
    const cover = /^(?:BUYTOCOVER|BUYTOCLOSE)$/.test(
      textAt(entry, 'BUYTYPE') ?? textAt(entry, 'OPTBUYTYPE') ?? '',
    );
    return of('buy', cover ? 'buy to cover' : 'buy', Math.abs(quantity), -total);
  }
  if (SELLS.includes(entry.name)) {
    const short = /^(?:SELLSHORT|SELLTOOPEN)$/.test(
      textAt(entry, 'SELLTYPE') ?? textAt(entry, 'OPTSELLTYPE') ?? '',
    );
    return of('sell', short ? 'sell short' : 'sell', -Math.abs(quantity), -total);
  }
  switch (entry.name) {
    case 'INCOME':
      return of('cash', income[0], 0, -total);
    case 'REINVEST':
      return of('buy', income[1], Math.abs(quantity), Math.abs(total));
    case 'RETOFCAP':
      return of('cash', 'return of principal', 0, -total);
    case 'INVEXPENSE':
      return of('fee', 'miscellaneous fee', 0, -total);
    case 'MARGININTEREST':
      return of('fee', 'margin expense', 0, -total, true);
    case 'INVBANKTRAN': {
      const trnType = textAt(entry, 'STMTTRN', 'TRNTYPE')?.toUpperCase() ?? '';
      const amount = -cashAmount;
      if (trnType === 'INT') return of('cash', 'interest', 0, amount, true);
      if (trnType === 'DIV') return of('cash', 'dividend', 0, amount, true);
      if (trnType === 'FEE' || trnType === 'SRVCHG') return of('fee', 'account fee', 0, amount, true);
      return of('cash', amount > 0 ? 'withdrawal' : 'deposit', 0, amount, true);
    }
    case 'TRANSFER': {
      const out = textAt(entry, 'TFERACTION')?.toUpperCase() === 'OUT';
      return of('transfer', 'transfer', out ? -Math.abs(quantity) : Math.abs(quantity), 0);
    }
    case 'SPLIT':
      return of('transfer', 'split', units(entry, 'NEWUNITS') - units(entry, 'OLDUNITS'), 0);
    case 'CLOSUREOPT': {
      const action = textAt(entry, 'OPTACTION')?.toUpperCase();
      const subtype = action === 'EXERCISE' ? 'exercise' : action === 'ASSIGN' ? 'assignment' : 'expire';
      return of('transfer', subtype, quantity, 0);
    }
    case 'JRNLFUND':
      return of('transfer', 'transfer', 0, -total, true);
    default:
      return of('transfer', 'transfer', quantity, 0);
  }
}

function readSecurity(
  secInfo: MarkupNode,
  type: StatementSecurity['type'],
  currency: string,
  places: number,
): StatementSecurity | null {
  const secId = child(secInfo, 'SECID');
  const ticker = textAt(secInfo, 'TICKER');
  const key = keyFor(textAt(secId, 'UNIQUEIDTYPE'), textAt(secId, 'UNIQUEID'), ticker);
  if (!key) return null;
  const price = fixedPoint(textAt(secInfo, 'UNITPRICE'), places);
  const asOf = textAt(secInfo, 'DTASOF');
  return {
    key,
    name: textAt(secInfo, 'SECNAME') ?? ticker ?? textAt(secId, 'UNIQUEID') ?? key,
    ticker,
    cusip: idOfType(secId, 'CUSIP'),
    isin: idOfType(secId, 'ISIN'),
    type,
    price,
    priceAsOf: price === null || !asOf ? null : (parseOfxDate(asOf)?.date ?? null),
    currency,
  };
}

/** The SECID as written, to match positions and trades to the list. */
function secIdOf(secId: MarkupNode | undefined): string {
  return `${textAt(secId, 'UNIQUEIDTYPE')?.toUpperCase() ?? ''}|${textAt(secId, 'UNIQUEID') ?? ''}`;
}

function idOfType(secId: MarkupNode | undefined, type: 'CUSIP' | 'ISIN'): string | null {
  return textAt(secId, 'UNIQUEIDTYPE')?.toUpperCase() === type ? textAt(secId, 'UNIQUEID') : null;
}

/** CUSIP and ISIN name a security everywhere; a broker's own id only with its ticker. */
function keyFor(idType: string | null, id: string | null, ticker: string | null): string | null {
  const type = idType?.toUpperCase();
  if (id && (type === 'CUSIP' || type === 'ISIN')) return `${type.toLowerCase()}:${id.toUpperCase()}`;
  if (ticker) return `ticker:${ticker.toUpperCase()}`;
  return id ? `${(type ?? 'id').toLowerCase()}:${id.toUpperCase()}` : null;
}
