import type { CoreAttributes } from './attributes';

/**
 * Weft's return-risk model: for each kind of return, a logistic model over features computed from
 * the core attributes and the amount. Every weight is published here and in docs/signal.md, and
 * every score comes with each feature's contribution to it, so a score can always be explained.
 *
 *   z = intercept + Σ weight_i · feature_i        p = 1 / (1 + e^-z)  (the return probability)
 *   score = clamp(1, 99, round(100 / (1 + e^-(z + offset))))
 *
 * The offset spreads scores over 1–99 where returns are rare; the score is monotonic in p, and the
 * risk tier is read from p with the bands Plaid's tiers describe.
 */

/** One feature of the model: its name, weight and how it is read from an evaluation. */
export interface Feature {
  name: string;
  weight: number;
  /** What the feature measures, for explanations and the docs. */
  description: string;
  value(x: FeatureInput): number;
}

/**
 * What features read: the attributes (minor units), the amount asked for (minor units) and the days
 * since the account's first transaction in the store (how long its history runs; null: none).
 */
export interface FeatureInput {
  attributes: CoreAttributes;
  amount: number;
  historyDays: number | null;
}

/** A model for one kind of return. */
export interface ReturnModel {
  kind: 'customer_initiated' | 'bank_initiated';
  intercept: number;
  offset: number;
  features: readonly Feature[];
  /** Upper bounds of each tier's probability band; tier n is the first bound p falls below. */
  tierBounds: readonly number[];
}

const cap = (v: number, max: number) => Math.min(Math.max(v, 0), max);
/** Balance the amount would draw on: available when the bank states one, else current. */
const cushion = (x: FeatureInput) => x.attributes.available_balance ?? x.attributes.current_balance;
const shortfall = (x: FeatureInput) => {
  const c = cushion(x);
  return c === null ? 0 : cap((x.amount - c) / Math.max(x.amount, 1), 1);
};
/** How long the account is known: its history or its first connection, whichever is longer; years, capped at 2. */
const tenureYears = (x: FeatureInput) =>
  cap(Math.max(x.historyDays ?? 0, x.attributes.days_since_first_plaid_connection ?? 0) / 365, 2);

const SHARED_FEATURES = {
  amountExceedsAvailable: (weight: number): Feature => ({
    name: 'amount_exceeds_balance',
    weight,
    description: '1 when the amount is more than the available (else current) balance',
    value: (x) => {
      const c = cushion(x);
      return c !== null && x.amount > c ? 1 : 0;
    },
  }),
  shortfall: (weight: number): Feature => ({
    name: 'shortfall_share',
    weight,
    description: 'the share of the amount the balance does not cover (0–1)',
    value: shortfall,
  }),
  nsf30: (weight: number): Feature => ({
    name: 'nsf_overdraft_30d',
    weight,
    description: 'NSF and overdraft transactions in the last 30 days (capped at 5)',
    value: (x) => cap(x.attributes.nsf_overdraft_transactions_count_30d, 5),
  }),
  nsf90: (weight: number): Feature => ({
    name: 'nsf_overdraft_90d',
    weight,
    description: 'NSF and overdraft transactions in the last 90 days (capped at 10)',
    value: (x) => cap(x.attributes.nsf_overdraft_transactions_count_90d, 10),
  }),
  negativeDays: (weight: number): Feature => ({
    name: 'negative_balance_days_90d',
    weight,
    description: 'days with a negative end-of-day balance in the last 90, in tens (capped at 9)',
    value: (x) => cap((x.attributes.days_with_negative_balance_count_90d ?? 0) / 10, 9),
  }),
  cushionCover: (weight: number): Feature => ({
    name: 'low_balance_cover',
    weight,
    description:
      'how many times the 30-day 10th-percentile end-of-day balance covers the amount, log2 (capped at 5)',
    value: (x) => {
      const p10 = x.attributes.p10_eod_balance_30d;
      return p10 === null || p10 <= 0 ? 0 : cap(Math.log2(1 + p10 / Math.max(x.amount, 1)), 5);
    },
  }),
  tenure: (weight: number): Feature => ({
    name: 'history_years',
    weight,
    description:
      "years of the account's history in the store, or since this client first connected it if longer (capped at 2)",
    value: tenureYears,
  }),
  historyDepth: (weight: number): Feature => ({
    name: 'active_history',
    weight,
    description: '1 when the account shows 20 or more transactions over the last 90 days',
    value: (x) =>
      x.attributes.debit_transactions_count_90d + x.attributes.credit_transactions_count_90d >= 20 ? 1 : 0,
  }),
};

/** Customer-initiated returns: the account holder disputes the debit (R05, R07, R10, R11, R29, R51). */
export const CUSTOMER_MODEL: ReturnModel = {
  kind: 'customer_initiated',
  intercept: -7.2,
  offset: 5.5,
  features: [
    SHARED_FEATURES.amountExceedsAvailable(0.9),
    SHARED_FEATURES.shortfall(0.8),
    SHARED_FEATURES.nsf30(0.35),
    SHARED_FEATURES.nsf90(0.1),
    {
      name: 'unauthorized_90d',
      weight: 0.9,
      description: 'debits reversed as unauthorized or disputed in the last 90 days (capped at 5)',
      value: (x) => cap(x.attributes.unauthorized_transactions_count_90d, 5),
    },
    {
      name: 'recent_connections_30d',
      weight: 0.4,
      description: 'other connections of the same account by this client in the last 30 days (capped at 5)',
      value: (x) => cap(x.attributes.plaid_connections_count_30d - 1, 5),
    },
    {
      name: 'identity_changes_90d',
      weight: 0.35,
      description: 'address, phone and email changes sent with evaluations in the last 90 days (capped at 6)',
      value: (x) =>
        cap(
          x.attributes.address_change_count_90d +
            x.attributes.phone_change_count_90d +
            x.attributes.email_change_count_90d,
          6,
        ),
    },
    {
      name: 'distinct_ips_7d',
      weight: 0.15,
      description: 'distinct IP addresses on evaluations in the last 7 days beyond the first (capped at 10)',
      value: (x) => cap(x.attributes.distinct_ip_addresses_count_7d - 1, 10),
    },
    SHARED_FEATURES.cushionCover(-0.3),
    SHARED_FEATURES.tenure(-0.8),
    SHARED_FEATURES.historyDepth(-0.4),
  ],
  tierBounds: [0.0002, 0.0005, 0.001, 0.005],
};

/** Bank-initiated returns: the bank refuses the debit (R01 NSF, R02 closed, R16 frozen, …). */
export const BANK_MODEL: ReturnModel = {
  kind: 'bank_initiated',
  intercept: -4.6,
  offset: 2.6,
  features: [
    SHARED_FEATURES.amountExceedsAvailable(1.8),
    SHARED_FEATURES.shortfall(1.4),
    SHARED_FEATURES.nsf30(0.45),
    SHARED_FEATURES.nsf90(0.15),
    SHARED_FEATURES.negativeDays(0.25),
    {
      name: 'account_closed',
      weight: 9,
      description: '1 when the account is closed',
      value: (x) => (x.attributes.is_account_closed ? 1 : 0),
    },
    {
      name: 'account_frozen',
      weight: 8,
      description: '1 when the account is frozen or restricted',
      value: (x) => (x.attributes.is_account_frozen_or_restricted ? 1 : 0),
    },
    {
      name: 'savings_account',
      weight: 0.3,
      description: '1 for a savings or money market account (withdrawal limits)',
      value: (x) => (x.attributes.is_savings_or_money_market_account ? 1 : 0),
    },
    SHARED_FEATURES.cushionCover(-0.45),
    SHARED_FEATURES.tenure(-0.6),
    SHARED_FEATURES.historyDepth(-0.3),
  ],
  tierBounds: [0.005, 0.015, 0.03, 0.05, 0.1, 0.15, 0.5],
};

/** One feature's share of a score: its value and weight × value (its contribution to z). */
export interface Contribution {
  feature: string;
  value: number;
  weight: number;
  contribution: number;
}

/** A scored evaluation of one kind of return, with how it was reached. */
export interface ModelScore {
  score: number;
  riskTier: number;
  probability: number;
  logOdds: number;
  contributions: Contribution[];
}

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

/** Scores an evaluation with one model, every feature's contribution kept. */
export function scoreWith(model: ReturnModel, input: FeatureInput): ModelScore {
  const contributions = model.features.map((f) => {
    const value = round4(f.value(input));
    return { feature: f.name, value, weight: f.weight, contribution: round4(f.weight * value) };
  });
  const logOdds = round4(model.intercept + contributions.reduce((s, c) => s + c.contribution, 0));
  const probability = sigmoid(logOdds);
  const score = Math.min(99, Math.max(1, Math.round(100 * sigmoid(logOdds + model.offset))));
  const tier = model.tierBounds.findIndex((b) => probability < b);
  return {
    score,
    riskTier: tier === -1 ? model.tierBounds.length + 1 : tier + 1,
    probability,
    logOdds,
    contributions,
  };
}

/** Both scores of an evaluation. */
export interface SignalScores {
  customer: ModelScore;
  bank: ModelScore;
}

/** Scores an evaluation for customer- and bank-initiated returns. */
export function scoreEvaluation(input: FeatureInput): SignalScores {
  return { customer: scoreWith(CUSTOMER_MODEL, input), bank: scoreWith(BANK_MODEL, input) };
}

function round4(n: number): number {
  return Math.round(n * 10_000) / 10_000;
}
