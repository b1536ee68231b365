import type { PaymentCurrency } from './amount';
import { addDays, daysInMonth, formatDate, isoWeekday, nextWorkingDay, parseDate } from './calendar';
import { type Violation, violation } from './rules';

/** A standing order's schedule as /payment_initiation/payment/create takes it. */
export interface ScheduleInput {
  interval: string;
  interval_execution_day: number;
  start_date: string;
  end_date?: string | null;
}

/** A validated schedule, with the start date the bank is sent after weekend/holiday adjustment. */
export interface Schedule {
  interval: 'WEEKLY' | 'MONTHLY';
  interval_execution_day: number;
  start_date: string;
  end_date: string | null;
  /** null when the start date needed no adjustment (Plaid's convention). */
  adjusted_start_date: string | null;
}

/**
 * Validates a standing order: GBP only, to a UK (BACS) recipient; WEEKLY days 1–7, MONTHLY days
 * 1–28 or -1…-5 counted from the month's end; real dates, start not in the past, end not before start.
 */
export function checkSchedule(
  input: ScheduleInput,
  ctx: { today: string; currency: PaymentCurrency; recipientHasBacs: boolean },
): { value: Schedule } | { error: Violation } {
  const fail = (m: string) => ({ error: violation('PAYMENT_INVALID_SCHEDULE', m) });
  if (ctx.currency !== 'GBP') return fail('standing orders must be denominated in GBP');
  if (!ctx.recipientHasBacs)
    return fail('standing orders can only be made to UK recipients with BACS numbers');
  if (input.interval !== 'WEEKLY' && input.interval !== 'MONTHLY')
    return { error: violation('INVALID_FIELD', 'schedule.interval must be one of: WEEKLY, MONTHLY') };
  const day = input.interval_execution_day;
  if (!Number.isInteger(day)) return fail('schedule.interval_execution_day must be an integer');
  if (input.interval === 'WEEKLY' && (day < 1 || day > 7))
    return fail('schedule.interval_execution_day must be 1 (Monday) to 7 (Sunday) for WEEKLY');
  if (input.interval === 'MONTHLY' && !((day >= 1 && day <= 28) || (day >= -5 && day <= -1)))
    return fail('schedule.interval_execution_day must be 1 to 28, or -1 to -5, for MONTHLY');
  const start = parseDate(input.start_date);
  if (!start) return { error: violation('INVALID_FIELD', 'schedule.start_date must be a date (YYYY-MM-DD)') };
  if (input.start_date < ctx.today) return fail('schedule.start_date must not be in the past');
  let end: string | null = null;
  if (input.end_date !== undefined && input.end_date !== null) {
    if (!parseDate(input.end_date))
      return { error: violation('INVALID_FIELD', 'schedule.end_date must be a date (YYYY-MM-DD)') };
    if (input.end_date < input.start_date) return fail('schedule.end_date must not be before start_date');
    end = input.end_date;
  }
  const adjusted = formatDate(nextWorkingDay(start));
  return {
    value: {
      interval: input.interval,
      interval_execution_day: day,
      start_date: input.start_date,
      end_date: end,
      adjusted_start_date: adjusted === input.start_date ? null : adjusted,
    },
  };
}

/** The nominal day a MONTHLY order runs in a month (negative days count back from the end). */
function monthlyDay(year: number, month0: number, executionDay: number): Date {
  const last = daysInMonth(year, month0);
  const dom = executionDay > 0 ? executionDay : last + executionDay + 1;
  return new Date(Date.UTC(year, month0, dom));
}

/**
 * The first `limit` dates a standing order pays on: each nominal execution day on or after the
 * start date (and on or before the end date), moved to the next working day when it falls on a
 * weekend or bank holiday.
 */
export function executionDates(s: Schedule, limit: number): string[] {
  const start = parseDate(s.start_date)!;
  const end = s.end_date ? parseDate(s.end_date)! : null;
  const out: string[] = [];
  const push = (nominal: Date): boolean => {
    if (end && nominal > end) return false;
    out.push(formatDate(nextWorkingDay(nominal)));
    return out.length < limit;
  };
  if (s.interval === 'WEEKLY') {
    let d = addDays(start, (s.interval_execution_day - isoWeekday(start) + 7) % 7);
    while (push(d)) d = addDays(d, 7);
    return out;
  }
  let year = start.getUTCFullYear();
  let month0 = start.getUTCMonth();
  for (;;) {
    const nominal = monthlyDay(year, month0, s.interval_execution_day);
    if (nominal >= start && !push(nominal)) return out;
    month0 += 1;
    if (month0 === 12) {
      month0 = 0;
      year += 1;
    }
  }
}
