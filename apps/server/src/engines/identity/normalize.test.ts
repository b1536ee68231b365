import { describe, expect, it } from 'vitest';
import { fold, nameTokens, normalizeAddress, parseEmail, parsePhone, postalCode } from './normalize';

describe('fold', () => {
  it.each([
    ['  José   Núñez ', 'jose nunez'],
    ["O'Connell", 'oconnell'],
    ['Vasquez-Reyes', 'vasquez reyes'],
    ['ALBERTA', 'alberta'],
    ['Zoë  Ångström', 'zoe angstrom'],
  ])('%j → %j', (raw, folded) => {
    expect(fold(raw)).toBe(folded);
  });
});

describe('nameTokens', () => {
  it.each([
    ['Alberta Bobbeth Charleson', 'alberta', ['bobbeth'], 'charleson', false],
    ['Charleson, Alberta B.', 'alberta', ['b'], 'charleson', false],
    ['Dr. Alberta Charleson Jr.', 'alberta', [], 'charleson', false],
    ['Cher', 'cher', [], '', false],
    ['Platypus Holdings LLC', 'platypus', ['holdings'], 'llc', true],
  ])('%j', (raw, first, middle, last, business) => {
    const t = nameTokens(raw);
    expect(t).toMatchObject({ first, middle, last, business });
  });
});

describe('parsePhone', () => {
  it.each([
    ['+14157452130', 'US', '+14157452130', null],
    ['(415) 745-2130', 'US', '+14157452130', null],
    ['415.745.2130', 'US', '+14157452130', null],
    ['1-415-745-2130', 'US', '+14157452130', null],
    ['+1 415 745 2130 ext. 12', 'US', '+14157452130', '12'],
    ['415-745-2130 x7', 'US', '+14157452130', '7'],
    ['07700 900123', 'GB', '+447700900123', null],
    ['+44 (0)7700 900123', 'GB', '+447700900123', null],
    ['0044 7700 900123', 'US', '+447700900123', null],
    ['1112223333', 'US', '+11112223333', null],
  ])('%j (%s) → %s', (raw, country, e164, ext) => {
    expect(parsePhone(raw, country)).toMatchObject({ e164, extension: ext });
  });

  it('rejects strings with too few digits', () => {
    expect(parsePhone('555-12')).toBeNull();
    expect(parsePhone('call me')).toBeNull();
  });
});

describe('parseEmail', () => {
  it.each([
    ['Alberta.Charleson@Example.com', 'alberta.charleson@example.com', 'alberta.charleson@example.com'],
    ['a.charleson+bank@gmail.com', 'a.charleson+bank@gmail.com', 'acharleson@gmail.com'],
    ['acharleson@googlemail.com', 'acharleson@googlemail.com', 'acharleson@gmail.com'],
    ['first.last+tag@example.com', 'first.last+tag@example.com', 'first.last@example.com'],
  ])('%j', (raw, exact, base) => {
    expect(parseEmail(raw)).toMatchObject({ exact, base });
  });

  it.each(['no-at-sign', '@example.com', 'user@'])('rejects %j', (raw) => {
    expect(parseEmail(raw)).toBeNull();
  });
});

describe('normalizeAddress', () => {
  it.each([
    ['2493 Leisure Lane', { houseNumber: '2493', streetWords: ['leisure', 'ln'], unit: null }],
    ['2493 Leisure Ln.', { houseNumber: '2493', streetWords: ['leisure', 'ln'], unit: null }],
    [
      '100 North Main Street, Apartment 4B',
      { houseNumber: '100', streetWords: ['n', 'main', 'st'], unit: '4b' },
    ],
    ['100 N. Main St #4B', { houseNumber: '100', streetWords: ['n', 'main', 'st'], unit: '4b' }],
    ['100 N Main St Apt. 4B', { houseNumber: '100', streetWords: ['n', 'main', 'st'], unit: '4b' }],
    ['1 Infinite Loop Suite 200', { houseNumber: '1', streetWords: ['infinite', 'loop'], unit: '200' }],
    [
      'Flat 2, 10 Downing Street',
      { houseNumber: null, streetWords: ['flat', '2', '10', 'downing', 'st'], unit: null },
    ],
  ])('%j', (street, expected) => {
    expect(normalizeAddress({ street })).toMatchObject(expected);
  });

  it('maps region names to codes and trims ZIP+4', () => {
    expect(normalizeAddress({ region: 'New York', postal_code: '14236-1234', country: 'US' })).toMatchObject({
      region: 'ny',
      postal: '14236',
    });
    expect(postalCode('sw1a 1aa', 'GB')).toBe('SW1A1AA');
    expect(postalCode('m5v2t6', 'CA')).toBe('M5V2T6');
  });
});
