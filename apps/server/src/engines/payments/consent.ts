import { toDecimal } from '../../lib/money';
import { type Money, type PaymentCurrency, toMoney } from './amount';
import { daysInMonth } from './calendar';
import { type Violation, violation } from './rules';

export type PeriodInterval = 'DAY' | 'WEEK' | 'MONTH' | 'YEAR';
export type PeriodAlignment = 'CALENDAR' | 'CONSENT';

/** A consent's limits in minor units, as Weft stores them. */
export interface ConsentLimits {
  currency: PaymentCurrency;
  maxPaymentMinor: number;
  periodic: { interval: PeriodInterval; alignment: PeriodAlignment; minor: number }[];
  validFrom: string | null;
  validTo: string | null;
}

/** /payment_initiation/consent/create constraints as the request carries them. */
export interface ConstraintsInput {
  max_payment_amount: { currency: string; value: number };
  periodic_amounts: { amount: { currency: string; value: number }; interval: string; alignment: string }[];
  valid_date_time?: { from?: string | null; to?: string | null } | null;
}

const INTERVALS: readonly string[] = ['DAY', 'WEEK', 'MONTH', 'YEAR'];
const ALIGNMENTS: readonly string[] = ['CALENDAR', 'CONSENT'];

/**
 * Validates consent constraints: GBP amounts (variable recurring payments are UK-only), one
 * currency throughout, each interval/alignment at most once, and a validity window that ends after
 * it starts and after `now`.
 */
export function checkConstraints(
  c: ConstraintsInput,
  now: string,
): { value: ConsentLimits } | { error: Violation } {
  const bad = (m: string) => ({ error: violation('PAYMENT_CONSENT_INVALID_CONSTRAINTS', m) });
  const max = toMoney(c.max_payment_amount, 'constraints.max_payment_amount');
  if ('error' in max) return max;
  if (max.value.currency !== 'GBP') return bad('payment consents must be denominated in GBP');
  if (c.periodic_amounts.length === 0) return bad('constraints.periodic_amounts must not be empty');
  const periodic: ConsentLimits['periodic'] = [];
  const seen = new Set<string>();
  for (const [i, p] of c.periodic_amounts.entries()) {
    const m = toMoney(p.amount, `constraints.periodic_amounts[${i}].amount`);
    if ('error' in m) return m;
    if (m.value.currency !== max.value.currency)
      return bad('every constraint amount must be in the same currency as max_payment_amount');
    if (!INTERVALS.includes(p.interval) || !ALIGNMENTS.includes(p.alignment))
      return {
        error: violation(
          'INVALID_FIELD',
          `constraints.periodic_amounts[${i}] has an invalid interval or alignment`,
        ),
      };
    const key = `${p.interval}/${p.alignment}`;
    if (seen.has(key)) return bad(`constraints.periodic_amounts has more than one ${p.interval} limit`);
    seen.add(key);
    periodic.push({
      interval: p.interval as PeriodInterval,
      alignment: p.alignment as PeriodAlignment,
      minor: m.value.minor,
    });
  }
  const from = normalizeInstant(c.valid_date_time?.from);
  const to = normalizeInstant(c.valid_date_time?.to);
  if (from === undefined || to === undefined)
    return { error: violation('INVALID_FIELD', 'constraints.valid_date_time must hold RFC 3339 date-times') };
  if (from && to && to <= from) return bad('constraints.valid_date_time.to must be after from');
  if (to && to <= now) return bad('constraints.valid_date_time.to must be in the future');
  return {
    value: {
      currency: max.value.currency,
      maxPaymentMinor: max.value.minor,
      periodic,
      validFrom: from,
      validTo: to,
    },
  };
}

/** An ISO instant in canonical form; null when absent, undefined when unparseable. */
function normalizeInstant(s: string | null | undefined): string | null | undefined {
  if (s === null || s === undefined) return null;
  const d = new Date(s);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/**
 * The period containing `now` ([start, end) as ISO instants). CALENDAR periods are UTC days, ISO
 * weeks (from Monday), calendar months and years; CONSENT periods run from the consent's creation
 * day in steps of the interval.
 */
export function periodWindow(
  interval: PeriodInterval,
  alignment: PeriodAlignment,
  anchor: string,
  now: string,
): { start: string; end: string } {
  const n = new Date(now);
  const day = Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), n.getUTCDate());
  const DAY = 86_400_000;
  if (alignment === 'CALENDAR') {
    if (interval === 'DAY') return span(day, day + DAY);
    if (interval === 'WEEK') {
      const monday = day - ((n.getUTCDay() + 6) % 7) * DAY;
      return span(monday, monday + 7 * DAY);
    }
    if (interval === 'MONTH')
      return span(
        Date.UTC(n.getUTCFullYear(), n.getUTCMonth(), 1),
        Date.UTC(n.getUTCFullYear(), n.getUTCMonth() + 1, 1),
      );
    return span(Date.UTC(n.getUTCFullYear(), 0, 1), Date.UTC(n.getUTCFullYear() + 1, 0, 1));
  }
  const a = new Date(anchor);
  const a0 = Date.UTC(a.getUTCFullYear(), a.getUTCMonth(), a.getUTCDate());
  if (interval === 'DAY' || interval === 'WEEK') {
    const len = (interval === 'DAY' ? 1 : 7) * DAY;
    const k = Math.floor((day - a0) / len);
    return span(a0 + k * len, a0 + (k + 1) * len);
  }
  const step = interval === 'MONTH' ? 1 : 12;
  let k = Math.floor(
    ((n.getUTCFullYear() - a.getUTCFullYear()) * 12 + (n.getUTCMonth() - a.getUTCMonth())) / step,
  );
  // Anchored months end on the anchor's day (clamped to short months), so step back if `now` is
  // before this month's anniversary.
  if (addMonths(a, k * step) > n.getTime()) k -= 1;
  return span(addMonths(a, k * step), addMonths(a, (k + 1) * step));
}

function addMonths(a: Date, months: number): number {
  const total = a.getUTCMonth() + months;
  const year = a.getUTCFullYear() + Math.floor(total / 12);
  const month0 = ((total % 12) + 12) % 12;
  return Date.UTC(year, month0, Math.min(a.getUTCDate(), daysInMonth(year, month0)));
}

function span(start: number, end: number): { start: string; end: string } {
  return { start: new Date(start).toISOString(), end: new Date(end).toISOString() };
}

/** A payment already made under a consent, as counted against its periodic limits. */
export interface PriorPayment {
  minor: number;
  created_at: string;
}

/**
 * Checks one consent payment against the consent: currency, window, per-payment maximum and every
 * periodic limit (the sum of payments already counted in the current period plus this one).
 */
export function checkConsentPayment(
  limits: ConsentLimits,
  anchor: string,
  payment: Money,
  now: string,
  prior: readonly PriorPayment[],
): Violation | null {
  if (payment.currency !== limits.currency)
    return violation('INVALID_FIELD', `amount.currency must be ${limits.currency}, the consent's currency`);
  if (limits.validFrom && now < limits.validFrom)
    return violation('INVALID_FIELD', 'the consent is not valid yet (constraints.valid_date_time.from)');
  if (limits.validTo && now >= limits.validTo)
    return violation('INVALID_FIELD', 'the consent has expired (constraints.valid_date_time.to)');
  if (payment.minor > limits.maxPaymentMinor)
    return violation('INVALID_FIELD', "amount exceeds the consent's max_payment_amount");
  for (const p of limits.periodic) {
    const w = periodWindow(p.interval, p.alignment, anchor, now);
    const used = prior
      .filter((x) => x.created_at >= w.start && x.created_at < w.end)
      .reduce((sum, x) => sum + x.minor, 0);
    if (used + payment.minor > p.minor)
      return violation(
        'INVALID_FIELD',
        `amount exceeds the consent's ${p.interval} periodic limit (${toDecimal(p.minor - used, payment.currency)} remaining)`,
      );
  }
  return null;
}
