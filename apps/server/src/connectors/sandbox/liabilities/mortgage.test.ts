import { describe, expect, it } from 'vitest';
import { type GenAccount, TransactionsGenerator } from '../../../engines/transactions-generator/generator';
import { dateOf, dayNumber } from '../../../lib/days';
import { loanHistory } from './ledger';
import { mortgageLiability } from './mortgage';

const ACCOUNTS: GenAccount[] = [
  { id: 'chk', type: 'depository', subtype: 'checking', current: 11000, mask: '0000' },
  { id: 'mortgage', type: 'loan', subtype: 'mortgage', current: 5630206, mask: '8888' },
];
const MORTGAGE = { id: 'mortgage', mask: '8888', current: 5630206 };

describe('a sandbox mortgage', () => {
  it.each(['ins_109508|user_good|', 'ins_109509|user_good|', 'seed-x'])(
    'holds each payment’s escrow share and pays out a year of them once a year (%s)',
    (seed) => {
      const gen = new TransactionsGenerator(seed, ACCOUNTS);
      const { mortgagePayment, mortgageEscrow: share } = gen.profile;
      const events = gen.eventsBetween('2024-10-01', '2026-11-28');
      const at = (asOf: string) =>
        mortgageLiability(seed, gen.profile, MORTGAGE, loanHistory(events, 'mortgage', asOf), asOf);
      const moves: [string, number][] = [];
      let before = at('2025-11-28').escrow_balance!;
      for (let day = dayNumber('2025-11-29'); day <= dayNumber('2026-11-28'); day++) {
        const date = dateOf(day);
        const mortgage = at(date);
        const balance = mortgage.escrow_balance!;
        expect(balance, date).toBeGreaterThanOrEqual(2 * share);
        expect(balance, date).toBeLessThanOrEqual(14 * share);
        if (balance !== before) moves.push([date.slice(8), (balance - before) / share]);
        before = balance;
        expect(mortgage.next_monthly_payment).toBe(mortgagePayment);
        if (date.endsWith('-01')) expect(mortgage.last_payment_amount, date).toBe(mortgagePayment);
      }
      // Twelve payments on the 1st each add a share; one disbursement on a 15th takes twelve out.
      expect(moves.filter(([dom, n]) => dom === '01' && n === 1)).toHaveLength(12);
      expect(moves.filter(([dom, n]) => dom === '15' && n === -12)).toHaveLength(1);
      expect(moves).toHaveLength(13);
    },
  );
});
