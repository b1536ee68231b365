import { balanceSign } from '../../lib/balance-sign';
import {
  baseEventsOf,
  type GenAccount,
  type GenEvent,
  type Persona,
  personaFor,
  type Roles,
  rolesOf,
} from './events';
import { dateOf, dayNumber, dayOfMonth } from './rng';

export type { GenAccount, GenEvent, GenLocation } from './events';

/** An event as the bank shows it on a given day. */
export type EventState =
  | { status: 'none' }
  | { status: 'pending'; amount: number }
  | { status: 'posted'; amount: number }
  | { status: 'gone' };

/** What an event looks like on `day`: not yet, pending (at which amount), posted, or released. */
export function stateAt(e: GenEvent, day: number): EventState {
  if (day < e.day) return { status: 'none' };
  if (day >= e.day + e.lag) return e.drops ? { status: 'gone' } : { status: 'posted', amount: e.amount };
  const amount = e.adjustsTo !== null && day > e.day ? e.adjustsTo : e.pendingAmount;
  return { status: 'pending', amount };
}

/** Longest authorization-to-settlement lag, so a window this much earlier catches every open event. */
export const MAX_LAG_DAYS = 3;

/**
 * Generates an Item's money movements, deterministically from the login seed: the same seed and
 * accounts give the same events for any day, whether generated in one go or a few days at a time.
 */
export class TransactionsGenerator {
  private readonly persona: Persona;
  private readonly roles: Roles;
  private readonly base = new Map<number, GenEvent[]>();

  constructor(
    private readonly seed: string,
    accounts: readonly GenAccount[],
  ) {
    this.persona = personaFor(seed, accounts);
    this.roles = rolesOf(accounts);
  }

  /** The persona (for tests that check recurring streams against what was generated). */
  get profile(): Persona {
    return this.persona;
  }

  /** Every event authorized on days [from, to] (YYYY-MM-DD, inclusive), in order. */
  eventsBetween(from: string, to: string): GenEvent[] {
    const out: GenEvent[] = [];
    for (let d = dayNumber(from), last = dayNumber(to); d <= last; d++) {
      for (const e of this.baseOn(d)) out.push(e);
      if (dayOfMonth(d) === 25) for (const card of this.roles.cards) out.push(...this.cardPayment(card, d));
    }
    return out;
  }

  private baseOn(day: number): GenEvent[] {
    let events = this.base.get(day);
    if (!events) {
      events = baseEventsOf(this.seed, this.persona, this.roles, day);
      this.base.set(day, events);
    }
    return events;
  }

  /** Pays the previous month's charges in full, from checking (both sides of the transfer). */
  private cardPayment(card: GenAccount, day: number): GenEvent[] {
    const date = dateOf(day);
    const firstOfMonth = day - dayOfMonth(day) + 1;
    const firstOfPrev = firstOfMonth - dayOfMonth(firstOfMonth - 1);
    let charges = 0;
    for (let d = firstOfPrev; d < firstOfMonth; d++)
      for (const e of this.baseOn(d))
        if (e.accountId === card.id && !e.drops && e.amount > 0) charges += e.amount;
    if (charges <= 0) return [];
    const base = {
      day,
      lag: 0,
      pendingAmount: 0,
      adjustsTo: null,
      drops: false,
      location: null,
      mcc: null,
      minute: 9 * 60,
    };
    const events: GenEvent[] = [
      {
        ...base,
        key: `${date}:cardpay:${card.id}:in`,
        accountId: card.id,
        amount: -charges,
        pendingAmount: -charges,
        description: 'PAYMENT THANK YOU',
        series: null,
      },
    ];
    if (this.roles.checking)
      events.push({
        ...base,
        key: `${date}:cardpay:${card.id}:out`,
        accountId: this.roles.checking.id,
        amount: charges,
        pendingAmount: charges,
        description: `ONLINE PAYMENT TO CREDIT CARD ...${card.mask ?? '0000'}`,
        series: `cardpay:${card.mask ?? card.id}`,
      });
    return events;
  }
}

/** Re-exported: the generator's callers and tests read the sign convention from here. */
export { balanceSign };

/** One transaction visible at a point in time. */
export interface Visible {
  event: GenEvent;
  status: 'pending' | 'posted';
  amount: number;
}

/** The history visible on `today` for events authorized from `from`: posted and pending. */
export function historyAt(gen: TransactionsGenerator, from: string, today: string): Visible[] {
  const day = dayNumber(today);
  const out: Visible[] = [];
  for (const e of gen.eventsBetween(from, today)) {
    const s = stateAt(e, day);
    if (s.status === 'pending' || s.status === 'posted')
      out.push({ event: e, status: s.status, amount: s.amount });
  }
  return out;
}

/**
 * Opening balances that make each account's history end at its current balance:
 * current = opening + sign × Σ posted amounts.
 */
export function openingBalances(
  accounts: readonly GenAccount[],
  visible: readonly Visible[],
): Map<string, number> {
  const sums = new Map<string, number>();
  for (const v of visible)
    if (v.status === 'posted') sums.set(v.event.accountId, (sums.get(v.event.accountId) ?? 0) + v.amount);
  return new Map(accounts.map((a) => [a.id, a.current - balanceSign(a.type) * (sums.get(a.id) ?? 0)]));
}
