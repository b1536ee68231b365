import { toMinor } from '../../lib/money';
import type { NormalizedAccount } from '../connector';

/** The accounts every familiar sandbox user has, in Plaid's order and with Plaid's masks. */
interface Template {
  mask: string;
  name: string;
  officialName: string;
  type: string;
  subtype: string;
  /** Major units; converted to minor units at the edge. */
  current: number;
  available: number | null;
  limit: number | null;
}

const GOOD_USER_ACCOUNTS: readonly Template[] = [
  {
    mask: '0000',
    name: 'Plaid Checking',
    officialName: 'Plaid Gold Standard 0% Interest Checking',
    type: 'depository',
    subtype: 'checking',
    current: 110,
    available: 100,
    limit: null,
  },
  {
    mask: '1111',
    name: 'Plaid Saving',
    officialName: 'Plaid Silver Standard 0.1% Interest Saving',
    type: 'depository',
    subtype: 'savings',
    current: 210,
    available: 200,
    limit: null,
  },
  {
    mask: '2222',
    name: 'Plaid CD',
    officialName: 'Plaid Bronze Standard 0.2% Interest CD',
    type: 'depository',
    subtype: 'cd',
    current: 1000,
    available: null,
    limit: null,
  },
  {
    mask: '3333',
    name: 'Plaid Credit Card',
    officialName: 'Plaid Diamond 12.5% APR Interest Credit Card',
    type: 'credit',
    subtype: 'credit card',
    current: 410,
    available: null,
    limit: 2000,
  },
  {
    mask: '4444',
    name: 'Plaid Money Market',
    officialName: 'Plaid Platinum Standard 1.85% Interest Money Market',
    type: 'depository',
    subtype: 'money market',
    current: 43200,
    available: 43200,
    limit: null,
  },
  {
    mask: '5555',
    name: 'Plaid IRA',
    officialName: 'Plaid Traditional IRA',
    type: 'investment',
    subtype: 'ira',
    current: 320.76,
    available: null,
    limit: null,
  },
  {
    mask: '6666',
    name: 'Plaid 401k',
    officialName: 'Plaid 401k Retirement Plan',
    type: 'investment',
    subtype: '401k',
    current: 23631.98,
    available: null,
    limit: null,
  },
  {
    mask: '7777',
    name: 'Plaid Student Loan',
    officialName: 'Plaid Student Loan',
    type: 'loan',
    subtype: 'student',
    current: 65262,
    available: null,
    limit: null,
  },
  {
    mask: '8888',
    name: 'Plaid Mortgage',
    officialName: 'Plaid 30 Year Fixed Mortgage',
    type: 'loan',
    subtype: 'mortgage',
    current: 56302.06,
    available: null,
    limit: null,
  },
  {
    mask: '9999',
    name: 'Plaid Business Credit Card',
    officialName: 'Plaid Platinum Business Credit Card',
    type: 'credit',
    subtype: 'credit card',
    current: 1250,
    available: null,
    limit: 6000,
  },
];

/** UK and EU institutions hold current accounts and savings only. */
const UK_SUBTYPES = new Set(['checking', 'savings', 'credit card']);

/** The familiar `user_good` accounts, in the institution's currency. */
export function goodUserAccounts(currency: string): NormalizedAccount[] {
  const templates =
    currency === 'USD' || currency === 'CAD'
      ? GOOD_USER_ACCOUNTS
      : GOOD_USER_ACCOUNTS.filter((t) => UK_SUBTYPES.has(t.subtype));
  return templates.map((t) => ({
    key: `${t.mask}-${t.subtype}`,
    name: t.name,
    officialName: t.officialName,
    mask: t.mask,
    type: t.type,
    subtype: t.subtype,
    current: toMinor(t.current, currency),
    available: t.available === null ? null : toMinor(t.available, currency),
    limit: t.limit === null ? null : toMinor(t.limit, currency),
    currency,
  }));
}

/** The currency a sandbox institution's accounts are held in. */
export function currencyFor(countryCodes: readonly string[]): string {
  const c = countryCodes[0];
  if (c === 'US') return 'USD';
  if (c === 'CA') return 'CAD';
  if (c === 'GB') return 'GBP';
  return 'EUR';
}
