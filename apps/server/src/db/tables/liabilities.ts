/** Plaid's liability kinds, as /liabilities/get groups them. */
export type LiabilityKind = 'credit' | 'mortgage' | 'student';

/** One account's liability as its source gave it (products/liabilities reads these). */
export interface LiabilitiesTable {
  account_id: string;
  item_id: string;
  kind: LiabilityKind;
  /** JSON of the kind's normalized liability, money in minor units, read through its schema. */
  data: string;
  /** The day the Item's data stood at when the row was written (YYYY-MM-DD). */
  as_of: string;
  updated_at: string;
}

export interface LiabilitiesTables {
  liabilities: LiabilitiesTable;
}
