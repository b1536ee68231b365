import type { CoreAttributes } from './attributes';

/** Plaid's ruleset results. */
export type RuleResult = 'ACCEPT' | 'REROUTE' | 'REVIEW';
export const RULE_RESULTS: readonly RuleResult[] = ['ACCEPT', 'REROUTE', 'REVIEW'];

/** Comparisons a condition makes. */
export type Operator = '>' | '>=' | '<' | '<=' | '==' | '!=';
const OPERATORS: readonly Operator[] = ['>', '>=', '<', '<=', '==', '!='];

/**
 * One test on an evaluation: a field compared with a value. Fields are `customer_initiated_score`,
 * `bank_initiated_score`, `amount` (decimal units), or any core attribute (money in decimal units).
 * A condition on a field with no value (a null attribute) does not hold.
 */
export interface Condition {
  field: string;
  op: Operator;
  value: number | boolean;
}

/** A rule: when all its conditions hold, it gives its result. Rules run in order; the first match wins. */
export interface Rule {
  conditions: Condition[];
  result: RuleResult;
  internal_note?: string;
  custom_action_key?: string;
}

/** A ruleset: its rules, and the result when none matches. */
export interface Ruleset {
  ruleset_key: string;
  rules: Rule[];
  fallback: RuleResult;
}

/** The ruleset an evaluation without a `ruleset_key` is judged by (a client may define its own `default`). */
export const DEFAULT_RULESET: Ruleset = {
  ruleset_key: 'default',
  rules: [
    {
      conditions: [{ field: 'is_account_closed', op: '==', value: true }],
      result: 'REROUTE',
      internal_note: 'Account appears to be closed',
    },
    {
      conditions: [{ field: 'is_account_frozen_or_restricted', op: '==', value: true }],
      result: 'REROUTE',
      internal_note: 'Account appears to be frozen or restricted',
    },
    {
      conditions: [{ field: 'bank_initiated_score', op: '>=', value: 80 }],
      result: 'REROUTE',
      internal_note: 'Bank-initiated return risk is too high',
    },
    {
      conditions: [{ field: 'customer_initiated_score', op: '>=', value: 80 }],
      result: 'REROUTE',
      internal_note: 'Customer-initiated return risk is too high',
    },
    {
      conditions: [{ field: 'bank_initiated_score', op: '>=', value: 50 }],
      result: 'REVIEW',
      internal_note: 'Elevated bank-initiated return risk',
    },
    {
      conditions: [{ field: 'customer_initiated_score', op: '>=', value: 50 }],
      result: 'REVIEW',
      internal_note: 'Elevated customer-initiated return risk',
    },
  ],
  fallback: 'ACCEPT',
};

/** What a ruleset reads: both scores, the amount and the attributes, all in decimal units. */
export interface RuleFacts {
  customer_initiated_score: number;
  bank_initiated_score: number;
  amount: number;
  /** Core attributes by name (CoreAttributes, or Plaid's decimals of them). */
  attributes: object;
}

/** The outcome: the result, and the rule that gave it (null when the fallback did). */
export interface RulesetOutcome {
  result: RuleResult;
  rule: Rule | null;
  ruleIndex: number | null;
}

function factOf(facts: RuleFacts, field: string): number | boolean | null {
  if (field === 'customer_initiated_score') return facts.customer_initiated_score;
  if (field === 'bank_initiated_score') return facts.bank_initiated_score;
  if (field === 'amount') return facts.amount;
  const v: unknown = (facts.attributes as Readonly<Record<string, unknown>>)[field];
  return typeof v === 'number' || typeof v === 'boolean' ? v : null;
}

function holds(c: Condition, facts: RuleFacts): boolean {
  const v = factOf(facts, c.field);
  if (v === null) return false;
  if (c.op === '==') return v === c.value;
  if (c.op === '!=') return v !== c.value;
  if (typeof v !== 'number' || typeof c.value !== 'number') return false;
  switch (c.op) {
    case '>':
      return v > c.value;
    case '>=':
      return v >= c.value;
    case '<':
      return v < c.value;
    case '<=':
      return v <= c.value;
  }
}

/** Runs a ruleset: the first rule whose conditions all hold gives the result, else the fallback. */
export function runRuleset(ruleset: Ruleset, facts: RuleFacts): RulesetOutcome {
  const i = ruleset.rules.findIndex((r) => r.conditions.every((c) => holds(c, facts)));
  if (i === -1) return { result: ruleset.fallback, rule: null, ruleIndex: null };
  return { result: ruleset.rules[i]!.result, rule: ruleset.rules[i]!, ruleIndex: i };
}

/** Fields a condition may name besides the core attributes. */
const SCORE_FIELDS = new Set(['customer_initiated_score', 'bank_initiated_score', 'amount']);
const RULESET_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Reads a ruleset a client defined (parsed JSON); returns it, or what is wrong with it. Fields are
 * checked against `attributeNames`, so a typo is refused rather than never matching.
 */
export function parseRuleset(raw: unknown, attributeNames: ReadonlySet<string>): Ruleset | string {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) return 'a ruleset must be a JSON object';
  const r = raw as Record<string, unknown>;
  if (typeof r.ruleset_key !== 'string' || !RULESET_KEY.test(r.ruleset_key))
    return 'ruleset_key must be 1-64 letters, digits, "_" or "-"';
  const fallback = r.fallback ?? 'ACCEPT';
  if (!RULE_RESULTS.includes(fallback as RuleResult))
    return `fallback must be one of ${RULE_RESULTS.join(', ')}`;
  if (!Array.isArray(r.rules)) return 'rules must be an array';
  const rules: Rule[] = [];
  for (const [i, raw] of r.rules.entries()) {
    const at = `rules[${i}]`;
    if (!raw || typeof raw !== 'object') return `${at} must be an object`;
    const rule = raw as Record<string, unknown>;
    if (!RULE_RESULTS.includes(rule.result as RuleResult))
      return `${at}.result must be one of ${RULE_RESULTS.join(', ')}`;
    if (!Array.isArray(rule.conditions) || rule.conditions.length === 0)
      return `${at}.conditions must be a non-empty array`;
    const conditions: Condition[] = [];
    for (const [j, c] of rule.conditions.entries()) {
      const cat = `${at}.conditions[${j}]`;
      const cond = (c ?? {}) as Record<string, unknown>;
      if (typeof cond.field !== 'string' || !(SCORE_FIELDS.has(cond.field) || attributeNames.has(cond.field)))
        return `${cat}.field must be a score, "amount" or a core attribute`;
      if (!OPERATORS.includes(cond.op as Operator)) return `${cat}.op must be one of ${OPERATORS.join(' ')}`;
      if (typeof cond.value !== 'number' && typeof cond.value !== 'boolean')
        return `${cat}.value must be a number or a boolean`;
      if (typeof cond.value === 'boolean' && cond.op !== '==' && cond.op !== '!=')
        return `${cat}: a boolean is compared with == or != only`;
      conditions.push({ field: cond.field, op: cond.op as Operator, value: cond.value });
    }
    for (const k of ['internal_note', 'custom_action_key'] as const)
      if (rule[k] !== undefined && typeof rule[k] !== 'string') return `${at}.${k} must be a string`;
    rules.push({
      conditions,
      result: rule.result as RuleResult,
      ...(typeof rule.internal_note === 'string' ? { internal_note: rule.internal_note } : {}),
      ...(typeof rule.custom_action_key === 'string' ? { custom_action_key: rule.custom_action_key } : {}),
    });
  }
  return { ruleset_key: r.ruleset_key, rules, fallback: fallback as RuleResult };
}

/** Names of the core attributes, for checking rulesets' fields. */
export function attributeNamesOf(sample: CoreAttributes): Set<string> {
  return new Set(Object.keys(sample));
}
