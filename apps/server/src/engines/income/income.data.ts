/** Plaid's bank income categories (`CreditBankIncomeCategory`). */
export type IncomeCategory =
  | 'SALARY'
  | 'UNEMPLOYMENT'
  | 'CASH'
  | 'GIG_ECONOMY'
  | 'RENTAL'
  | 'CHILD_SUPPORT'
  | 'MILITARY'
  | 'RETIREMENT'
  | 'LONG_TERM_DISABILITY'
  | 'BANK_INTEREST'
  | 'CASH_DEPOSIT'
  | 'TRANSFER_FROM_APPLICATION'
  | 'TAX_REFUND'
  | 'BENEFIT_OTHER'
  | 'OTHER';

/**
 * Descriptor words that name a category whatever the transaction's personal finance category
 * says, checked in order: the first rule with a word in the descriptor decides.
 */
export const DESCRIPTOR_RULES: readonly { words: readonly string[]; category: IncomeCategory }[] = [
  { words: ['DFAS', 'MIL PAY', 'ARMY', 'NAVY PAY', 'USAF PAY'], category: 'MILITARY' },
  { words: ['CHILD SUPPORT', 'CHILD SUPP', 'CSE PAYMENT'], category: 'CHILD_SUPPORT' },
  { words: ['LTD BENEFIT', 'LONG TERM DISAB', 'DISABILITY INS'], category: 'LONG_TERM_DISABILITY' },
  { words: ['SSA TREAS', 'SOC SEC', 'SSI TREAS', 'VA BENEFIT', 'SNAP', 'TANF'], category: 'BENEFIT_OTHER' },
  { words: ['UNEMPLOYMENT', 'UI BENEFIT', 'EDD UI'], category: 'UNEMPLOYMENT' },
  { words: ['PENSION', 'ANNUITY', 'RETIREMENT', 'IRA DISTRIBUTION'], category: 'RETIREMENT' },
  { words: ['IRS TREAS', 'TAX REF', 'TAXRFD', 'STATE TAX REFUND'], category: 'TAX_REFUND' },
  {
    words: [
      'UBER',
      'LYFT',
      'DOORDASH',
      'INSTACART',
      'GRUBHUB',
      'POSTMATES',
      'TASKRABBIT',
      'FIVERR',
      'UPWORK',
      'ETSY',
    ],
    category: 'GIG_ECONOMY',
  },
  { words: ['RENT FROM', 'RENTAL INCOME', 'TENANT'], category: 'RENTAL' },
  { words: ['VENMO', 'CASH APP', 'PAYPAL', 'ZELLE'], category: 'TRANSFER_FROM_APPLICATION' },
  {
    words: ['INTEREST PAID', 'INTEREST EARNED', 'INTEREST PAYMENT', 'INTRST PYMNT'],
    category: 'BANK_INTEREST',
  },
  { words: ['PAYROLL', 'DIR DEP', 'DIRECT DEP', 'SALARY', 'NET PAY', 'PAYCHECK'], category: 'SALARY' },
];

/** Personal finance categories (detailed, v2) that are income, and the income category of each. */
export const PFC_CATEGORIES: Readonly<Record<string, IncomeCategory>> = {
  INCOME_SALARY: 'SALARY',
  INCOME_WAGES: 'SALARY',
  INCOME_GIG_ECONOMY: 'GIG_ECONOMY',
  INCOME_UNEMPLOYMENT: 'UNEMPLOYMENT',
  INCOME_RETIREMENT_PENSION: 'RETIREMENT',
  INCOME_TAX_REFUND: 'TAX_REFUND',
  INCOME_INTEREST_EARNED: 'BANK_INTEREST',
  INCOME_MILITARY: 'MILITARY',
  INCOME_LONG_TERM_DISABILITY: 'LONG_TERM_DISABILITY',
  INCOME_RENTAL: 'RENTAL',
  INCOME_CHILD_SUPPORT: 'CHILD_SUPPORT',
  INCOME_DIVIDENDS: 'OTHER',
  INCOME_OTHER: 'OTHER',
  INCOME_OTHER_INCOME: 'OTHER',
  TRANSFER_IN_DEPOSIT: 'CASH_DEPOSIT',
};

/**
 * Categories that are income only when they recur: a single transfer from a payment app, or a
 * single inflow of no known kind, is more likely a friend paying back than pay.
 */
export const MUST_RECUR: ReadonlySet<IncomeCategory> = new Set(['TRANSFER_FROM_APPLICATION', 'OTHER']);
