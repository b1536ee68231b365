import { minorUnits } from '../../lib/money';
import type { SourceAccount, SourceData, SourceTransaction } from '../source-data';
import type { SfinAccount, SfinAccountSet, SfinTransaction } from './simplefin.protocol';

/**
 * SimpleFIN's accounts in Weft's normalized model. SimpleFIN says little about an account (a
 * name, a currency, balances), so its Plaid type is read from the name and the balance's sign,
 * and it has no mask, no numbers and no owners. Amounts are exact decimal strings turned into
 * minor units; SimpleFIN's sign (negative = money out) is flipped into Plaid's (positive = out).
 * Accounts in a custom currency (a URL instead of an ISO code) are left out: Weft has no minor
 * unit for them.
 */

/** An account's key within the login: the Bridge's account id, scoped by the bank it is at. */
export function accountKey(a: SfinAccount): string {
  return JSON.stringify([a.org.domain ?? a.org.sfinUrl, a.id]);
}

/** A transaction's key across the login: stable from pending to posted when the Bridge keeps its id. */
export function transactionKey(a: SfinAccount, t: SfinTransaction): string {
  return JSON.stringify([accountKey(a), t.id]);
}

/** Plaid's type and subtype for an account SimpleFIN names. */
export function classify(name: string, balanceMinor: number): { type: string; subtype: string } {
  const n = name.toLowerCase();
  if (/\b(mortgage|heloc)\b/.test(n)) return { type: 'loan', subtype: 'mortgage' };
  if (/\b(auto|car) loan\b/.test(n)) return { type: 'loan', subtype: 'auto' };
  if (/\bstudent loan\b/.test(n)) return { type: 'loan', subtype: 'student' };
  if (/\bloan\b/.test(n)) return { type: 'loan', subtype: 'other' };
  if (/\b(credit|card|visa|mastercard|amex|american express|discover)\b/.test(n))
    return { type: 'credit', subtype: 'credit card' };
  if (/\bsavings?\b/.test(n)) return { type: 'depository', subtype: 'savings' };
  if (/\bmoney market\b/.test(n)) return { type: 'depository', subtype: 'money market' };
  if (/\b(cd|certificate)\b/.test(n)) return { type: 'depository', subtype: 'cd' };
  // An unnamed negative balance is money owed: most likely a card.
  if (balanceMinor < 0 && !/\b(checking|chequing|current)\b/.test(n))
    return { type: 'credit', subtype: 'credit card' };
  return { type: 'depository', subtype: 'checking' };
}

/**
 * Minor units of `currency` for a decimal string the protocol check already accepted
 * (`-?digits[.digits]`), exactly: digits beyond the minor unit round half away from zero.
 */
export function minor(value: string, currency: string): number {
  const negative = value.startsWith('-');
  const [int = '0', frac = ''] = value.replace(/^[-+]/, '').split('.');
  const places = minorUnits(currency);
  const kept = (frac + '0'.repeat(places)).slice(0, places);
  let units = Number(int) * 10 ** places + Number(kept || '0');
  if (Number(frac[places] ?? '0') >= 5) units += 1;
  return negative && units !== 0 ? -units : units;
}

/** A unix time in seconds as an ISO date (UTC). */
export function dateOfUnix(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 10);
}

function instantOfUnix(seconds: number): string {
  return `${new Date(seconds * 1000).toISOString().slice(0, 19)}Z`;
}

/** The account set as source data; accounts in a custom currency are left out. */
export function toSourceData(set: SfinAccountSet): SourceData {
  const accounts: SourceAccount[] = [];
  const transactions: SourceTransaction[] = [];
  for (const a of set.accounts) {
    const currency = a.currency.toUpperCase();
    if (!/^[A-Z]{3}$/.test(currency)) continue;
    const balance = minor(a.balance, currency);
    const { type, subtype } = classify(a.name, balance);
    // SimpleFIN's balances are the holder's: a card owing 50 is -50, Plaid's current is 50.
    const sign = type === 'credit' || type === 'loan' ? -1 : 1;
    const available = a.availableBalance === null ? null : sign * minor(a.availableBalance, currency);
    const key = accountKey(a);
    accounts.push({
      key,
      name: a.name.slice(0, 200),
      officialName: a.org.name ? `${a.org.name} ${a.name}`.slice(0, 200) : null,
      mask: null,
      type,
      subtype,
      current: sign * balance,
      // A card's available is its remaining credit, which SimpleFIN does not give as such.
      available: type === 'depository' ? available : null,
      limit: null,
      currency,
      balanceStated: true,
      balanceDate: dateOfUnix(a.balanceDate),
      numbers: null,
      carry: 'bank',
    });
    for (const t of a.transactions) {
      const pending = t.pending;
      const authorized = t.transacted_at;
      // A pending entry with no time of its own is dated as of the balance it came with.
      const when = pending ? (authorized ?? (t.posted || a.balanceDate)) : t.posted;
      if (!when) continue;
      transactions.push({
        accountKey: key,
        id: t.id,
        loginKey: transactionKey(a, t),
        date: dateOfUnix(when),
        authorizedDate: authorized ? dateOfUnix(authorized) : null,
        datetime: pending ? null : instantOfUnix(t.posted),
        authorizedDatetime: authorized ? instantOfUnix(authorized) : null,
        // SimpleFIN: negative is money out. Plaid: positive is money out.
        amount: -minor(t.amount, currency),
        currency,
        description: (t.description || t.payee || t.memo || 'TRANSACTION').trim().slice(0, 500),
        pending,
        checkNumber: null,
      });
    }
  }
  return { accounts, transactions };
}
