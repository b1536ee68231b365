import { describe, expect, it } from 'vitest';
import { checkRouting, checkScheme, toMoney } from './amount';
import { checkBacs } from './bacs';
import { isWorkingDay, nextWorkingDay, parseDate } from './calendar';
import { type ConsentLimits, checkConsentPayment, checkConstraints, periodWindow } from './consent';
import { convert } from './fx';
import { checkIban, ibanChecksumOk, normalizeIban } from './iban';
import { checkReference, checkRefundReference } from './reference';
import { checkSchedule, executionDates, type Schedule } from './schedule';
import { canTransition, hasLeftPayer } from './status';

describe('IBAN', () => {
  it.each([
    'GB29 NWBK 6016 1331 9268 19',
    'DE89370400440532013000',
    'FR1420041010050500013M02606',
    'NL91ABNA0417164300',
    'ES9121000418450200051332',
    'IE29AIBK93115212345678',
    'NO9386011117947',
    'PL61109010140000071219812874',
    'SE4550000000058398257466',
    'DK5000400440116243',
    'BE68539007547034',
    'IT60X0542811101000000123456',
    'AT611904300234573201',
    'gb82westl2345698765432'.replace('l', '1'),
  ])('accepts %s', (raw) => {
    expect(checkIban(normalizeIban(raw))).toBeNull();
  });

  it.each([
    ['GB29NWBK60161331926818', /checksum/],
    ['GB29NWBK6016133192681', /22 characters/],
    ['DE8937040044053201300', /22 characters/],
    ['NL91ABNA04171643001', /18 characters/],
    ['US12345678901234567890', /not supported/],
    ['1234NWBK60161331926819', /valid IBAN/],
    ['GB29NWBK6016133192681!', /valid IBAN/],
    ['', /valid IBAN/],
  ])('refuses %s', (iban, msg) => {
    const v = checkIban(iban);
    expect(v?.code).toBe('INVALID_FIELD');
    expect(v?.message).toMatch(msg);
  });

  it('mod-97 matches a hand-checked pair', () => {
    expect(ibanChecksumOk('GB82WEST12345698765432')).toBe(true);
    expect(ibanChecksumOk('GB82WEST12345698765433')).toBe(false);
  });
});

describe('BACS', () => {
  it.each([
    [
      { sort_code: '601613', account: '31926819' },
      { sort_code: '601613', account: '31926819' },
    ],
    [
      { sort_code: '60-16-13', account: '31926819' },
      { sort_code: '601613', account: '31926819' },
    ],
    [
      { sort_code: '040004', account: '123456' },
      { sort_code: '040004', account: '00123456' },
    ],
    [
      { sort_code: '040004', account: '1234567' },
      { sort_code: '040004', account: '01234567' },
    ],
  ])('normalizes %j', (input, expected) => {
    expect(checkBacs(input)).toEqual({ value: expected });
  });

  it.each([
    [{ sort_code: '60161', account: '31926819' }, /sort_code/],
    [{ sort_code: '6016133', account: '31926819' }, /sort_code/],
    [{ sort_code: 'ab1613', account: '31926819' }, /sort_code/],
    [{ account: '31926819' }, /sort_code/],
    [{ sort_code: '601613', account: '12345' }, /account/],
    [{ sort_code: '601613', account: '123456789' }, /account/],
    [{ sort_code: '601613', account: '00000000' }, /zeros/],
    [{ sort_code: '601613' }, /account/],
  ])('refuses %j', (input, msg) => {
    const r = checkBacs(input);
    expect('error' in r && r.error.message).toMatch(msg);
  });
});

describe('references', () => {
  it.each([
    ['a', null],
    ['Account Funding 99', null],
    ['INV-2026-0001', null],
    ['x'.repeat(18), null],
    ['x'.repeat(19), 'INVALID_FIELD'],
    ['', 'INVALID_FIELD'],
    ['pay £5', 'PAYMENT_INVALID_REFERENCE'],
    ['ref/1', 'PAYMENT_INVALID_REFERENCE'],
    ['   ', 'PAYMENT_INVALID_REFERENCE'],
    ['---', 'PAYMENT_INVALID_REFERENCE'],
  ])('%j → %s', (ref, code) => {
    expect(checkReference(ref)?.code ?? null).toBe(code);
  });

  it.each([
    ['Refund01', true],
    ['abcdef', true],
    ['abcde', false],
    ['Refund 01', false],
    ['r'.repeat(19), false],
  ])('refund reference %j ok=%s', (ref, ok) => {
    expect(checkRefundReference(ref) === null).toBe(ok);
  });
});

describe('amounts and routing', () => {
  it.each([
    [{ currency: 'GBP', value: 100 }, 10000],
    [{ currency: 'EUR', value: 1 }, 100],
    [{ currency: 'GBP', value: 12.34 }, 1234],
    [{ currency: 'PLN', value: 0.1 + 0.2 + 1 }, 130],
    [{ currency: 'NOK', value: 999999.99 }, 99999999],
  ])('%j → %d minor units', (amount, minor) => {
    expect(toMoney(amount)).toEqual({ value: { currency: amount.currency, minor } });
  });

  it.each([
    [{ currency: 'USD', value: 10 }, /currency/],
    [{ currency: 'GBP', value: 0 }, /greater than zero/],
    [{ currency: 'GBP', value: -5 }, /greater than zero/],
    [{ currency: 'GBP', value: 0.5 }, /at least 1/],
    [{ currency: 'GBP', value: 1.234 }, /at most 2 decimal places/],
    [{ currency: 'GBP', value: Number.NaN }, /greater than zero/],
  ])('refuses %j', (amount, msg) => {
    const r = toMoney(amount);
    expect('error' in r && r.error.message).toMatch(msg);
  });

  const UK_BACS = { account: '31926819', sort_code: '601613' };
  it.each([
    ['GBP', { iban: null, bacs: UK_BACS }, null],
    ['GBP', { iban: 'GB29NWBK60161331926819', bacs: null }, null],
    ['GBP', { iban: 'GB29NWBK60161331926818', bacs: null }, 'PAYMENT_INVALID_RECIPIENT'],
    ['GBP', { iban: null, bacs: null }, 'PAYMENT_INVALID_RECIPIENT'],
    ['GBP', { iban: 'DE89370400440532013000', bacs: null }, null],
    ['EUR', { iban: 'DE89370400440532013000', bacs: null }, null],
    ['EUR', { iban: null, bacs: UK_BACS }, 'PAYMENT_INVALID_RECIPIENT'],
    ['PLN', { iban: 'PL61109010140000071219812874', bacs: null }, null],
    ['PLN', { iban: 'DE89370400440532013000', bacs: null }, 'PAYMENT_INVALID_RECIPIENT'],
  ] as const)('%s to %j → %s', (currency, r, code) => {
    expect(checkRouting(currency, r)?.code ?? null).toBe(code);
  });

  it.each([
    [undefined, 'GBP', null],
    ['LOCAL_INSTANT', 'GBP', null],
    ['SEPA_CREDIT_TRANSFER', 'EUR', null],
    ['SEPA_CREDIT_TRANSFER_INSTANT', 'GBP', 'PAYMENT_SCHEME_NOT_SUPPORTED'],
    ['CARRIER_PIGEON', 'GBP', 'INVALID_FIELD'],
  ] as const)('scheme %s for %s → %s', (scheme, currency, code) => {
    expect(checkScheme(scheme, currency)?.code ?? null).toBe(code);
  });
});

describe('calendar', () => {
  it.each([
    ['2026-11-27', true],
    ['2026-11-28', false],
    ['2026-12-25', false],
    ['2026-12-28', false],
    ['2026-12-29', true],
  ])('%s working=%s', (d, working) => {
    expect(isWorkingDay(parseDate(d)!)).toBe(working);
  });

  it('rolls a Christmas weekend to the next working day', () => {
    expect(nextWorkingDay(parseDate('2026-12-25')!).toISOString().slice(0, 10)).toBe('2026-12-29');
  });

  it.each(['2026-02-30', '2026-13-01', '26-01-01', 'tomorrow'])('%s is not a date', (d) => {
    expect(parseDate(d)).toBeNull();
  });
});

describe('standing-order schedules', () => {
  const ctx = { today: '2026-11-28', currency: 'GBP' as const, recipientHasBacs: true };

  it.each([
    [{ interval: 'WEEKLY', interval_execution_day: 1, start_date: '2026-11-30' }, null],
    [{ interval: 'MONTHLY', interval_execution_day: 1, start_date: '2026-11-28' }, '2026-11-30'],
    [{ interval: 'MONTHLY', interval_execution_day: -1, start_date: '2026-12-25' }, '2026-12-29'],
  ])('%j adjusts start to %s', (input, adjusted) => {
    const r = checkSchedule(input, ctx);
    expect('value' in r && r.value.adjusted_start_date).toBe(adjusted);
  });

  it.each([
    [
      { interval: 'WEEKLY', interval_execution_day: 8, start_date: '2026-12-01' },
      ctx,
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [
      { interval: 'WEEKLY', interval_execution_day: 0, start_date: '2026-12-01' },
      ctx,
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [
      { interval: 'MONTHLY', interval_execution_day: 29, start_date: '2026-12-01' },
      ctx,
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [
      { interval: 'MONTHLY', interval_execution_day: -6, start_date: '2026-12-01' },
      ctx,
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [{ interval: 'DAILY', interval_execution_day: 1, start_date: '2026-12-01' }, ctx, 'INVALID_FIELD'],
    [
      { interval: 'MONTHLY', interval_execution_day: 1, start_date: '2026-11-27' },
      ctx,
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [{ interval: 'MONTHLY', interval_execution_day: 1, start_date: '2026-02-30' }, ctx, 'INVALID_FIELD'],
    [
      { interval: 'MONTHLY', interval_execution_day: 1, start_date: '2026-12-01', end_date: '2026-11-30' },
      ctx,
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [
      { interval: 'MONTHLY', interval_execution_day: 1, start_date: '2026-12-01' },
      { ...ctx, currency: 'EUR' as const },
      'PAYMENT_INVALID_SCHEDULE',
    ],
    [
      { interval: 'MONTHLY', interval_execution_day: 1, start_date: '2026-12-01' },
      { ...ctx, recipientHasBacs: false },
      'PAYMENT_INVALID_SCHEDULE',
    ],
  ])('refuses %j', (input, c, code) => {
    const r = checkSchedule(input, c);
    expect('error' in r && r.error.code).toBe(code);
  });

  const s = (x: Partial<Schedule>): Schedule => ({
    interval: 'MONTHLY',
    interval_execution_day: 1,
    start_date: '2026-11-28',
    end_date: null,
    adjusted_start_date: null,
    ...x,
  });
  it.each([
    [s({}), 3, ['2026-12-01', '2027-01-04', '2027-02-01']],
    [s({ interval_execution_day: -1 }), 3, ['2026-11-30', '2026-12-31', '2027-02-01']],
    [s({ interval_execution_day: -3, start_date: '2027-02-01' }), 2, ['2027-02-26', '2027-03-30']],
    [s({ interval: 'WEEKLY', interval_execution_day: 5 }), 3, ['2026-12-04', '2026-12-11', '2026-12-18']],
    [
      s({ interval: 'WEEKLY', interval_execution_day: 5, start_date: '2026-12-24' }),
      2,
      ['2026-12-29', '2027-01-04'],
    ],
    [s({ end_date: '2027-01-15' }), 10, ['2026-12-01', '2027-01-04']],
  ])('executes %j on %j', (sched, n, dates) => {
    expect(executionDates(sched, n)).toEqual(dates);
  });
});

describe('consents', () => {
  const now = '2026-11-28T12:00:00.000Z';
  const base = {
    max_payment_amount: { currency: 'GBP', value: 100 },
    periodic_amounts: [{ amount: { currency: 'GBP', value: 300 }, interval: 'WEEK', alignment: 'CALENDAR' }],
  };

  it.each([
    [{ ...base, max_payment_amount: { currency: 'EUR', value: 100 } }, 'PAYMENT_CONSENT_INVALID_CONSTRAINTS'],
    [{ ...base, periodic_amounts: [] }, 'PAYMENT_CONSENT_INVALID_CONSTRAINTS'],
    [
      {
        ...base,
        periodic_amounts: [
          { amount: { currency: 'EUR', value: 300 }, interval: 'WEEK', alignment: 'CALENDAR' },
        ],
      },
      'PAYMENT_CONSENT_INVALID_CONSTRAINTS',
    ],
    [
      { ...base, periodic_amounts: [...base.periodic_amounts, ...base.periodic_amounts] },
      'PAYMENT_CONSENT_INVALID_CONSTRAINTS',
    ],
    [
      { ...base, valid_date_time: { from: '2026-12-01T00:00:00Z', to: '2026-11-30T00:00:00Z' } },
      'PAYMENT_CONSENT_INVALID_CONSTRAINTS',
    ],
    [{ ...base, valid_date_time: { to: '2026-11-01T00:00:00Z' } }, 'PAYMENT_CONSENT_INVALID_CONSTRAINTS'],
    [{ ...base, valid_date_time: { to: 'soon' } }, 'INVALID_FIELD'],
    [{ ...base, max_payment_amount: { currency: 'GBP', value: 0 } }, 'INVALID_FIELD'],
  ])('refuses constraints %j', (c, code) => {
    const r = checkConstraints(c, now);
    expect('error' in r && r.error.code).toBe(code);
  });

  it.each([
    ['DAY', 'CALENDAR', '2026-11-28T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
    ['WEEK', 'CALENDAR', '2026-11-23T00:00:00.000Z', '2026-11-30T00:00:00.000Z'],
    ['MONTH', 'CALENDAR', '2026-11-01T00:00:00.000Z', '2026-12-01T00:00:00.000Z'],
    ['YEAR', 'CALENDAR', '2026-01-01T00:00:00.000Z', '2027-01-01T00:00:00.000Z'],
    ['WEEK', 'CONSENT', '2026-11-22T00:00:00.000Z', '2026-11-29T00:00:00.000Z'],
    ['MONTH', 'CONSENT', '2026-11-19T00:00:00.000Z', '2026-12-19T00:00:00.000Z'],
    ['YEAR', 'CONSENT', '2026-01-19T00:00:00.000Z', '2027-01-19T00:00:00.000Z'],
  ] as const)('%s/%s period around now', (interval, alignment, start, end) => {
    expect(periodWindow(interval, alignment, '2025-01-19T09:00:00.000Z', now)).toEqual({ start, end });
  });

  it('clamps anchored months to short months', () => {
    expect(periodWindow('MONTH', 'CONSENT', '2026-01-31T10:00:00Z', '2026-02-28T12:00:00Z')).toEqual({
      start: '2026-02-28T00:00:00.000Z',
      end: '2026-03-31T00:00:00.000Z',
    });
  });

  const limits: ConsentLimits = {
    currency: 'GBP',
    maxPaymentMinor: 10000,
    periodic: [{ interval: 'WEEK', alignment: 'CALENDAR', minor: 30000 }],
    validFrom: '2026-11-01T00:00:00.000Z',
    validTo: '2026-12-31T00:00:00.000Z',
  };
  const gbp = (minor: number) => ({ currency: 'GBP' as const, minor });
  const anchor = '2026-11-01T00:00:00.000Z';
  it.each([
    ['within limits', gbp(10000), now, [], null],
    ['over max per payment', gbp(10001), now, [], /max_payment_amount/],
    ['wrong currency', { currency: 'EUR' as const, minor: 100 }, now, [], /currency/],
    ['before window', gbp(100), '2026-10-31T23:59:59.000Z', [], /not valid yet/],
    ['after window', gbp(100), '2026-12-31T00:00:00.000Z', [], /expired/],
    [
      'periodic limit reached',
      gbp(10000),
      now,
      [
        { minor: 10000, created_at: '2026-11-23T01:00:00.000Z' },
        { minor: 10001, created_at: '2026-11-27T01:00:00.000Z' },
      ],
      /WEEK periodic limit/,
    ],
    [
      'earlier weeks do not count',
      gbp(10000),
      now,
      [{ minor: 30000, created_at: '2026-11-22T23:59:59.000Z' }],
      null,
    ],
  ])('%s', (_name, money, at, prior, msg) => {
    const v = checkConsentPayment(limits, anchor, money, at, prior);
    if (msg === null) expect(v).toBeNull();
    else expect(v?.message).toMatch(msg);
  });
});

describe('payment status machine', () => {
  it.each([
    ['PAYMENT_STATUS_INPUT_NEEDED', 'PAYMENT_STATUS_AUTHORISING', true],
    ['PAYMENT_STATUS_AUTHORISING', 'PAYMENT_STATUS_INITIATED', true],
    ['PAYMENT_STATUS_INITIATED', 'PAYMENT_STATUS_EXECUTED', true],
    ['PAYMENT_STATUS_EXECUTED', 'PAYMENT_STATUS_SETTLED', true],
    ['PAYMENT_STATUS_INITIATED', 'PAYMENT_STATUS_REJECTED', true],
    ['PAYMENT_STATUS_SETTLED', 'PAYMENT_STATUS_FAILED', false],
    ['PAYMENT_STATUS_EXECUTED', 'PAYMENT_STATUS_INITIATED', false],
    ['PAYMENT_STATUS_CANCELLED', 'PAYMENT_STATUS_INITIATED', false],
    ['PAYMENT_STATUS_INITIATED', 'PAYMENT_STATUS_CANCELLED', false],
  ] as const)('%s → %s allowed=%s', (from, to, ok) => {
    expect(canTransition(from, to)).toBe(ok);
  });

  it('money leaves the payer at EXECUTED or SETTLED only', () => {
    expect(hasLeftPayer('PAYMENT_STATUS_EXECUTED')).toBe(true);
    expect(hasLeftPayer('PAYMENT_STATUS_SETTLED')).toBe(true);
    expect(hasLeftPayer('PAYMENT_STATUS_INITIATED')).toBe(false);
  });
});

describe('sandbox currency conversion', () => {
  it('converts through the euro at fixed rates, rounding to the minor unit', () => {
    expect(convert(100_00, 'EUR', 'GBP')).toEqual({ minor: 85_00, rate: 0.85 });
    expect(convert(85_00, 'GBP', 'EUR')).toEqual({ minor: 100_00, rate: 1 / 0.85 });
    expect(convert(-1, 'EUR', 'SEK').minor).toBe(-11);
    expect(convert(12_34, 'PLN', 'PLN')).toEqual({ minor: 12_34, rate: 1 });
    // An account in a currency payments are not made in is treated as the payment's own.
    expect(convert(12_34, 'GBP', 'USD')).toEqual({ minor: 12_34, rate: 1 });
    expect(convert(12_34, 'GBP', null)).toEqual({ minor: 12_34, rate: 1 });
  });
});
