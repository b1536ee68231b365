import type { AttributeTransaction } from '../../engines/signal/attributes';
import { dateOf, dayNumber } from '../../lib/days';

/** What /signal/schedule answers: each business day ahead, whether to debit then, and the best. */
export interface Schedule {
  optimalDate: string | null;
  recommendations: {
    date: string;
    recommendation: 'RECOMMENDED' | 'NOT_RECOMMENDED' | 'UNKNOWN';
    rank: number | null;
  }[];
}

/** Business days a schedule looks at. */
const DAYS_AHEAD = 5;
/** The period whose flows are assumed to repeat (four weeks: weekly, fortnightly and most monthly pay). */
const CYCLE_DAYS = 28;

/**
 * The next business days (Monday to Friday) after `day`, each with the balance expected then: the
 * balance now, moved by the account's flows over the same span one cycle earlier. A day whose
 * expected balance covers the amount is recommended; recommended days rank by that balance, the
 * highest first. Without a balance or any history, every day is UNKNOWN.
 */
export function scheduleFor(input: {
  day: string;
  amount: number;
  available: number | null;
  transactions: readonly AttributeTransaction[];
}): Schedule {
  const today = dayNumber(input.day);
  const days: number[] = [];
  for (let d = today + 1; days.length < DAYS_AHEAD; d++) {
    const weekday = new Date(d * 86_400_000).getUTCDay();
    if (weekday !== 0 && weekday !== 6) days.push(d);
  }
  const posted = input.transactions.filter((t) => !t.pending);
  if (input.available === null || posted.length === 0)
    return {
      optimalDate: null,
      recommendations: days.map((d) => ({ date: dateOf(d), recommendation: 'UNKNOWN', rank: null })),
    };
  const netBetween = (from: number, to: number) =>
    posted
      .filter((t) => {
        const n = dayNumber(t.date);
        return n > from && n <= to;
      })
      .reduce((s, t) => s - t.amount, 0);
  const expected = days.map((d) => ({
    day: d,
    balance: input.available! + netBetween(today - CYCLE_DAYS, d - CYCLE_DAYS),
  }));
  const ranked = expected
    .filter((e) => e.balance >= input.amount)
    .sort((a, b) => b.balance - a.balance || a.day - b.day);
  const rankOf = new Map(ranked.map((e, i) => [e.day, i + 1]));
  return {
    optimalDate: ranked[0] ? dateOf(ranked[0].day) : null,
    recommendations: expected.map((e) => ({
      date: dateOf(e.day),
      recommendation: rankOf.has(e.day) ? 'RECOMMENDED' : 'NOT_RECOMMENDED',
      rank: rankOf.get(e.day) ?? null,
    })),
  };
}
