import { describe, expect, it } from 'vitest';
import { matchOwners, scoreAddress, scoreEmail, scoreName, scorePhone, similarity } from './match';
import { PLAID_SANDBOX_OWNER } from './personas.data';

const ON_FILE = 'Alberta Bobbeth Charleson';

describe('legal name', () => {
  it.each([
    // input, min, max, first-or-last, nickname
    ['Alberta Bobbeth Charleson', 100, 100, true, false],
    ['ALBERTA BOBBETH CHARLESON', 100, 100, true, false],
    ['alberta  bobbeth charleson.', 100, 100, true, false],
    ['Charleson, Alberta Bobbeth', 100, 100, true, false],
    ['Dr. Alberta Bobbeth Charleson', 100, 100, true, false],
    ['Alberta B. Charleson', 95, 99, true, false],
    ['Alberta Charleson', 95, 99, true, false],
    ['Alerta Charleson', 85, 99, true, false],
    ['Alberta Charlesen', 85, 99, true, false],
    ['Bert Charleson', 85, 92, true, true],
    ['Allie B Charleson', 85, 92, true, true],
    ['Charleson Alberta', 85, 96, true, false],
    ['Marcus Charleson', 70, 84, true, false],
    ['Alberta Smith', 40, 69, true, false],
    ['John Smith', 0, 50, false, false],
  ] as const)('%j scores %i..%i', (input, min, max, firstOrLast, nickname) => {
    const s = scoreName(input, ON_FILE);
    expect(s.score).toBeGreaterThanOrEqual(min);
    expect(s.score).toBeLessThanOrEqual(max);
    expect(s.is_first_name_or_last_name_match).toBe(firstOrLast);
    expect(s.is_nickname_match).toBe(nickname);
    expect(s.is_business_name_detected).toBe(false);
  });

  it.each([
    ['Platypus Holdings LLC', 'Platypus Holdings, LLC', 100],
    ['Platypus Holdings Inc', 'Platypus Holdings LLC', 80],
  ])('detects business names: %j vs %j', (input, onFile, min) => {
    const s = scoreName(input, onFile);
    expect(s.is_business_name_detected).toBe(true);
    expect(s.score).toBeGreaterThanOrEqual(min);
  });

  it('is null when either side is missing', () => {
    expect(scoreName(null, ON_FILE).score).toBeNull();
    expect(scoreName('   ', ON_FILE).score).toBeNull();
    expect(scoreName(undefined, ON_FILE).is_nickname_match).toBeNull();
  });
});

describe('phone number', () => {
  it.each([
    ['+1 111-222-3333', '1112223333', 100],
    ['(111) 222-3333', '1112223333', 100],
    ['111.222.3333', '1112223333', 100],
    ['+11112223333', '+1 111 222 3333', 100],
    ['111-222-3333 ext 5', '1112223333', 90],
    ['+44 111 222 3333', '1112223333', 75],
    ['111-222-4444', '1112223333', 0],
    ['12', '1112223333', 0],
  ])('%j vs %j → %i', (input, onFile, score) => {
    expect(scorePhone(input, onFile).score).toBe(score);
  });

  it('reads UK numbers in national form', () => {
    expect(scorePhone('07700 900123', '+44 7700 900123', 'GB').score).toBe(100);
  });

  it('is null when missing', () => {
    expect(scorePhone(null, '1112223333').score).toBeNull();
    expect(scorePhone('', '1112223333').score).toBeNull();
  });
});

describe('email address', () => {
  it.each([
    ['accountholder0@example.com', 'accountholder0@example.com', 100, 100],
    ['AccountHolder0@EXAMPLE.com ', 'accountholder0@example.com', 100, 100],
    ['accountholder0+bank@example.com', 'accountholder0@example.com', 90, 90],
    ['a.charleson@gmail.com', 'acharleson@gmail.com', 90, 90],
    ['accountholder0@example.org', 'accountholder0@example.com', 50, 50],
    ['accountholder9@example.com', 'accountholder0@example.com', 40, 69],
    ['someone.else@elsewhere.net', 'accountholder0@example.com', 0, 40],
    ['not-an-email', 'accountholder0@example.com', 0, 0],
  ])('%j vs %j → %i..%i', (input, onFile, min, max) => {
    const s = scoreEmail(input, onFile).score!;
    expect(s).toBeGreaterThanOrEqual(min);
    expect(s).toBeLessThanOrEqual(max);
  });
});

describe('address', () => {
  const leisure = {
    street: '2493 Leisure Lane',
    city: 'San Matias',
    region: 'CA',
    postal_code: '93405-2255',
    country: 'US',
  };
  it.each([
    ['identical', leisure, 100, 100, true],
    [
      'abbreviated, ZIP5, lower case',
      { street: '2493 leisure ln.', city: 'san matias', region: 'ca', postal_code: '93405', country: 'US' },
      100,
      100,
      true,
    ],
    ['state spelled out', { ...leisure, region: 'California' }, 100, 100, true],
    ['street only', { street: '2493 Leisure Ln' }, 100, 100, null],
    ['with an apartment on one side', { ...leisure, street: '2493 Leisure Lane Apt 2' }, 90, 99, true],
    ['typo in street', { ...leisure, street: '2493 Liesure Lane' }, 90, 99, true],
    ['different house number', { ...leisure, street: '2439 Leisure Lane' }, 50, 69, true],
    ['different postal code', { ...leisure, postal_code: '94016' }, 80, 89, false],
    [
      'elsewhere',
      { street: '1 Infinite Loop', city: 'Cupertino', region: 'CA', postal_code: '95014', country: 'US' },
      0,
      45,
      false,
    ],
    ['other country', { ...leisure, country: 'CA' }, 0, 40, false],
  ] as const)('%s', (_label, input, min, max, postal) => {
    const s = scoreAddress(input, leisure);
    expect(s.score).toBeGreaterThanOrEqual(min);
    expect(s.score).toBeLessThanOrEqual(max);
    expect(s.is_postal_code_match).toBe(postal);
  });

  it('treats N/North, St/Street and #/Apt alike', () => {
    const onFile = { street: '100 North Main Street, Apartment 4', city: 'Madison', postal_code: '53703' };
    expect(
      scoreAddress({ street: '100 N Main St #4', city: 'Madison', postal_code: '53703' }, onFile).score,
    ).toBe(100);
  });

  it('is null when no address is given', () => {
    expect(scoreAddress(null, leisure)).toEqual({ score: null, is_postal_code_match: null });
    expect(scoreAddress({ country: 'US' }, leisure).score).toBeNull();
  });
});

describe('matchOwners', () => {
  it("scores Plaid's documented sandbox request like Plaid's sandbox does", () => {
    const s = matchOwners(
      {
        legal_name: 'Alerta Charleson',
        phone_number: '+1-111-222-3333',
        email_address: 'accountholder1@example.com',
        address: {
          city: 'San Matias',
          country: 'US',
          postal_code: '93405',
          region: 'CA',
          street: '2493 Leisure Ln.',
        },
      },
      [PLAID_SANDBOX_OWNER],
    );
    expect(s.legal_name.score).toBeGreaterThanOrEqual(85);
    expect(s.legal_name.is_first_name_or_last_name_match).toBe(true);
    expect(s.phone_number.score).toBe(100);
    expect(s.email_address.score).toBe(100);
    expect(s.address).toEqual({ score: 100, is_postal_code_match: true });
  });

  it('takes the best of joint owners and returns nulls for fields not sent', () => {
    const joint = { ...PLAID_SANDBOX_OWNER, names: ['Alberta Bobbeth Charleson', 'Marcus Charleson'] };
    const s = matchOwners({ legal_name: 'Marcus Charleson' }, [joint]);
    expect(s.legal_name.score).toBe(100);
    expect(s.phone_number.score).toBeNull();
    expect(s.email_address.score).toBeNull();
    expect(s.address).toEqual({ score: null, is_postal_code_match: null });
  });
});

describe('similarity', () => {
  it('compares only a bounded prefix of very long strings', () => {
    expect(similarity('a'.repeat(1_000_000), 'b'.repeat(1_000_000))).toBe(0);
    expect(similarity(`${'x'.repeat(300)}a`, `${'x'.repeat(300)}b`)).toBe(1);
  });

  it.each([
    ['martha', 'marhta', 0.96],
    ['dixon', 'dicksonx', 0.81],
    ['same', 'same', 1],
    ['', 'x', 0],
  ])('%s ~ %s ≈ %f', (a, b, expected) => {
    expect(similarity(a, b)).toBeCloseTo(expected, 2);
  });
});
