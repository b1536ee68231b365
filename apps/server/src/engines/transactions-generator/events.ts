import { DayEvents, NO_LOCATION, spendAccount } from './day-events';
import {
  CITIES,
  type City,
  EMPLOYERS,
  LANDLORDS,
  SPEND_KINDS,
  SUBSCRIPTIONS,
  TRIPS,
  UTILITIES,
} from './persona.data';
import { dateOf, dayOfMonth, hash32, Rng } from './rng';

/** An account the generator writes to. Money in minor units; `current` as the bank reports it. */
export interface GenAccount {
  id: string;
  type: string;
  subtype: string | null;
  current: number;
  mask: string | null;
}

/** Where a transaction happened (Plaid's location object). */
export interface GenLocation {
  address: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string | null;
  lat: number | null;
  lon: number | null;
  store_number: string | null;
}

/**
 * One money movement, from authorization to settlement. Amounts use Plaid's sign (positive when
 * money leaves the account), in minor units.
 */
export interface GenEvent {
  /** Unique and stable: the same login and day always give the same keys. */
  key: string;
  accountId: string;
  /** Authorization day (day number). */
  day: number;
  /** Days from authorization to posting; 0 posts at once and is never pending. */
  lag: number;
  /** Amount once posted. */
  amount: number;
  /** Amount while pending (before a tip, or a fuel pump's hold). */
  pendingAmount: number;
  /** A fuel pump's hold adjusts to the real amount the day after authorization. */
  adjustsTo: number | null;
  /** A pending authorization that is released instead of posting. */
  drops: boolean;
  description: string;
  location: GenLocation | null;
  mcc: string | null;
  /** Recurring series this belongs to (payroll, a subscription…), for checking stream detection. */
  series: string | null;
  /** Minutes after midnight UTC it was authorized. */
  minute: number;
}

/** The person behind a sandbox login, drawn from its seed. */
export interface Persona {
  city: City;
  employer: { name: string; desc: string };
  payFrequency: 'BIWEEKLY' | 'SEMI_MONTHLY' | 'MONTHLY';
  /** Net pay per period, minor units. */
  pay: number;
  /** Day number of one payday (biweekly cadence anchor). */
  payAnchor: number;
  /** A persona whose accounts include a mortgage owns its home and pays it; one without rents. */
  housing: 'rent' | 'mortgage';
  /** Of the monthly mortgage payment, what the servicer holds in escrow for taxes and insurance. */
  mortgageEscrow: number;
  rent: number;
  landlord: string;
  subscriptions: { key: string; desc: string; amount: number; day: number }[];
  savingsTransfer: number;
  investment: number;
  studentLoan: number;
  /** The whole monthly mortgage payment from checking: principal and interest, plus escrow. */
  mortgagePayment: number;
}

/**
 * Draws the persona of a login seed. Pay is set so that a year's pay (and the December bonus, and
 * the tax refund) covers a year of the persona's expected outgoings plus a monthly investment:
 * checking then wanders around its level instead of drifting, and its history stays plausible.
 */
export function personaFor(seed: string, accounts: readonly GenAccount[]): Persona {
  const rng = new Rng(`${seed}|persona`);
  const payFrequency = rng.pick(['BIWEEKLY', 'BIWEEKLY', 'SEMI_MONTHLY', 'MONTHLY'] as const);
  const periods = payFrequency === 'BIWEEKLY' ? 26 : payFrequency === 'SEMI_MONTHLY' ? 24 : 12;
  const subs = [...SUBSCRIPTIONS]
    .map((s) => ({ s, r: rng.next() }))
    .sort((a, b) => a.r - b.r)
    .slice(0, rng.int(3, 5))
    .map(({ s }) => ({ ...s, day: rng.int(1, 28) }));
  const hasMortgage = accounts.some((a) => a.type === 'loan' && a.subtype === 'mortgage');
  const hasStudentLoan = accounts.some((a) => a.type === 'loan' && a.subtype === 'student');
  const persona: Persona = {
    city: rng.pick(CITIES),
    employer: rng.pick(EMPLOYERS),
    payFrequency,
    pay: 0,
    payAnchor: 20_000 + rng.int(0, 13),
    housing: hasMortgage ? 'mortgage' : 'rent',
    mortgageEscrow: hasMortgage ? rng.int(30, 90) * 10_00 : 0,
    rent: rng.int(14, 34) * 100_00,
    landlord: rng.pick(LANDLORDS),
    subscriptions: subs,
    savingsTransfer: rng.int(2, 8) * 50_00,
    investment: rng.int(1, 6) * 100_00,
    studentLoan: rng.int(180, 420) * 100,
    mortgagePayment: rng.int(1800, 3600) * 100,
  };
  const yearly = 12 * (expectedMonthlyOutgoings(persona, hasStudentLoan) + persona.investment);
  // One period's bonus in December where the 15th is a payday, and the yearly tax refund.
  const bonuses = payFrequency === 'SEMI_MONTHLY' ? 1 : 0;
  const taxRefund = ODDS.taxRefund.chance * mean(ODDS.taxRefund.min, ODDS.taxRefund.max);
  persona.pay = Math.round((yearly - taxRefund) / (periods + bonuses));
  return persona;
}

const DAYS_PER_MONTH = 365.25 / 12;
const mean = (min: number, max: number) => (min + max) / 2;

/**
 * Occasional movements: the chance of one on a given day (or a year, for the tax refund) and the
 * range its amount is drawn from, in minor units. The daily draw and the persona's expected
 * outgoings both read them, so pay keeps covering what is spent.
 */
const ODDS = {
  atm: { chance: 2 / 30, min: 2 * 20_00, max: 10 * 20_00, step: 20_00 },
  atmFee: { chance: 0.3, amount: 300 },
  check: { chance: 0.5 / 30, min: 40_00, max: 900_00, step: 100 },
  cardInterest: { chance: 0.1, min: 300, max: 2500 },
  refund: { chance: 0.03, min: 899, max: 8999 },
  taxRefund: { chance: 0.8, min: 300_00, max: 2400_00, step: 100 },
  flight: { min: 180_00, max: 650_00, step: 100 },
  hotel: { min: 250_00, max: 1100_00, step: 100 },
  /** Days between trips (one flight and one hotel each). */
  tripEvery: 91,
} as const;

/** A whole number of `step`s between min and max, as the odds above describe. */
function draw(rng: Rng, r: { min: number; max: number; step: number }): number {
  return rng.int(r.min / r.step, r.max / r.step) * r.step;
}

/**
 * What the persona's everyday life costs in an average month (minor units), from the same tables
 * and odds the daily events are drawn with: card spending (paid off from checking), housing,
 * bills, subscriptions, loan payments, cash, checks, travel, less refunds.
 */
function expectedMonthlyOutgoings(p: Persona, hasStudentLoan: boolean): number {
  let spend = 0;
  for (const kind of SPEND_KINDS) {
    const perShop = kind.shops.reduce((sum, shop) => sum + mean(shop.min, shop.max), 0) / kind.shops.length;
    spend += ((kind.perWeek * DAYS_PER_MONTH) / 7) * perShop * (1 + (kind.tip ?? 0) / 2) * 0.98;
  }
  const bills = UTILITIES.reduce((sum, u) => sum + mean(u.min, u.max), 0);
  const subscriptions = p.subscriptions.reduce((sum, s) => sum + s.amount, 0);
  const housing = p.housing === 'mortgage' ? p.mortgagePayment : p.rent;
  const { atm, atmFee, check, cardInterest: ci, refund, flight, hotel, tripEvery } = ODDS;
  // Odds are per day with months of 30 days; the estimate counts the same way.
  const cash = atm.chance * 30 * (mean(atm.min, atm.max) + atmFee.chance * atmFee.amount);
  const checks = check.chance * 30 * mean(check.min, check.max);
  const travel = ((mean(flight.min, flight.max) + mean(hotel.min, hotel.max)) * DAYS_PER_MONTH) / tripEvery;
  const cardInterest = ci.chance * mean(ci.min, ci.max);
  const refunds = refund.chance * DAYS_PER_MONTH * mean(refund.min, refund.max);
  return (
    spend +
    bills +
    subscriptions +
    housing +
    (hasStudentLoan ? p.studentLoan : 0) +
    cash +
    checks +
    travel +
    cardInterest -
    refunds
  );
}

/** Roles the Item's accounts play in the persona's life. */
export interface Roles {
  checking: GenAccount | null;
  savings: GenAccount | null;
  interestBearing: GenAccount[];
  cards: GenAccount[];
  studentLoan: GenAccount | null;
  mortgage: GenAccount | null;
}

/** Finds which account is the everyday checking account, the savings account, the cards, the loans. */
export function rolesOf(accounts: readonly GenAccount[]): Roles {
  const dep = accounts.filter((a) => a.type === 'depository');
  const checking = dep.find((a) => a.subtype === 'checking') ?? dep[0] ?? null;
  const savings =
    dep.find((a) => a !== checking && (a.subtype === 'savings' || a.subtype === 'money market')) ?? null;
  return {
    checking,
    savings,
    interestBearing: dep.filter((a) => a !== checking),
    cards: accounts.filter((a) => a.type === 'credit'),
    studentLoan: accounts.find((a) => a.type === 'loan' && a.subtype === 'student') ?? null,
    mortgage: accounts.find((a) => a.type === 'loan' && a.subtype === 'mortgage') ?? null,
  };
}

function fill(template: string, city: City, n: string): string {
  return template.replace('{city}', city.city.toUpperCase()).replace('{st}', city.region).replace('{n}', n);
}

function locationOf(city: City, address: string | null, store: string | null): GenLocation {
  return {
    address,
    city: city.city,
    region: city.region,
    postal_code: city.postal,
    country: 'US',
    lat: city.lat,
    lon: city.lon,
    store_number: store,
  };
}

function last4(a: GenAccount | null): string {
  return a?.mask ?? '0000';
}

/**
 * What the persona moves into savings each month: its wish, capped at a quarter of the savings
 * balance (rounded down to $5) so three months of it, plus interest, never exceed that balance.
 */
function monthlySaving(p: Persona, savings: GenAccount): number {
  const cap = Math.floor(savings.current / 4 / 500) * 500;
  return cap >= 1000 ? Math.min(p.savingsTransfer, cap) : 0;
}

/** Months since year 0, from a YYYY-MM-DD date. */
function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1;
}

/** Paydays: biweekly from the anchor, the 15th and last day, or the last day of the month. */
function isPayday(p: Persona, day: number, date: string): boolean {
  if (p.payFrequency === 'BIWEEKLY') return (((day - p.payAnchor) % 14) + 14) % 14 === 0;
  const dom = Number(date.slice(8, 10));
  const lastDom = dayOfMonth(day + 1) === 1;
  return p.payFrequency === 'SEMI_MONTHLY' ? dom === 15 || lastDom : lastDom;
}

/**
 * Everyday events of one day, except credit-card payments (which depend on a whole month of
 * charges). A pure function of (seed, persona, accounts, day).
 */
export function baseEventsOf(seed: string, p: Persona, r: Roles, day: number): GenEvent[] {
  const date = dateOf(day);
  const dom = Number(date.slice(8, 10));
  const rng = new Rng(hash32(`${seed}|${date}`));
  const events = new DayEvents(date, day, rng);
  const out = events.out;

  for (const kind of SPEND_KINDS) {
    const n = rng.poisson(kind.perWeek / 7);
    for (let i = 0; i < n; i++) {
      const shop = rng.pick(kind.shops);
      const account = spendAccount(r, rng);
      const store = String(rng.int(100, 9999));
      let desc = fill(rng.pick(shop.desc), p.city, store);
      if (account === r.checking)
        desc = `${rng.pick(['POS DEBIT ', 'DEBIT CARD PURCHASE ', 'CHECKCARD '])}${desc}`;
      const base = rng.int(shop.min, shop.max);
      const lag = rng.int(1, 3);
      const amount = kind.tip ? Math.round(base * (1 + kind.tip * rng.next())) : base;
      events.add(`${kind.kind}:${i}`, account, amount, desc, {
        lag,
        pendingAmount: kind.holdFirst ? 100 : base,
        adjustsTo: kind.holdFirst ? base : null,
        drops: rng.chance(0.02),
        location: shop.online ? NO_LOCATION : locationOf(p.city, shop.address ?? null, store),
        mcc: kind.mcc,
      });
    }
  }

  if (isPayday(p, day, date)) {
    const bonus = dom === 15 && date.slice(5, 7) === '12' ? p.pay : 0;
    events.add('payroll', r.checking, -(p.pay + bonus + rng.int(-2000, 2000)), p.employer.desc, {
      series: 'payroll',
    });
  }
  if (dom === 1) {
    // The servicer keeps the escrow share for taxes and insurance; the loan is credited the rest.
    if (r.mortgage) {
      events.add('mortgage:out', r.checking, p.mortgagePayment, `MORTGAGE PAYMENT ...${last4(r.mortgage)}`, {
        series: 'mortgage',
      });
      events.add(
        'mortgage:in',
        r.mortgage,
        -(p.mortgagePayment - p.mortgageEscrow),
        'PAYMENT RECEIVED THANK YOU',
        { series: 'mortgage-in' },
      );
    } else events.add('rent', r.checking, p.rent, p.landlord, { series: 'rent' });
  }
  for (const u of UTILITIES)
    if (dom === u.day)
      events.add(`util:${u.key}`, r.checking, rng.int(u.min, u.max), u.desc, { series: `util:${u.key}` });
  for (const s of p.subscriptions)
    if (dom === s.day) {
      const card = s.key === 'github' && r.cards[1] ? r.cards[1] : (r.cards[0] ?? r.checking);
      events.add(`sub:${s.key}`, card, s.amount, s.desc, { lag: 1, series: `sub:${s.key}` });
    }
  const saved = r.savings ? monthlySaving(p, r.savings) : 0;
  if (dom === 2 && saved > 0) {
    events.add('save:out', r.checking, saved, `ONLINE TRANSFER TO SAV ...${last4(r.savings)}`);
    events.add('save:in', r.savings, -saved, `ONLINE TRANSFER FROM CHK ...${last4(r.checking)}`);
  }
  // Every third month the persona moves the quarter's savings back to checking, so the savings
  // balance swings between its current level and a little less, and is never negative in history.
  if (dom === 20 && saved > 0 && monthIndex(date) % 3 === 2) {
    events.add('unsave:out', r.savings, 3 * saved, `ONLINE TRANSFER TO CHK ...${last4(r.checking)}`);
    events.add('unsave:in', r.checking, -3 * saved, `ONLINE TRANSFER FROM SAV ...${last4(r.savings)}`);
  }
  if (dom === 16) events.add('invest', r.checking, p.investment, 'VANGUARD BUY INVESTMENT PPD ID: 1234');
  if (dom === 5 && r.studentLoan) {
    events.add('student:out', r.checking, p.studentLoan, `STUDENT LOAN PAYMENT ...${last4(r.studentLoan)}`, {
      series: 'student-loan',
    });
    events.add('student:in', r.studentLoan, -p.studentLoan, 'PAYMENT RECEIVED THANK YOU');
  }
  if (rng.chance(ODDS.atm.chance)) {
    const store = String(rng.int(1000, 9999));
    events.add(
      'atm',
      r.checking,
      draw(rng, ODDS.atm),
      `ATM WITHDRAWAL 00${store} ${p.city.city.toUpperCase()} ${p.city.region}`,
      {
        location: locationOf(p.city, null, store),
      },
    );
    if (rng.chance(ODDS.atmFee.chance))
      events.add('atm-fee', r.checking, ODDS.atmFee.amount, 'NON-NETWORK ATM FEE');
  }
  if (dom === 28) {
    // Some months charge a maintenance fee; the bank reverses about half of them the same day.
    const month = new Rng(hash32(`${seed}|fee|${date.slice(0, 7)}`));
    if (month.chance(0.15)) {
      events.add('fee', r.checking, 12_00, 'MONTHLY SERVICE FEE');
      if (month.chance(0.5)) events.add('fee-rev', r.checking, -12_00, 'MONTHLY SERVICE FEE REVERSAL');
    }
  }
  if (dayOfMonth(day + 1) === 1) {
    // A month of interest at 0.5–4.5% a year on today's balance.
    for (const a of r.interestBearing)
      events.add(
        `interest:${a.id}`,
        a,
        -Math.max(1, Math.round((a.current * rng.int(50, 450)) / 10_000 / 12)),
        'INTEREST PAYMENT',
      );
    if (r.cards[0] && rng.chance(ODDS.cardInterest.chance))
      events.add(
        'card-interest',
        r.cards[0],
        rng.int(ODDS.cardInterest.min, ODDS.cardInterest.max),
        'PURCHASE INTEREST CHARGE',
      );
    if (r.studentLoan)
      events.add('student-interest', r.studentLoan, rng.int(9000, 16000), 'INTEREST CHARGED');
    if (r.mortgage) events.add('mortgage-interest', r.mortgage, rng.int(15000, 24000), 'INTEREST CHARGED');
  }
  if (r.cards[0] && rng.chance(ODDS.refund.chance))
    events.add('refund', r.cards[0], -rng.int(ODDS.refund.min, ODDS.refund.max), 'AMAZON.COM*RETURN REFUND', {
      lag: 1,
    });
  if (rng.chance(1.2 / 30))
    events.add('p2p', r.checking, rng.chance(0.5) ? rng.int(10, 120) * 100 : -rng.int(10, 120) * 100, '');
  const p2p = out.find((e) => e.key.endsWith(':p2p'));
  if (p2p)
    p2p.description = p2p.amount > 0 ? `VENMO PAYMENT ${rng.int(1000000, 9999999)}` : 'ZELLE FROM JAMIE L';
  if (rng.chance(ODDS.check.chance)) {
    // Paper checks, numbered in the order they are written.
    const number = 1001 + Math.floor((day - 19_000) / 11);
    events.add('check', r.checking, draw(rng, ODDS.check), `CHECK ${number}`, { lag: 1 });
  }
  if (date.slice(5) === '04-17' && rng.chance(ODDS.taxRefund.chance))
    events.add('tax-refund', r.checking, -draw(rng, ODDS.taxRefund), 'IRS TREAS 310 TAX REF');

  const tripIndex = Math.floor(day / ODDS.tripEvery);
  const tripRng = new Rng(hash32(`${seed}|trip|${tripIndex}`));
  const tripDay = tripIndex * ODDS.tripEvery + tripRng.int(0, 60);
  const trip = tripRng.pick(TRIPS);
  const tripCard = r.cards[0] ?? r.checking;
  if (day === tripDay)
    events.add('flight', tripCard, draw(tripRng, ODDS.flight), trip.flight, { lag: 2, mcc: '3000' });
  if (day === tripDay + 21)
    events.add('hotel', tripCard, draw(tripRng, ODDS.hotel), trip.hotel, {
      lag: 3,
      location: locationOf(trip.city, null, null),
      mcc: '7011',
    });
  return out;
}
