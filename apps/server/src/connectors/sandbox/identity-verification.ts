import type {
  IdentityClaim,
  IdentityMatch,
  IdentityVerificationSource,
  RecordsMatch,
} from '../identity-verification';

/**
 * Plaid's sandbox test identity (docs/identity-verification.md): the sandbox's records hold Leslie
 * Knope alone and its documents all show her, so she passes and other people do not match.
 */
export const SANDBOX_IDENTITY = {
  given_name: 'Leslie',
  family_name: 'Knope',
  date_of_birth: '1975-01-18',
  phone_number: '+12345678909',
  street: '123 Main St.',
  city: 'Pawnee',
  region: 'IN',
  postal_code: '46001',
  country: 'US',
  ssns: ['123456789', '123456788'],
} as const;

/** The code the sandbox "sends" by SMS. */
export const SANDBOX_SMS_CODE = '11111';

const fold = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const street = (s: string | null) => fold(s).replace(/\bstreet$/, 'st');
const same = (a: string | null | undefined, b: string) => fold(a) === fold(b);

function nameMatch(c: IdentityClaim): IdentityMatch {
  if (!c.name) return 'no_input';
  const given = same(c.name.given_name, SANDBOX_IDENTITY.given_name);
  const family = same(c.name.family_name, SANDBOX_IDENTITY.family_name);
  return given && family ? 'match' : given || family ? 'partial_match' : 'no_match';
}

function dobMatch(c: IdentityClaim): IdentityMatch {
  if (!c.date_of_birth) return 'no_input';
  return c.date_of_birth === SANDBOX_IDENTITY.date_of_birth ? 'match' : 'no_match';
}

/** The whole address, or its ZIP code (or city and state) alone: a partial match. */
function addressMatch(c: IdentityClaim): IdentityMatch {
  const a = c.address;
  if (!a || (!a.street && !a.city && !a.postal_code)) return 'no_input';
  if (a.country.toUpperCase() !== SANDBOX_IDENTITY.country) return 'no_match';
  const region = fold(a.region);
  const regionOk = region === 'in' || region === 'indiana';
  const streetOk = street(a.street) === street(SANDBOX_IDENTITY.street);
  const cityOk = same(a.city, SANDBOX_IDENTITY.city);
  const zipOk = (a.postal_code ?? '').slice(0, 5) === SANDBOX_IDENTITY.postal_code;
  if (streetOk && cityOk && zipOk && regionOk) return 'match';
  return zipOk || (cityOk && regionOk) ? 'partial_match' : 'no_match';
}

/** Her SSNs in full or their last four digits; other kinds of number the records do not hold. */
function idNumberMatch(c: IdentityClaim): IdentityMatch {
  if (!c.id_number) return 'no_input';
  const digits = c.id_number.value.replace(/\D/g, '');
  const ssns: readonly string[] = SANDBOX_IDENTITY.ssns;
  if (c.id_number.type === 'us_ssn') return ssns.includes(digits) ? 'match' : 'no_match';
  if (c.id_number.type === 'us_ssn_last_4')
    return digits.length === 4 && ssns.some((s) => s.endsWith(digits)) ? 'match' : 'no_match';
  return 'no_data';
}

/**
 * The sandbox's simulated verification source: records holding Plaid's test identity alone, a
 * document reader that reads any image as her genuine driver's license, and the fixed SMS code.
 */
export const sandboxIdentityVerification: IdentityVerificationSource = {
  checkRecords(claim: IdentityClaim): RecordsMatch {
    const address = addressMatch(claim);
    const phone = claim.phone_number;
    return {
      name: nameMatch(claim),
      date_of_birth: dobMatch(claim),
      address,
      address_type: address === 'match' ? 'residential' : 'no_data',
      id_number: idNumberMatch(claim),
      phone_number: !phone ? 'no_input' : phone === SANDBOX_IDENTITY.phone_number ? 'match' : 'no_match',
      phone_area_code: !phone
        ? 'no_input'
        : phone.slice(0, 5) === SANDBOX_IDENTITY.phone_number.slice(0, 5)
          ? 'match'
          : 'no_match',
    };
  },

  readDocument() {
    return {
      data: {
        category: 'drivers_license',
        id_number: null,
        expiration_date: '2030-01-18',
        issue_date: '2022-01-18',
        issuing_country: 'US',
        issuing_region: 'IN',
        date_of_birth: SANDBOX_IDENTITY.date_of_birth,
        name: { given_name: SANDBOX_IDENTITY.given_name, family_name: SANDBOX_IDENTITY.family_name },
        address: {
          street: SANDBOX_IDENTITY.street,
          city: SANDBOX_IDENTITY.city,
          region: SANDBOX_IDENTITY.region,
          postal_code: SANDBOX_IDENTITY.postal_code,
          country: SANDBOX_IDENTITY.country,
        },
      },
      authentic: true,
      image_quality: 'high',
      unexpired: true,
    };
  },

  smsCodeIsRight: (_phone, code) => code === SANDBOX_SMS_CODE,
  fixedSmsCode: SANDBOX_SMS_CODE,
};
