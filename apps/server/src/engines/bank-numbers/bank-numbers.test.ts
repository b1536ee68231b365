import { describe, expect, it } from 'vitest';
import { accountNumbers, isAuthEligible, schemesFor } from './bank-numbers';
import {
  abaCheckDigit,
  BBAN_LAYOUTS,
  buildIban,
  hasValidNationalCheck,
  ibanCheckDigits,
  ibanLength,
  isValidAba,
  isValidBic,
  isValidIban,
} from './checksums';

describe('ABA routing checksums', () => {
  it.each([
    ['011401533', true],
    ['021000021', true],
    ['011000138', true],
    ['021000089', true],
    ['011000028', true],
    ['322271627', true],
    ['021000022', false],
    ['11401533', false],
    ['01140153X', false],
    ['', false],
  ])('%s valid=%s', (routing, valid) => {
    expect(isValidAba(routing)).toBe(valid);
  });

  it.each([
    ['01140153', 3],
    ['02100002', 1],
    ['32227162', 7],
  ])('check digit of %s is %i', (first8, digit) => {
    expect(abaCheckDigit(first8)).toBe(digit);
  });

  it('refuses a prefix that is not eight digits', () => {
    expect(() => abaCheckDigit('0114015')).toThrow();
  });
});

describe('IBAN mod-97', () => {
  it.each([
    ['GB29NWBK60161331926819', true],
    ['GB29 NWBK 6016 1331 9268 19', true],
    ['DE89370400440532013000', true],
    ['FR1420041010050500013M02606', true],
    ['ES9121000418450200051332', true],
    ['NL91ABNA0417164300', true],
    ['IE29AIBK93115212345678', true],
    ['BE68539007547034', true],
    ['GB28NWBK60161331926819', false],
    ['GB29NWBK6016133192681', false],
    ['DE8937040044053201300A', false],
    ['XX29NWBK60161331926819', false],
    ['NL91ABNA041716430', false],
  ])('%s valid=%s', (iban, valid) => {
    expect(isValidIban(iban)).toBe(valid);
  });

  it('computes the check digits of the ISO example', () => {
    expect(ibanCheckDigits('GB', 'NWBK60161331926819')).toBe('29');
    expect(buildIban('DE', '370400440532013000')).toBe('DE89370400440532013000');
  });

  it.each(Object.keys(BBAN_LAYOUTS))('knows the length for %s', (country) => {
    expect(ibanLength(country)).toBeGreaterThanOrEqual(15);
    expect(ibanLength(country)).toBeLessThanOrEqual(34);
  });

  it.each([
    ['NWBKGB21', true],
    ['DEUTDEFF500', true],
    ['NWBKGB2', false],
    ['nwbkgb21', false],
  ])('BIC %s valid=%s', (bic, valid) => {
    expect(isValidBic(bic)).toBe(valid);
  });
});

describe('national BBAN check digits', () => {
  it.each([
    ['BE', '539007547034'],
    ['FR', '20041010050500013M02606'],
    ['ES', '21000418450200051332'],
    ['PT', '000201231234567890154'],
    ['NO', '86011117947'],
    ['FI', '12345600000785'],
    ['DE', '370400440532013000'],
  ])('accepts the registry example for %s', (country, bban) => {
    expect(hasValidNationalCheck(country, bban)).toBe(true);
  });

  it.each([
    ['BE', '539007547035'],
    ['FR', '20041010050500013M02607'],
    ['ES', '21000418460200051332'],
    ['PT', '000201231234567890155'],
    ['NO', '86011117948'],
    ['FI', '12345600000786'],
  ])('rejects a wrong %s check', (country, bban) => {
    expect(hasValidNationalCheck(country, bban)).toBe(false);
  });
});

describe('eligibility and schemes', () => {
  it.each([
    ['depository', 'checking', true],
    ['depository', 'savings', true],
    ['depository', 'money market', true],
    ['depository', 'cash management', true],
    ['depository', 'cd', false],
    ['depository', null, false],
    ['credit', 'credit card', false],
    ['loan', 'mortgage', false],
    ['investment', 'ira', false],
  ] as const)('%s/%s eligible=%s', (type, subtype, eligible) => {
    expect(isAuthEligible(type, subtype)).toBe(eligible);
  });

  it.each([
    ['US', ['ach']],
    ['CA', ['eft']],
    ['GB', ['bacs', 'international']],
    ['FR', ['international']],
    ['DE', ['international']],
    ['JP', []],
  ])('%s gets %j', (country, schemes) => {
    expect(schemesFor(country)).toEqual(schemes);
  });
});

describe('account numbers', () => {
  const seed = 'a1b2c3d4e5f6';

  it("uses Plaid's documented sandbox numbers for familiar users", () => {
    const checking = accountNumbers({
      seed,
      mask: '0000',
      profile: { country: 'US' },
      sandboxTestNumbers: true,
    });
    const saving = accountNumbers({
      seed,
      mask: '1111',
      profile: { country: 'US' },
      sandboxTestNumbers: true,
    });
    expect(checking.ach).toEqual({
      account: '1111222233330000',
      routing: '011401533',
      wire_routing: '021000021',
    });
    expect(saving.ach?.account).toBe('1111222233331111');
  });

  it('is deterministic per seed and mask, and differs across them', () => {
    const a = accountNumbers({ seed, mask: '0000', profile: { country: 'US' } });
    expect(accountNumbers({ seed, mask: '0000', profile: { country: 'US' } })).toEqual(a);
    expect(accountNumbers({ seed, mask: '1111', profile: { country: 'US' } }).ach?.account).not.toBe(
      a.ach?.account,
    );
    expect(accountNumbers({ seed: 'other', mask: '0000', profile: { country: 'US' } }).ach?.account).not.toBe(
      a.ach?.account,
    );
  });

  it.each(['s1', 's2', 's3', 's4', 's5', 's6', 's7', 's8'])(
    'generated US numbers end with the mask and route validly (seed %s)',
    (s) => {
      const n = accountNumbers({ seed: s, mask: '4321', profile: { country: 'US' } });
      expect(n.ach!.account).toMatch(/^\d{10,14}$/);
      expect(n.ach!.account.endsWith('4321')).toBe(true);
      expect(isValidAba(n.ach!.routing)).toBe(true);
      expect(n.ach!.wire_routing).toBeNull();
    },
  );

  it("keeps the institution's routing numbers", () => {
    const n = accountNumbers({
      seed,
      mask: '0000',
      profile: { country: 'US', routing: '011000138', wireRouting: '021000021' },
    });
    expect(n.ach).toMatchObject({ routing: '011000138', wire_routing: '021000021' });
  });

  it('gives Canadian accounts EFT numbers: 3-digit institution, 5-digit branch', () => {
    const n = accountNumbers({ seed, mask: '0000', profile: { country: 'CA', eftInstitution: '004' } });
    expect(n.ach).toBeUndefined();
    expect(n.eft!.institution).toBe('004');
    expect(n.eft!.branch).toMatch(/^\d{5}$/);
    expect(n.eft!.account).toMatch(/^\d{7,12}$/);
  });

  it('gives UK accounts BACS numbers and a matching GB IBAN', () => {
    const n = accountNumbers({
      seed,
      mask: '0000',
      profile: { country: 'GB', bankCode: 'FPOB', sortPrefix: '04' },
    });
    expect(n.bacs!.sort_code).toMatch(/^04\d{4}$/);
    expect(n.bacs!.account).toMatch(/^\d{4}0000$/);
    expect(isValidIban(n.international!.iban)).toBe(true);
    expect(n.international!.iban.slice(4)).toBe(`FPOB${n.bacs!.sort_code}${n.bacs!.account}`);
    expect(n.international!.bic).toMatch(/^FPOBGB[A-Z]\d$/);
    expect(isValidBic(n.international!.bic)).toBe(true);
  });

  it.each(Object.keys(BBAN_LAYOUTS).filter((c) => c !== 'GB'))('builds a valid %s IBAN', (country) => {
    const n = accountNumbers({ seed, mask: '2468', profile: { country, bankCode: 'RBPL' } });
    expect(n.bacs).toBeUndefined();
    expect(isValidIban(n.international!.iban)).toBe(true);
    expect(hasValidNationalCheck(country, n.international!.iban.slice(4))).toBe(true);
    expect(n.international!.iban.length).toBe(ibanLength(country));
    expect(isValidBic(n.international!.bic)).toBe(true);
  });

  it('honours a custom user override field by field', () => {
    const n = accountNumbers({
      seed,
      mask: '0000',
      profile: { country: 'US' },
      override: { account: '987654321', ach_routing: '322271627' },
    });
    expect(n.ach).toMatchObject({ account: '987654321', routing: '322271627', wire_routing: null });
    const uk = accountNumbers({
      seed,
      mask: '0000',
      profile: { country: 'GB' },
      override: { international_iban: 'GB29NWBK60161331926819', international_bic: 'NWBKGB21' },
    });
    expect(uk.international).toEqual({ iban: 'GB29NWBK60161331926819', bic: 'NWBKGB21' });
  });

  it('copes with a mask that is not four digits', () => {
    const n = accountNumbers({ seed, mask: 'AB', profile: { country: 'US' }, sandboxTestNumbers: true });
    expect(n.ach!.account).toMatch(/^\d{10,14}$/);
    const none = accountNumbers({ seed, mask: null, profile: { country: 'GB' } });
    expect(none.bacs!.account).toMatch(/^\d{8}$/);
    expect(isValidIban(none.international!.iban)).toBe(true);
  });
});
