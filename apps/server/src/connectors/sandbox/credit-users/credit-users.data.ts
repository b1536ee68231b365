/**
 * Plaid's Credit and Income sandbox users, as data: the accounts each holds, who owns them, the
 * deposits that are its income and what it spends. Nothing here says which income category a
 * deposit is: descriptors are written the way banks print them, and Weft's enrichment and income
 * engines decide, so these users exercise the same detection real data goes through.
 */

import { type OwnerData, PLAID_SANDBOX_OWNER } from '../../../engines/identity/personas.data';

/** When a stream pays. Day numbers count from 1970-01-01 (a Thursday: `day % 7 === 0`). */
export type Schedule =
  /** Every week on one weekday (`day % 7`). */
  | { kind: 'weekly'; weekday: number }
  /** Every fourteen days from an anchor day. */
  | { kind: 'biweekly'; anchor: number }
  /** The 15th and the last day of the month. */
  | { kind: 'semi_monthly' }
  /** One day of the month. */
  | { kind: 'monthly'; day: number }
  /** Every `days` days from an anchor day (a cadence no pay frequency has). */
  | { kind: 'every'; days: number; anchor: number }
  /** At most once in each block of `block` days, on a day drawn in the block, with chance `chance`. */
  | { kind: 'irregular'; block: number; chance: number };

/** One kind of deposit a user receives. Amounts in minor units, positive (money in). */
export interface IncomeStreamSpec {
  /** Part of the event key: unique within the user. */
  tag: string;
  account: AccountRole;
  description: string;
  schedule: Schedule;
  /** The mean amount. */
  amount: number;
  /**
   * How amounts vary around the mean: uniformly by this fraction either side, or `lumpy` (mostly
   * small, sometimes large: too uneven for a recurring stream).
   */
  spread: number | 'lumpy';
  /** Where the deposit goes next: an equal outflow this many days later (keeps a balance level). */
  passedOn?: { description: string; afterDays: number };
}

/** What an account is for in the user's life. */
export type AccountRole = 'checking' | 'savings';

/** An account the user holds, in Plaid's terms; money in major units, turned to minor at the edge. */
export interface AccountSpec {
  role: AccountRole;
  mask: string;
  name: string;
  officialName: string;
  subtype: 'checking' | 'savings';
  current: number;
  available: number;
}

/** A monthly bill from checking: a share of the monthly budget, on a day of the month. */
export interface BillSpec {
  tag: string;
  description: string;
  day: number;
  /** Of the monthly budget. */
  share: number;
  /** Amounts vary uniformly by this fraction either side (0: the same each month). */
  spread: number;
}

/** A Credit and Income persona: its accounts, owners, income and spending. */
export interface CreditUserSpec {
  username: string;
  accounts: readonly AccountSpec[];
  /** `plaid`: Plaid's sandbox account holder; `joint`: that holder and a co-holder, two owners. */
  owners: 'plaid' | 'joint';
  income: readonly IncomeStreamSpec[];
  /** Monthly outgoings as a multiple of the expected monthly income: above 1 spends down. */
  spendRatio: number;
  bills: readonly BillSpec[];
  /** A fixed monthly move from checking into savings (minor units), on a day of the month. */
  saving?: { amount: number; day: number };
}

const CHECKING: AccountSpec = {
  role: 'checking',
  mask: '0000',
  name: 'Plaid Checking',
  officialName: 'Plaid Gold Standard 0% Interest Checking',
  subtype: 'checking',
  current: 0,
  available: 0,
};

const SAVINGS: AccountSpec = {
  role: 'savings',
  mask: '1111',
  name: 'Plaid Saving',
  officialName: 'Plaid Silver Standard 0.1% Interest Saving',
  subtype: 'savings',
  current: 0,
  available: 0,
};

/** Day number of Monday 2024-01-01, an anchor for two-weekly cadences (+4: a Friday). */
const A_MONDAY = 19_723;
/** Weekdays as `day % 7`. */
const MONDAY = 4;
const WEDNESDAY = 6;

const rent = (description: string, share: number): BillSpec => ({
  tag: 'rent',
  description,
  day: 1,
  share,
  spread: 0,
});

const UTILITIES: readonly BillSpec[] = [
  { tag: 'electric', description: 'PGANDE WEB ONLINE PAYMENT', day: 12, share: 0.04, spread: 0.3 },
  { tag: 'phone', description: 'VERIZON WIRELESS PAYMENTS', day: 22, share: 0.03, spread: 0.05 },
  { tag: 'insurance', description: 'GEICO AUTO INSURANCE PMT', day: 8, share: 0.04, spread: 0 },
];

/** The Credit and Income users, by username. Any non-blank password signs each in. */
export const CREDIT_USERS: Readonly<Record<string, CreditUserSpec>> = {
  // Spends more than comes in, and nothing comes in on a schedule: odd jobs, a check now and then,
  // friends paying back.
  user_credit_profile_poor: {
    username: 'user_credit_profile_poor',
    accounts: [{ ...CHECKING, current: 862.35, available: 837.1 }],
    owners: 'plaid',
    income: [
      {
        tag: 'odd-jobs',
        account: 'checking',
        description: 'TASKRABBIT PAYOUT',
        schedule: { kind: 'irregular', block: 10, chance: 0.85 },
        amount: 230_00,
        spread: 'lumpy',
      },
      {
        tag: 'checks',
        account: 'checking',
        description: 'MOBILE CHECK DEPOSIT',
        schedule: { kind: 'irregular', block: 21, chance: 0.8 },
        amount: 380_00,
        spread: 'lumpy',
      },
      {
        tag: 'venmo',
        account: 'checking',
        description: 'VENMO CASHOUT',
        schedule: { kind: 'irregular', block: 9, chance: 0.6 },
        amount: 70_00,
        spread: 'lumpy',
      },
    ],
    spendRatio: 1.45,
    bills: [rent('RENT PAYMENT SUNSET GARDEN APTS', 0.45), ...UTILITIES],
  },

  // Lives off three delivery and driving apps, spending about what they pay.
  user_credit_profile_good: {
    username: 'user_credit_profile_good',
    accounts: [{ ...CHECKING, current: 2_184.62, available: 2_140.15 }],
    owners: 'plaid',
    income: [
      {
        tag: 'uber',
        account: 'checking',
        description: 'UBER DRIVER PAYOUT',
        schedule: { kind: 'weekly', weekday: MONDAY },
        amount: 640_00,
        spread: 0.25,
      },
      {
        tag: 'doordash',
        account: 'checking',
        description: 'DOORDASH DASHER PAYOUT',
        schedule: { kind: 'weekly', weekday: WEDNESDAY },
        amount: 310_00,
        spread: 0.25,
      },
      {
        tag: 'instacart',
        account: 'checking',
        description: 'INSTACART SHOPPER PAYOUT',
        schedule: { kind: 'biweekly', anchor: A_MONDAY + 4 },
        amount: 420_00,
        spread: 0.25,
      },
    ],
    spendRatio: 1,
    bills: [rent('ZELLE PAYMENT TO MAPLE COURT RENT', 0.2), ...UTILITIES],
  },

  // A high salary twice a month and a rental property a manager collects for; spends well under
  // what comes in and moves the rest to savings.
  user_credit_profile_excellent: {
    username: 'user_credit_profile_excellent',
    accounts: [
      { ...CHECKING, current: 18_450.27, available: 18_210.04 },
      { ...SAVINGS, current: 171_800, available: 171_800 },
    ],
    owners: 'plaid',
    income: [
      {
        tag: 'salary',
        account: 'checking',
        description: 'ORBITAL DYNAMICS INC PAYROLL',
        schedule: { kind: 'semi_monthly' },
        amount: 6_480_00,
        spread: 0.01,
      },
      {
        tag: 'rental',
        account: 'checking',
        description: 'OAKRIDGE PROPERTY MGMT RENTAL INCOME',
        schedule: { kind: 'monthly', day: 5 },
        amount: 2_850_00,
        spread: 0,
      },
    ],
    spendRatio: 0.6,
    bills: [rent('MORTGAGE PAYMENT ROCKET MORTGAGE', 0.38), ...UTILITIES],
    saving: { amount: 6_200_00, day: 20 },
  },

  // A salaried job every other Friday, a second job paid twice a month, and the first job's bonus
  // every twelve weeks.
  user_credit_bonus: {
    username: 'user_credit_bonus',
    accounts: [{ ...CHECKING, current: 6_210.4, available: 6_080.4 }],
    owners: 'plaid',
    income: [
      {
        tag: 'salary-main',
        account: 'checking',
        description: 'NORTHWIND TRADERS PAYROLL',
        schedule: { kind: 'biweekly', anchor: A_MONDAY + 4 },
        amount: 2_650_00,
        spread: 0.01,
      },
      {
        tag: 'salary-second',
        account: 'checking',
        description: 'HALCYON HEALTH DIRECT DEP',
        schedule: { kind: 'semi_monthly' },
        amount: 1_180_00,
        spread: 0.02,
      },
      {
        tag: 'bonus',
        account: 'checking',
        description: 'NORTHWIND TRADERS BONUS PAYROLL',
        schedule: { kind: 'every', days: 84, anchor: A_MONDAY + 4 },
        amount: 3_100_00,
        spread: 0.4,
      },
    ],
    spendRatio: 1,
    bills: [rent('AVALON BAY APTS RENT WEB PMT', 0.3), ...UTILITIES],
  },

  // Two earners, each with a salary, sharing one checking account they both own.
  user_credit_joint_account: {
    username: 'user_credit_joint_account',
    accounts: [
      {
        ...CHECKING,
        name: 'Plaid Joint Checking',
        officialName: 'Plaid Gold Standard 0% Interest Joint Checking',
        current: 9_325.18,
        available: 9_112.5,
      },
    ],
    owners: 'joint',
    income: [
      {
        tag: 'salary-one',
        account: 'checking',
        description: 'BRIGHTWATER MEDICAL PAYROLL',
        schedule: { kind: 'biweekly', anchor: A_MONDAY + 4 },
        amount: 2_940_00,
        spread: 0.01,
      },
      {
        tag: 'salary-two',
        account: 'checking',
        description: 'LAKESIDE SCHOOL DIST PAYROLL',
        schedule: { kind: 'semi_monthly' },
        amount: 2_180_00,
        spread: 0,
      },
    ],
    spendRatio: 1,
    bills: [rent('RENT PAYMENT ESSEX PROPERTY MGMT', 0.34), ...UTILITIES],
  },
};

/**
 * What `user_bank_income` receives besides `user_good`'s life (payroll, interest, a tax refund):
 * side income of several kinds into checking. Each deposit goes out again soon after, so its
 * balances keep the level `user_good`'s do.
 */
export const BANK_INCOME_EXTRAS: readonly IncomeStreamSpec[] = [
  {
    tag: 'gig',
    account: 'checking',
    description: 'DOORDASH DASHER PAYOUT',
    schedule: { kind: 'weekly', weekday: MONDAY },
    amount: 285_00,
    spread: 0.3,
    passedOn: { description: 'ONLINE TRANSFER TO BROKERAGE ...4821', afterDays: 1 },
  },
  {
    tag: 'rental',
    account: 'checking',
    description: 'OAKRIDGE PROPERTY MGMT RENTAL INCOME',
    schedule: { kind: 'monthly', day: 5 },
    amount: 1_950_00,
    spread: 0,
    passedOn: { description: 'RENTAL PROPERTY MORTGAGE PMT', afterDays: 2 },
  },
  {
    tag: 'child-support',
    account: 'checking',
    description: 'CHILD SUPPORT STATE DISB UNIT',
    schedule: { kind: 'biweekly', anchor: A_MONDAY + 2 },
    amount: 415_00,
    spread: 0,
    passedOn: { description: 'BRIGHT HORIZONS TUITION', afterDays: 3 },
  },
];

/** The username whose data is `user_good`'s life plus `BANK_INCOME_EXTRAS`. */
export const BANK_INCOME_USER = 'user_bank_income';

/**
 * The second holder of `user_credit_joint_account`'s account: a person of their own (name, phone,
 * emails), at the household address of Plaid's sandbox account holder.
 */
export const JOINT_CO_HOLDER: OwnerData = {
  names: ['Dorian Cassius Charleson'],
  phone_numbers: [
    { data: '1112226666', primary: true, type: 'mobile' },
    { data: '1112227777', primary: false, type: 'work' },
  ],
  emails: [
    { data: 'accountholder2@example.com', primary: true, type: 'primary' },
    { data: 'dorian.charleson@example.com', primary: false, type: 'secondary' },
  ],
  addresses: [PLAID_SANDBOX_OWNER.addresses[0]!],
};
