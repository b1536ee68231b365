import { createHash } from 'node:crypto';
import type { AccountsTable } from '../../db/tables/core';
import { formatAmount, renderPdf } from '../../lib/pdf';
import { balanceEffect } from './statements.ledger';
import type { StoredStatement } from './statements.repository';

const MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
] as const;

/** A rendered statement and the SHA-256 of its bytes (hex), sent as `Plaid-Content-Hash`. */
export interface StatementPdf {
  pdf: Buffer;
  sha256: string;
}

/**
 * A statement as a PDF: the account, the period, opening and closing balances, money in and out,
 * and every transaction with the balance after it. Amounts are shown as they move the balance
 * (for a card, charges raise what is owed), so the opening balance plus the amounts is the
 * closing balance. Dated on its posting day, so the same statement always gives the same bytes.
 */
export async function renderStatement(
  s: StoredStatement,
  account: AccountsTable,
  institutionName: string,
): Promise<StatementPdf> {
  const ccy = s.iso_currency_code;
  const money = (minor: number) => formatAmount(minor, ccy);
  const effects = s.lines.map((l) => balanceEffect(account.type, l.amount));
  const credit = account.type === 'credit';
  let balance = s.opening_balance;
  const rows = s.lines.map((l, i) => {
    balance += effects[i]!;
    return [l.date, l.name, money(effects[i]!), money(balance)];
  });
  const up = effects.filter((e) => e > 0).reduce((a, b) => a + b, 0);
  const down = effects.filter((e) => e < 0).reduce((a, b) => a + b, 0);
  const pdf = await renderPdf(
    {
      title: `${institutionName} statement ${s.year}-${String(s.month).padStart(2, '0')}`,
      date: new Date(`${s.date_posted}T12:00:00Z`),
    },
    (w) => {
      w.heading(institutionName, 1);
      w.heading(`Statement for ${MONTHS[s.month - 1]} ${s.year}`, 2);
      w.keyValues([
        [
          'Account',
          `${account.official_name ?? account.name}${account.mask ? ` ending ${account.mask}` : ''}`,
        ],
        ['Account type', `${account.type}${account.subtype ? ` (${account.subtype})` : ''}`],
        ['Statement period', `${s.period_start} to ${s.period_end}`],
        ['Statement date', s.date_posted],
        ['Currency', ccy],
        ['Statement ID', s.statement_id],
      ]);
      w.heading('Summary', 3);
      w.keyValues([
        [credit ? 'Previous balance owed' : 'Opening balance', money(s.opening_balance)],
        [credit ? 'Purchases and charges' : 'Deposits and credits', money(up)],
        [credit ? 'Payments and credits' : 'Withdrawals and debits', money(down)],
        [credit ? 'New balance owed' : 'Closing balance', money(s.closing_balance)],
        ['Transactions', String(s.lines.length)],
      ]);
      w.heading('Transactions', 3);
      if (rows.length === 0) w.text('No transactions posted in this period.');
      else
        w.table({
          columns: [
            { header: 'Date', width: 70 },
            { header: 'Description', width: 262 },
            { header: 'Amount', width: 90, align: 'right' },
            { header: 'Balance', width: 90, align: 'right' },
          ],
          rows,
        });
    },
  );
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex') };
}
