import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AccountsTable } from '../../db/tables/core';
import { renderStatement } from './statements.pdf';
import type { StoredStatement } from './statements.repository';
import { readStatement } from './statements.test-kit';

const card: AccountsTable = {
  account_id: 'acc',
  item_id: 'item',
  position: 3,
  name: 'Plaid Credit Card',
  official_name: 'Plaid Diamond 12.5% APR Interest Credit Card',
  mask: '3333',
  type: 'credit',
  subtype: 'credit card',
  balance_current: 41_000,
  balance_available: null,
  balance_limit: 200_000,
  iso_currency_code: 'USD',
  verification_status: null,
  persistent_account_id: null,
  hidden: 0,
  updated_at: '2026-11-18T12:00:00.000Z',
};

function statement(lines: StoredStatement['lines'], opening: number, closing: number): StoredStatement {
  return {
    statement_id: 'stmt_1',
    item_id: 'item',
    account_id: 'acc',
    year: 2026,
    month: 10,
    period_start: '2026-10-01',
    period_end: '2026-10-31',
    date_posted: '2026-10-31',
    iso_currency_code: 'USD',
    opening_balance: opening,
    closing_balance: closing,
    lines,
    created_at: '2026-11-18T12:00:00.000Z',
    updated_at: '2026-11-18T12:00:00.000Z',
  };
}

describe('statement PDFs', () => {
  it("print a card's charges as raising what is owed and its payment as lowering it, with the summary's totals", async () => {
    const s = statement(
      [
        { transaction_id: 't1', date: '2026-10-03', name: 'UNITED AIRLINES', amount: 123_456 },
        { transaction_id: 't2', date: '2026-10-25', name: 'PAYMENT THANK YOU', amount: -50_000 },
        { transaction_id: 't3', date: '2026-10-30', name: 'REFUND', amount: -1_205 },
      ],
      50_000,
      122_251,
    );
    const { pdf, sha256 } = await renderStatement(s, card, 'First Platypus Bank');
    expect(sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
    const read = await readStatement(pdf);
    expect(read.rows).toEqual([
      { date: '2026-10-03', name: 'UNITED AIRLINES', amount: 1234.56, balance: 1734.56 },
      { date: '2026-10-25', name: 'PAYMENT THANK YOU', amount: -500, balance: 1234.56 },
      { date: '2026-10-30', name: 'REFUND', amount: -12.05, balance: 1222.51 },
    ]);
    expect([read.opening, read.closing, read.raised, read.lowered, read.count]).toEqual([
      500, 1222.51, 1234.56, -512.05, 3,
    ]);
    expect(read.text).toContain('Plaid Diamond 12.5% APR Interest Credit Card ending 3333');
    expect(read.text).toContain('New balance owed');
    // The same statement renders to the same bytes.
    expect((await renderStatement(s, card, 'First Platypus Bank')).pdf.equals(pdf)).toBe(true);
  });

  it('say so when nothing posted in the month, opening and closing at the same balance', async () => {
    const savings = {
      ...card,
      type: 'depository',
      subtype: 'savings',
      name: 'Plaid Saving',
      official_name: null,
    };
    const read = await readStatement(
      (await renderStatement(statement([], 21_000, 21_000), savings, 'Bank')).pdf,
    );
    expect(read.rows).toEqual([]);
    expect(read.text).toContain('No transactions posted in this period.');
    expect([read.opening, read.closing, read.raised, read.lowered, read.count]).toEqual([210, 210, 0, 0, 0]);
    expect(read.text).toContain('Plaid Saving ending 3333');
  });
});
