import { describe, expect, it } from 'vitest';
import { statementsTable } from './demo-statements';

describe('the demo statements table', () => {
  it('shows each account once, with its number of statements and its first and latest months', () => {
    const table = statementsTable({
      accounts: [
        {
          account_id: 'a',
          account_mask: '0000',
          account_name: 'Plaid Checking',
          account_official_name: 'Plaid Gold Standard 0% Interest Checking',
          account_subtype: 'checking',
          account_type: 'depository',
          statements: [
            { statement_id: 's1', month: 9, year: 2026, date_posted: '2026-09-30' },
            { statement_id: 's2', month: 10, year: 2026, date_posted: '2026-10-31' },
          ],
        },
        {
          account_id: 'b',
          account_mask: '',
          account_name: 'Card',
          account_official_name: 'Card',
          account_subtype: 'credit card',
          account_type: 'credit',
          statements: [],
        },
      ],
    });
    expect(table.rows).toEqual([
      {
        name: 'Plaid Checking ••0000',
        count: '2',
        first: 'Sep 2026',
        latest: 'Oct 2026',
        posted: '2026-10-31',
      },
      { name: 'Card', count: '0', first: '—', latest: '—', posted: '—' },
    ]);
  });
});
