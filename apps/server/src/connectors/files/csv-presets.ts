/**
 * CSV column knowledge as data: header synonyms for each role (matched case-insensitively, first
 * listed wins) and presets for bank exports whose meaning a header alone cannot tell (sign
 * conventions, account type). Add a bank by adding a row here, not code.
 */
import type { PlaidAccountType } from './statement';

/** The roles a CSV column can play. */
export type CsvRole =
  | 'date'
  | 'authorizedDate'
  | 'amount'
  | 'debit'
  | 'credit'
  | 'direction'
  | 'description'
  | 'memo'
  | 'payee'
  | 'checkNumber'
  | 'id'
  | 'currency'
  | 'balance'
  | 'account'
  | 'status';

/** A column by header name (case-insensitive) or by 0-based index. */
export type ColumnRef = string | number;

/** Header names per role, most specific first. */
export const SYNONYMS: Readonly<Record<CsvRole, readonly string[]>> = {
  date: [
    'posted date',
    'post date',
    'posting date',
    'booking date',
    'buchungstag',
    'date',
    'transaction date',
    'trans. date',
    'trans date',
    'datum',
    'fecha',
    'date opération',
    'date de valeur',
    'value date',
    'datetime',
    'created',
    'created utc',
    'journaldate',
    'date_posted',
    'completed date',
    'started date',
  ],
  authorizedDate: ['transaction date', 'trans. date', 'trans date', 'started date'],
  amount: [
    'amount',
    'transaction amount',
    'montant',
    'betrag',
    'bedrag',
    'importe',
    'amount (total)',
    'net',
    'netamount',
    'amount (eur)',
    'amount (usd)',
    'amount (gbp)',
    'amount (chf)',
    'gross',
  ],
  debit: [
    'withdrawal (-)',
    'debit',
    'withdrawal',
    'withdrawals',
    'outflow',
    'débit',
    'debit amount',
    'money out',
    'paid out',
    'soll',
  ],
  credit: [
    'deposit (+)',
    'credit',
    'deposit',
    'deposits',
    'inflow',
    'crédit',
    'credit amount',
    'money in',
    'paid in',
    'haben',
  ],
  direction: ['d/c', 'transaction type', 'cr/dr', 'debit/credit', 'dc'],
  description: [
    'description',
    'label',
    'payee',
    'name',
    'narrative',
    'details',
    'remarque',
    'note',
    'merchant name',
    'merchant',
    'buchungstext',
    'partner name',
    'libellé',
    'concepto',
    'omschrijving',
    'title',
    'transaction',
    'description 1',
    'desc',
  ],
  memo: [
    'memo',
    'notes',
    'original description',
    'payment reference',
    'reference',
    'verwendungszweck',
    'description 2',
    'comments',
  ],
  payee: ['payee', 'partner name', 'merchant name', 'to', 'auftraggeber/empfänger'],
  checkNumber: ['check number', 'checknumber', 'check #', 'check no.', 'num', 'cheque number'],
  id: ['transaction id', 'transactionid', 'id', 'reference id', 'n° de transaction', 'fitid'],
  currency: ['currency', 'monn.', 'ccy', 'währung', 'devise'],
  balance: ['balance', 'running balance', 'runningbalance', 'running bal.', 'solde', 'saldo', 'cash balance'],
  account: ['account name', 'account', 'account number', 'card no.', 'kontonummer', 'produit'],
  status: ['status'],
};

/** Which way amounts point: most bank exports write money in as positive. */
export type SignConvention = 'inflow-positive' | 'outflow-positive';

/** A named bank export layout. */
export interface CsvPreset {
  id: string;
  /** Headers that must all be present for the preset to apply on its own. */
  match?: readonly string[];
  columns?: Partial<Record<CsvRole, ColumnRef>>;
  sign?: SignConvention;
  account?: { type: PlaidAccountType; subtype: string | null };
}

/** Presets, checked in order when the caller names none. */
export const PRESETS: readonly CsvPreset[] = [
  {
    id: 'mint',
    match: ['date', 'description', 'original description', 'amount', 'transaction type', 'account name'],
    columns: {
      date: 'date',
      description: 'description',
      memo: 'original description',
      direction: 'transaction type',
    },
  },
  {
    id: 'schwab-checking',
    match: [
      'date',
      'status',
      'type',
      'checknumber',
      'description',
      'withdrawal',
      'deposit',
      'runningbalance',
    ],
  },
  {
    id: 'capital-one',
    match: ['transaction date', 'posted date', 'card no.', 'description', 'debit', 'credit'],
    account: { type: 'credit', subtype: 'credit card' },
  },
  {
    id: 'chase-credit',
    match: ['transaction date', 'post date', 'description', 'category', 'type', 'amount', 'memo'],
    account: { type: 'credit', subtype: 'credit card' },
  },
  {
    id: 'venmo',
    match: ['datetime', 'type', 'status', 'note', 'from', 'to', 'amount (total)'],
    columns: { description: 'note', payee: 'to', amount: 'amount (total)' },
    account: { type: 'depository', subtype: 'paypal' },
  },
  {
    // UBS Switzerland: "Description" names the product; the booking text is in "Description 1".
    id: 'ubs-ch',
    match: ['produit', 'monn.', 'description 1', 'description 2', 'débit', 'crédit'],
    columns: { description: 'description 1', memo: 'description 2', payee: 'description 2' },
  },
  {
    id: 'ynab4',
    match: ['account', 'date', 'payee', 'outflow', 'inflow'],
  },
  // Amex's CSV has a bare Date/Description/Amount header with charges positive: only by name.
  {
    id: 'amex',
    columns: { date: 'date', description: 'description', amount: 'amount' },
    sign: 'outflow-positive',
    account: { type: 'credit', subtype: 'credit card' },
  },
];
