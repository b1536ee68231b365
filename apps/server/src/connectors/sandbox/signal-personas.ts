import { dateOf, dayNumber } from '../../lib/days';
import type { CustomUserConfig } from './custom-user';
import type { ListedTransaction } from './simulation';

/**
 * Sandbox users for Signal: custom users (`user_custom`, the configuration as the password) whose
 * checking account's history puts Signal's scores in each tier. Transactions are dated back from
 * `today`, so a persona reads the same whatever day it is linked on.
 */
export type SignalPersona = 'stable' | 'thin_file' | 'overdrawn' | 'disputes' | 'closed' | 'frozen';

export const SIGNAL_PERSONAS: readonly SignalPersona[] = [
  'stable',
  'thin_file',
  'overdrawn',
  'disputes',
  'closed',
  'frozen',
];

/** The custom-user configuration of a Signal persona, its transactions dated back from `today`. */
export function signalPersonaConfig(persona: SignalPersona, today: string): CustomUserConfig {
  const t = today;
  switch (persona) {
    // A year of pay and bills, a comfortable balance: low risk of either kind.
    case 'stable':
      return checking(8_500, paidAndSpending(t, 365, 2_400));
    // Ten days of history and a small balance: less is known, scores sit higher.
    case 'thin_file':
      return checking(700, paidAndSpending(t, 10, 300));
    // Below zero, with NSF and overdraft fees and days overdrawn: high bank-initiated risk.
    case 'overdrawn':
      return checking(-120, [
        ...paidAndSpending(t, 120, 900),
        fee(t, 3, 'NSF FEE'),
        fee(t, 9, 'OVERDRAFT FEE'),
        fee(t, 16, 'NSF RETURNED ITEM FEE'),
        fee(t, 41, 'OVERDRAFT FEE'),
        fee(t, 70, 'NSF FEE'),
      ]);
    // Pays its way, but has had debits reversed as unauthorized: high customer-initiated risk.
    case 'disputes':
      return checking(1_900, [
        ...paidAndSpending(t, 180, 1_800),
        line(t, 5, -240, 'UNAUTHORIZED DEBIT REVERSAL ACH'),
        line(t, 19, -99.99, 'DISPUTED ACH DEBIT CREDIT'),
        line(t, 33, -450, 'CHARGEBACK UNAUTHORIZED ACH'),
        line(t, 62, -75, 'UNAUTHORIZED DEBIT REVERSAL ACH'),
      ]);
    // Emptied and closed by the bank: any debit comes back (R02).
    case 'closed':
      return checking(0, [
        ...paidAndSpending(t, 200, 1_500).filter((x) => dayNumber(x.date_posted!) < dayNumber(t) - 20),
        line(t, 20, 0, 'ACCOUNT CLOSED'),
      ]);
    // Money on the account, none of it available: frozen or restricted (R16).
    case 'frozen':
      return {
        override_accounts: [
          {
            type: 'depository',
            subtype: 'checking',
            starting_balance: 2_000,
            force_available_balance: 0,
            meta: { name: 'Signal frozen checking' },
            transactions: [...paidAndSpending(t, 120, 1_400), line(t, 6, 0, 'LEGAL HOLD PLACED')],
          },
        ],
      };
  }
}

function checking(balance: number, transactions: ListedTransaction[]): CustomUserConfig {
  return {
    override_accounts: [
      {
        type: 'depository',
        subtype: 'checking',
        starting_balance: balance,
        meta: { name: 'Signal checking' },
        transactions,
      },
    ],
  };
}

function line(today: string, daysAgo: number, amount: number, description: string): ListedTransaction {
  return { date_posted: dateOf(dayNumber(today) - daysAgo), amount, description };
}

function fee(today: string, daysAgo: number, description: string): ListedTransaction {
  return line(today, daysAgo, 35, description);
}

/**
 * Pay every fourteen days and a week's spending every seven over the last 91 days (or `days`, if
 * fewer), spending all but about 3% of the pay; before that, a month's pay and spending each
 * month. Kept short: a custom user's whole configuration is its password, at most 4,096 characters.
 */
function paidAndSpending(today: string, days: number, pay: number): ListedTransaction[] {
  const spend = Math.round(((pay * 7) / 14) * 0.97 * 100) / 100;
  const out: ListedTransaction[] = [];
  for (let d = 1; d <= Math.min(days, 91); d++) {
    if (d % 14 === 2) out.push(line(today, d, -pay, 'ACME PAYROLL'));
    if (d % 7 === 4) out.push(line(today, d, spend, 'GROCERY AND BILLS'));
  }
  for (let d = 120; d <= days; d += 30) {
    out.push(line(today, d, -2 * pay, 'ACME PAYROLL'));
    out.push(line(today, d - 1, 4 * spend, 'GROCERY AND BILLS'));
  }
  if (days > 91 && (days - 120) % 30 !== 0) out.push(line(today, days, -pay, 'OPENING DEPOSIT'));
  return out;
}
