import { type OwnerData, PLAID_SANDBOX_OWNER } from '../../../engines/identity/personas.data';
import { DayEvents } from '../../../engines/transactions-generator/day-events';
import {
  type GenAccount,
  type GenEvent,
  TransactionsGenerator,
} from '../../../engines/transactions-generator/generator';
import { CITIES, SPEND_KINDS } from '../../../engines/transactions-generator/persona.data';
import { dateOf, dayNumber, dayOfMonth, hash32, Rng } from '../../../engines/transactions-generator/rng';
import { toMinor } from '../../../lib/money';
import type { NormalizedAccount } from '../../connector';
import {
  type AccountRole,
  BANK_INCOME_EXTRAS,
  BANK_INCOME_USER,
  CREDIT_USERS,
  type CreditUserSpec,
  type IncomeStreamSpec,
  JOINT_CO_HOLDER,
  type Schedule,
} from './credit-users.data';

/** Where a sandbox login's money movements come from, a day range at a time (both ends included). */
export interface EventSource {
  eventsBetween(from: string, to: string): GenEvent[];
}

/** The Credit and Income persona a username signs in as, if it is one. */
export function creditUser(username: string): CreditUserSpec | null {
  return Object.hasOwn(CREDIT_USERS, username) ? CREDIT_USERS[username]! : null;
}

/** A Credit and Income persona's accounts, in the institution's currency. */
export function creditUserAccounts(spec: CreditUserSpec, currency: string): NormalizedAccount[] {
  return spec.accounts.map((a) => ({
    key: `${a.mask}-${a.subtype}`,
    name: a.name,
    officialName: a.officialName,
    mask: a.mask,
    type: 'depository',
    subtype: a.subtype,
    current: toMinor(a.current, currency),
    available: toMinor(a.available, currency),
    limit: null,
    currency,
  }));
}

/**
 * The owners of a persona's accounts, or null when the login keeps the familiar users' one owner.
 * A joint account has two owner objects, one per holder, each with their own contact details.
 */
export function creditUserOwners(username: string): OwnerData[] | null {
  return creditUser(username)?.owners === 'joint' ? [PLAID_SANDBOX_OWNER, JOINT_CO_HOLDER] : null;
}

/**
 * The money movements of a login's accounts: a Credit and Income persona's own life, `user_bank_income`'s
 * side income laid over `user_good`'s life, or (every other login) the transactions generator's.
 */
export function eventSourceFor(
  login: { username: string; seed: string },
  accounts: GenAccount[],
): EventSource {
  const spec = creditUser(login.username);
  if (spec) return new CreditUserLife(login.seed, spec, accounts);
  const generator = new TransactionsGenerator(login.seed, accounts);
  if (login.username === BANK_INCOME_USER) return new WithSideIncome(generator, login.seed, accounts);
  return generator;
}

/** The mean number of times a schedule pays in a month. */
function perMonth(s: Schedule): number {
  const month = 365.25 / 12;
  switch (s.kind) {
    case 'weekly':
      return month / 7;
    case 'biweekly':
      return month / 14;
    case 'semi_monthly':
      return 2;
    case 'monthly':
      return 1;
    case 'every':
      return month / s.days;
    case 'irregular':
      return (s.chance * month) / s.block;
  }
}

const mod = (n: number, m: number) => ((n % m) + m) % m;

/** Whether a stream pays on `day`. */
function paysOn(seed: string, stream: IncomeStreamSpec, day: number): boolean {
  const s = stream.schedule;
  switch (s.kind) {
    case 'weekly':
      return mod(day, 7) === s.weekday;
    case 'biweekly':
      return mod(day - s.anchor, 14) === 0;
    case 'semi_monthly':
      return dayOfMonth(day) === 15 || dayOfMonth(day + 1) === 1;
    case 'monthly':
      return dayOfMonth(day) === s.day;
    case 'every':
      return mod(day - s.anchor, s.days) === 0;
    case 'irregular': {
      const block = Math.floor(day / s.block);
      const rng = new Rng(`${seed}|${stream.tag}|block|${block}`);
      return rng.chance(s.chance) && day === block * s.block + rng.int(0, s.block - 1);
    }
  }
}

/** Mean of a `lumpy` amount, as a share of the stated mean: 60% at 0.4–0.8, 40% at 1.3–1.9. */
const LUMPY_MEAN = 0.6 * 0.6 + 0.4 * 1.6;

/** The amount a stream pays on `day` (minor units, positive), the same whenever it is asked. */
function amountOn(seed: string, stream: IncomeStreamSpec, day: number): number {
  const rng = new Rng(`${seed}|${stream.tag}|amount|${dateOf(day)}`);
  const u = rng.next();
  const factor =
    stream.spread === 'lumpy'
      ? u < 0.6
        ? 0.4 + 0.4 * rng.next()
        : 1.3 + 0.6 * rng.next()
      : 1 + stream.spread * (2 * u - 1);
  return Math.max(1, Math.round(stream.amount * factor));
}

/** What a stream brings in an average month (minor units). */
function expectedMonthly(stream: IncomeStreamSpec): number {
  return perMonth(stream.schedule) * stream.amount * (stream.spread === 'lumpy' ? LUMPY_MEAN : 1);
}

/** The Item's account that plays a role, by subtype. */
function accountFor(accounts: readonly GenAccount[], role: AccountRole): GenAccount | null {
  return accounts.find((a) => a.type === 'depository' && a.subtype === role) ?? null;
}

/** A stream's deposits on `day`, and the equal outflows of deposits it passes on. */
function streamEvents(
  seed: string,
  streams: readonly IncomeStreamSpec[],
  accounts: readonly GenAccount[],
  day: number,
  events: DayEvents,
): void {
  for (const s of streams) {
    const account = accountFor(accounts, s.account);
    if (paysOn(seed, s, day))
      events.add(`income:${s.tag}`, account, -amountOn(seed, s, day), s.description, {
        series: `income:${s.tag}`,
      });
    const paid = s.passedOn ? day - s.passedOn.afterDays : null;
    if (s.passedOn && paid !== null && paysOn(seed, s, paid))
      events.add(`income:${s.tag}:out`, account, amountOn(seed, s, paid), s.passedOn.description);
  }
}

function fill(template: string, city: string, region: string, n: string): string {
  return template.replace('{city}', city.toUpperCase()).replace('{st}', region).replace('{n}', n);
}

/**
 * Card purchases a day, on average (one, or two on 60% of days: steadier than a Poisson count, so
 * a window's spending stays close to the budget); each is a share of the day's everyday budget.
 */
const PURCHASES_PER_DAY = 1.6;

/**
 * A Credit and Income persona's life, day by day from its seed: its income deposits, its bills,
 * its everyday debit-card spending (so that a month's outgoings are `spendRatio` times its
 * expected income), and its monthly saving. A pure function of (seed, accounts, day), so any
 * range of days gives the same events.
 */
class CreditUserLife implements EventSource {
  private readonly budget: number;
  private readonly everyday: number;
  private readonly city: (typeof CITIES)[number];

  constructor(
    private readonly seed: string,
    private readonly spec: CreditUserSpec,
    private readonly accounts: readonly GenAccount[],
  ) {
    const income = spec.income.reduce((sum, s) => sum + expectedMonthly(s), 0);
    this.budget = spec.spendRatio * income;
    const billShare = spec.bills.reduce((sum, b) => sum + b.share, 0);
    this.everyday = (this.budget * (1 - billShare)) / (365.25 / 12);
    this.city = new Rng(`${seed}|city`).pick(CITIES);
  }

  eventsBetween(from: string, to: string): GenEvent[] {
    const out: GenEvent[] = [];
    for (let d = dayNumber(from), last = dayNumber(to); d <= last; d++) out.push(...this.eventsOn(d));
    return out;
  }

  private eventsOn(day: number): GenEvent[] {
    const date = dateOf(day);
    const rng = new Rng(hash32(`${this.seed}|life|${date}`));
    const events = new DayEvents(date, day, rng);
    const checking = accountFor(this.accounts, 'checking');
    streamEvents(this.seed, this.spec.income, this.accounts, day, events);

    const dom = dayOfMonth(day);
    for (const b of this.spec.bills)
      if (dom === b.day) {
        const amount = Math.round(this.budget * b.share * (1 + b.spread * (2 * rng.next() - 1)));
        events.add(`bill:${b.tag}`, checking, amount, b.description, { series: `bill:${b.tag}` });
      }

    const saving = this.spec.saving;
    const savings = accountFor(this.accounts, 'savings');
    if (saving && savings && dom === saving.day) {
      events.add('save:out', checking, saving.amount, `ONLINE TRANSFER TO SAV ...${savings.mask ?? '0000'}`);
      events.add(
        'save:in',
        savings,
        -saving.amount,
        `ONLINE TRANSFER FROM CHK ...${checking?.mask ?? '0000'}`,
      );
    }

    const n = rng.chance(PURCHASES_PER_DAY - 1) ? 2 : 1;
    for (let i = 0; i < n; i++) {
      const kind = rng.pick(SPEND_KINDS);
      const shop = rng.pick(kind.shops);
      const desc = fill(rng.pick(shop.desc), this.city.city, this.city.region, String(rng.int(100, 9999)));
      const amount = Math.round((this.everyday / PURCHASES_PER_DAY) * (0.4 + 1.2 * rng.next()));
      events.add(`spend:${i}`, checking, amount, `DEBIT CARD PURCHASE ${desc}`, {
        lag: rng.int(0, 2),
        mcc: kind.mcc,
      });
    }
    return events.out;
  }
}

/**
 * `user_bank_income`: `user_good`'s life from the transactions generator, untouched, with the side
 * income of `BANK_INCOME_EXTRAS` laid over it on checking.
 */
class WithSideIncome implements EventSource {
  constructor(
    private readonly base: TransactionsGenerator,
    private readonly seed: string,
    private readonly accounts: readonly GenAccount[],
  ) {}

  eventsBetween(from: string, to: string): GenEvent[] {
    const out = this.base.eventsBetween(from, to);
    for (let d = dayNumber(from), last = dayNumber(to); d <= last; d++) {
      const date = dateOf(d);
      const events = new DayEvents(date, d, new Rng(hash32(`${this.seed}|side|${date}`)));
      streamEvents(this.seed, BANK_INCOME_EXTRAS, this.accounts, d, events);
      out.push(...events.out);
    }
    return out;
  }
}
