import { describe, expect, it } from 'vitest';
import { dateOf, dayNumber } from './days';

/** What dateOf must equal: the date a Date gives for the day's first millisecond. */
const reference = (day: number) => new Date(day * 86_400_000).toISOString().slice(0, 10);

describe('dateOf', () => {
  it('matches a Date on every day from 1800 to 2300', () => {
    const mismatches: number[] = [];
    for (let day = dayNumber('1800-01-01'); day <= dayNumber('2300-12-31'); day++)
      if (dateOf(day) !== reference(day)) mismatches.push(day);
    expect(mismatches).toEqual([]);
  });

  it('matches a Date at the edges: year 0, leap centuries, year 9999 and beyond, fractions', () => {
    const days = [
      dayNumber('0000-01-01'),
      dayNumber('0000-02-29'),
      dayNumber('0000-03-01'),
      dayNumber('0099-12-31'),
      dayNumber('1600-02-29'),
      dayNumber('1700-03-01'),
      dayNumber('1969-12-31'),
      0,
      dayNumber('2000-02-29'),
      dayNumber('2100-02-28'),
      dayNumber('2100-03-01'),
      dayNumber('2400-02-29'),
      dayNumber('9999-12-31'),
      dayNumber('9999-12-31') + 1,
      dayNumber('0000-01-01') - 1,
      -1_000_000,
      19_000.5,
      -0.25,
    ];
    for (const day of days) expect(dateOf(day), String(day)).toBe(reference(day));
  });

  it('round-trips with dayNumber', () => {
    for (const date of ['1970-01-01', '2024-02-29', '2026-11-28', '2099-12-31'])
      expect(dateOf(dayNumber(date))).toBe(date);
  });
});
