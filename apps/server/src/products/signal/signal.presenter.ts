import type {
  RecommendationString,
  RuleResult,
  SignalEvaluateCoreAttributes,
  SignalEvaluateResponse,
  SignalScheduleResponse,
} from 'plaid';
import { type CoreAttributes, MONEY_ATTRIBUTES } from '../../engines/signal/attributes';
import type { Reply } from '../../http/reply';
import { toDecimalOrNull } from '../../lib/money';
import type { Schedule } from './signal.schedule';
import type { Evaluation } from './signal.service';

const MONEY = new Set<string>(MONEY_ATTRIBUTES);

/** The core attributes in Plaid's units: money as decimals of the account's currency. */
export function decimalAttributes(
  attributes: CoreAttributes,
  currency: string,
): SignalEvaluateCoreAttributes {
  const out: Record<string, number | boolean | string | null> = {};
  for (const [name, value] of Object.entries(attributes) as [string, number | boolean | string | null][])
    out[name] = MONEY.has(name) && typeof value === 'number' ? toDecimalOrNull(value, currency) : value;
  return out satisfies SignalEvaluateCoreAttributes;
}

/** /signal/evaluate's response. */
export function presentEvaluation(e: Evaluation): Reply<SignalEvaluateResponse> {
  const rule = e.ruleset.outcome.rule;
  const details =
    rule && (rule.internal_note !== undefined || rule.custom_action_key !== undefined)
      ? {
          ...(rule.internal_note !== undefined ? { internal_note: rule.internal_note } : {}),
          ...(rule.custom_action_key !== undefined ? { custom_action_key: rule.custom_action_key } : {}),
        }
      : null;
  return {
    scores: {
      customer_initiated_return_risk: {
        score: e.scores.customer.score,
        risk_tier: e.scores.customer.riskTier,
      },
      bank_initiated_return_risk: { score: e.scores.bank.score, risk_tier: e.scores.bank.riskTier },
    },
    core_attributes: e.decimalAttributes,
    ruleset: {
      ruleset_key: e.ruleset.key,
      result: e.ruleset.outcome.result as RuleResult,
      triggered_rule_details: details,
    },
    warnings: [],
  } satisfies Reply<SignalEvaluateResponse>;
}

/** /signal/schedule's response. */
export function presentSchedule(s: Schedule): Reply<SignalScheduleResponse> {
  return {
    optimal_date: s.optimalDate,
    recommendations: s.recommendations.map((r) => ({
      date: r.date,
      recommendation: r.recommendation as RecommendationString,
      rank: r.rank,
    })),
    warnings: [],
  } satisfies Reply<SignalScheduleResponse>;
}
