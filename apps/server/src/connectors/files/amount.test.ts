import { describe, expect, it } from 'vitest';
import { detectDecimal, parseLooseAmount } from './amount';
import { minorUnits, parseDecimal } from './currency';
import { parseOfxDate } from './dates';
import { detectDateOrder, parseHumanDate } from './human-date';

describe('parseDecimal: exact minor units per currency', () => {
  it.each([
    ['12.34', 'USD', '.', 1234],
    ['-0.10', 'EUR', '.', -10],
    ['0.1', 'USD', '.', 10],
    ['1500', 'JPY', '.', 1500],
    ['1.234', 'BHD', '.', 1234],
    ['1.5', 'KWD', '.', 1500],
    ['12,5', 'EUR', ',', 1250],
    ['-3.77000', 'USD', '.', -377],
    ['-8.4850', 'USD', '.', -849],
    ['8.4849', 'USD', '.', 848],
    ['90071992547409.91', 'USD', '.', 9007199254740991],
    ['-0.00', 'USD', '.', 0],
    ['+7', 'USD', '.', 700],
  ] as const)('%s %s → %i', (raw, ccy, decimal, minor) => {
    expect(parseDecimal(raw, ccy, decimal)?.minor).toBe(minor);
  });

  it.each(['', '.', '-', '1.2.3', '$120', '12a', '1e5', '900719925474099.10'])('rejects %j', (raw) => {
    expect(parseDecimal(raw, 'USD')).toBeNull();
  });

  it('knows minor units', () => {
    expect([minorUnits('JPY'), minorUnits('BHD'), minorUnits('usd'), minorUnits('CLF')]).toEqual([
      0, 3, 2, 4,
    ]);
  });

  it('never goes through floats: 0.1 + 0.2 is 30 minor units', () => {
    expect(parseDecimal('0.1', 'USD')!.minor + parseDecimal('0.2', 'USD')!.minor).toBe(30);
  });
});

describe('parseLooseAmount: amounts as exports write them', () => {
  it.each([
    ['1,234.56', '.', 123456],
    ['1.234,56', ',', 123456],
    ['(12.00)', '.', -1200],
    ['12.00-', '.', -1200],
    ['$ -4.50', '.', -450],
    ['- $220.00', '.', -22000],
    ['+ $1,150.00', '.', 115000],
    ['12.00 CR', '.', 1200],
    ['12.00 DR', '.', -1200],
    ["11'373.94", '.', 1137394],
    ['€ 7,5', ',', 750],
    ['(1.234,50)', ',', -123450],
  ] as const)('%s → %i', (raw, decimal, minor) => {
    expect(parseLooseAmount(raw, 'USD', decimal)).toBe(minor);
  });

  it.each(['', 'abc', 'N/A', '--'])('rejects %j', (raw) => {
    expect(parseLooseAmount(raw, 'USD', '.')).toBeNull();
  });

  it.each([
    [['1,50', '2,00', '1.234,56'], ','],
    [['1.50', '2,000.00'], '.'],
    [['1.234.567', '12'], ','],
    [['1,234', '5'], null],
    [['12', '13'], null],
  ] as const)('decimal mark of %j is %s', (values, mark) => {
    expect(detectDecimal(values)).toBe(mark);
  });
});

describe('dates', () => {
  it.each([
    ['20240131', { date: '2024-01-31', datetime: null }],
    ['20240131120000', { date: '2024-01-31', datetime: '2024-01-31T12:00:00Z' }],
    ['20230509120000.000[-5:EST]', { date: '2023-05-09', datetime: '2023-05-09T12:00:00-05:00' }],
    ['20111031000000[-03:EST]', { date: '2011-10-31', datetime: '2011-10-31T00:00:00-03:00' }],
    ['20240131000000', { date: '2024-01-31', datetime: null }],
  ])('OFX %s', (raw, expected) => {
    expect(parseOfxDate(raw)).toEqual(expected);
  });

  it.each(['20120231', '****', '', '00000000'])('OFX rejects %j', (raw) => {
    expect(parseOfxDate(raw)).toBeNull();
  });

  it.each([
    ['03/04/2024', 'mdy', '2024-03-04'],
    ['03/04/2024', 'dmy', '2024-04-03'],
    ['31.12.2019', 'dmy', '2019-12-31'],
    ['2012/3/22', 'mdy', '2012-03-22'],
    ["1/ 5'01", 'mdy', '2001-01-05'],
    ['03/25/099Share Withdrawal', 'mdy', '1999-03-25'],
    ['6/12/15', 'mdy', '2015-06-12'],
    ['15 Jan 2020', 'mdy', '2020-01-15'],
    ['Jan 15, 2020', 'dmy', '2020-01-15'],
    ['2020-11-15T18:00:21', 'mdy', '2020-11-15'],
    ['02/30/2020', 'mdy', null],
  ] as const)('%s as %s → %s', (raw, order, iso) => {
    expect(parseHumanDate(raw, order)).toBe(iso);
  });

  it.each([
    [['01/02/2020', '13/02/2020'], 'dmy', false],
    [['01/02/2020', '02/13/2020'], 'mdy', false],
    [['01/02/2020', '02/03/2020'], null, false],
    [['13/02/2020', '02/13/2020'], null, true],
  ] as const)('order of %j is %s', (values, order, conflict) => {
    const e = detectDateOrder(values);
    expect([e.order, e.conflict]).toEqual([order, conflict]);
  });
});
