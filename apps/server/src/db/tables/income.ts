/** A client's end user (Plaid's user object); the user token is kept only as its digest. */
export interface UsersTable {
  user_id: string;
  client_id: string;
  env: string;
  client_user_id: string;
  token_hash: string;
  created_at: string;
  updated_at: string;
}

/** Where an Item's income comes from: a bank's deposits or a payroll provider's paystubs. */
export type IncomeSource = 'bank' | 'payroll';

/** An Item linked for a user's income. */
export interface UserItemsTable {
  item_id: string;
  user_id: string;
  source: IncomeSource;
  /** Days of history a bank income report looks at. */
  days_requested: number;
  created_at: string;
}

/** One bank income report of a user: its income sources as JSON, read through its schema. */
export interface BankIncomeReportsTable {
  bank_income_id: string;
  user_id: string;
  days_requested: number;
  data: string;
  generated_at: string;
}

/** A payroll Item's employment, paystubs and W-2s (connectors/payroll.ts's model, as JSON). */
export interface PayrollItemsTable {
  item_id: string;
  data: string;
  /** The day the payroll stood at when it was read (YYYY-MM-DD). */
  as_of: string;
  updated_at: string;
}

export interface IncomeTables {
  users: UsersTable;
  user_items: UserItemsTable;
  bank_income_reports: BankIncomeReportsTable;
  payroll_items: PayrollItemsTable;
}
