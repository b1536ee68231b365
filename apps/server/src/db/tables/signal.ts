/** Plaid's ruleset results, as stored. */
export type SignalResult = 'ACCEPT' | 'REROUTE' | 'REVIEW';

/** One /signal/evaluate of a client, with what it reported of it later (see the migration). */
export interface SignalEvaluationsTable {
  client_id: string;
  client_transaction_id: string;
  item_id: string;
  account_id: string;
  /** Minor units of `iso_currency_code`. */
  amount: number;
  iso_currency_code: string;
  customer_score: number;
  customer_tier: number;
  /** Predicted return probability, parts per million. */
  customer_ppm: number;
  bank_score: number;
  bank_tier: number;
  bank_ppm: number;
  ruleset_key: string | null;
  result: SignalResult | null;
  /** JSON: the attributes (minor units) and each model's contributions (engines/signal). */
  explanation: string;
  client_user_id: string | null;
  created_at: string;
  /** 1/0 once /signal/decision/report said whether the payment was made; null before. */
  initiated: number | null;
  decision_outcome: string | null;
  payment_method: string | null;
  days_funds_on_hold: number | null;
  amount_instantly_available: number | null;
  submitted_at: string | null;
  decision_reported_at: string | null;
  return_code: string | null;
  returned_at: string | null;
  return_reported_at: string | null;
}

/** A value of one kind (address, phone, email, ip, user_agent) sent with evaluations of an account. */
export interface SignalIdentitiesTable {
  client_id: string;
  account_id: string;
  kind: 'address' | 'phone' | 'email' | 'ip' | 'user_agent';
  /** SHA-256 of the normalized value: Weft compares values, it does not keep them. */
  value_hash: string;
  /** Days (YYYY-MM-DD) it was first and last sent. */
  first_seen: string;
  last_seen: string;
}

/** A ruleset a client defined (`weft signal rulesets`), JSON read through engines/signal/rulesets. */
export interface SignalRulesetsTable {
  client_id: string;
  ruleset_key: string;
  ruleset: string;
  created_at: string;
  updated_at: string;
}

export interface SignalTables {
  signal_evaluations: SignalEvaluationsTable;
  signal_identities: SignalIdentitiesTable;
  signal_rulesets: SignalRulesetsTable;
}
