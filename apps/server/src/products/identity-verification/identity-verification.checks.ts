import type { IdvUser } from './identity-verification.steps';

/** Plaid's match summaries. */
export type Match = 'match' | 'partial_match' | 'no_match' | 'no_data' | 'no_input';

/** The verify_sms details (Plaid's VerifySMSDetails). */
export interface SmsDetails {
  status: 'success' | 'failed';
  verifications: {
    status: 'pending' | 'success' | 'failed' | 'canceled';
    attempt: number;
    phone_number: string | null;
    delivery_attempt_count: number;
    solve_attempt_count: number;
    initially_sent_at: string | null;
    last_sent_at: string | null;
    redacted_at: string | null;
  }[];
}

/** The kyc_check details (Plaid's KYCCheckDetails). */
export interface KycDetails {
  status: 'success' | 'failed';
  address: {
    summary: Match;
    po_box: 'yes' | 'no' | 'no_data';
    type: 'residential' | 'commercial' | 'no_data';
  };
  name: { summary: Match };
  date_of_birth: { summary: Match };
  id_number: { summary: Match };
  phone_number: { summary: Match; area_code: Match };
}

type DocMatch = 'match' | 'partial_match' | 'no_match' | 'no_data';
/** The documentary_verification details (Plaid's DocumentaryVerification). */
export interface DocumentDetails {
  status: 'success' | 'failed';
  documents: {
    status: 'success' | 'failed';
    attempt: number;
    images: {
      original_front: string | null;
      original_back: string | null;
      cropped_front: string | null;
      cropped_back: string | null;
      face: string | null;
    };
    extracted_data: {
      id_number: string | null;
      category: 'drivers_license';
      expiration_date: string | null;
      issue_date: string | null;
      issuing_country: string;
      issuing_region: string | null;
      date_of_birth: string | null;
      address: {
        street: string;
        city: string;
        region: string | null;
        postal_code: string | null;
        country: string;
      };
      name: { given_name: string; family_name: string };
    } | null;
    analysis: {
      authenticity: DocMatch;
      image_quality: 'high' | 'medium' | 'low';
      extracted_data: {
        name: DocMatch;
        date_of_birth: DocMatch;
        expiration_date: 'not_expired' | 'expired' | 'no_data';
        issuing_country: 'match' | 'no_match';
      };
      fraud_analysis_details: null;
      image_quality_details: null;
      aamva_verification: null;
    };
    redacted_at: string | null;
  }[];
}

/** The risk_check details (Plaid's RiskCheckDetails). */
export interface RiskDetails {
  status: 'success' | 'failed';
  behavior: { user_interactions: 'genuine'; fraud_ring_detected: 'no'; bot_detected: 'no' } | null;
  email: null;
  phone: { linked_services: string[] } | null;
  devices: { ip_proxy_type: null; ip_spam_list_count: null; ip_timezone_offset: null }[];
  identity_abuse_signals: null;
  facial_duplicates: never[];
  trust_index_score: number | null;
}

/** Every step's details; null until the step has run. */
export interface IdvDetails {
  verify_sms: SmsDetails | null;
  kyc_check: KycDetails | null;
  documentary_verification: DocumentDetails | null;
  risk_check: RiskDetails | null;
}

/**
 * Plaid's sandbox test identity (docs/identity-verification.md): the data sources hold Leslie
 * Knope and the sandbox document shows her, so she passes and other data does not match.
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

const fold = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
const street = (s: string | null) => fold(s).replace(/\bstreet$/, 'st');
const same = (a: string | null | undefined, b: string) => fold(a) === fold(b);

function nameMatch(user: IdvUser): Match {
  if (!user.name) return 'no_input';
  const given = same(user.name.given_name, SANDBOX_IDENTITY.given_name);
  const family = same(user.name.family_name, SANDBOX_IDENTITY.family_name);
  return given && family ? 'match' : given || family ? 'partial_match' : 'no_match';
}

function dobMatch(user: IdvUser): Match {
  if (!user.date_of_birth) return 'no_input';
  return user.date_of_birth === SANDBOX_IDENTITY.date_of_birth ? 'match' : 'no_match';
}

function addressMatch(user: IdvUser): Match {
  const a = user.address;
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

function idNumberMatch(user: IdvUser): Match {
  if (!user.id_number) return 'no_input';
  const digits = user.id_number.value.replace(/\D/g, '');
  if (user.id_number.type === 'us_ssn')
    return (SANDBOX_IDENTITY.ssns as readonly string[]).includes(digits) ? 'match' : 'no_match';
  if (user.id_number.type === 'us_ssn_last_4')
    return SANDBOX_IDENTITY.ssns.some((s) => s.endsWith(digits) && digits.length === 4)
      ? 'match'
      : 'no_match';
  return 'no_data';
}

function phoneMatch(user: IdvUser): { summary: Match; area_code: Match } {
  if (!user.phone_number) return { summary: 'no_input', area_code: 'no_input' };
  const same = user.phone_number === SANDBOX_IDENTITY.phone_number;
  const area = user.phone_number.slice(0, 5) === SANDBOX_IDENTITY.phone_number.slice(0, 5);
  return { summary: same ? 'match' : 'no_match', area_code: area ? 'match' : 'no_match' };
}

/**
 * The data-source check against the sandbox identity: passes when name, date of birth and
 * address match (a partial address match is enough) and the ID number, if given, is not a
 * mismatch. The phone number is reported, never decisive.
 */
export function runKycCheck(user: IdvUser): KycDetails {
  const name = nameMatch(user);
  const dob = dobMatch(user);
  const address = addressMatch(user);
  const id = idNumberMatch(user);
  const ok =
    name === 'match' &&
    dob === 'match' &&
    (address === 'match' || address === 'partial_match') &&
    id !== 'no_match';
  return {
    status: ok ? 'success' : 'failed',
    address: {
      summary: address,
      po_box: address === 'no_input' ? 'no_data' : 'no',
      type: address === 'match' ? 'residential' : 'no_data',
    },
    name: { summary: name },
    date_of_birth: { summary: dob },
    id_number: { summary: id },
    phone_number: phoneMatch(user),
  };
}

/**
 * The sandbox document check: every captured document is read as a genuine driver's license of
 * the sandbox identity, so it passes when the user's name and date of birth are hers.
 */
export function runDocumentCheck(user: IdvUser): DocumentDetails {
  const name: DocMatch = nameMatch(user) === 'match' ? 'match' : 'no_match';
  const dob: DocMatch = dobMatch(user) === 'match' ? 'match' : 'no_match';
  const country = (user.address?.country ?? 'US').toUpperCase() === 'US' ? 'match' : 'no_match';
  const ok = name === 'match' && dob === 'match';
  return {
    status: ok ? 'success' : 'failed',
    documents: [
      {
        status: ok ? 'success' : 'failed',
        attempt: 1,
        images: {
          original_front: null,
          original_back: null,
          cropped_front: null,
          cropped_back: null,
          face: null,
        },
        extracted_data: {
          id_number: null,
          category: 'drivers_license',
          expiration_date: '2030-01-18',
          issue_date: '2022-01-18',
          issuing_country: 'US',
          issuing_region: 'IN',
          date_of_birth: SANDBOX_IDENTITY.date_of_birth,
          address: {
            street: SANDBOX_IDENTITY.street,
            city: SANDBOX_IDENTITY.city,
            region: SANDBOX_IDENTITY.region,
            postal_code: SANDBOX_IDENTITY.postal_code,
            country: SANDBOX_IDENTITY.country,
          },
          name: { given_name: SANDBOX_IDENTITY.given_name, family_name: SANDBOX_IDENTITY.family_name },
        },
        analysis: {
          authenticity: 'match',
          image_quality: 'high',
          extracted_data: {
            name,
            date_of_birth: dob,
            expiration_date: 'not_expired',
            issuing_country: country,
          },
          fraud_analysis_details: null,
          image_quality_details: null,
          aamva_verification: null,
        },
        redacted_at: null,
      },
    ],
  };
}

/** The verify_sms outcome: passes once the sandbox code was entered (at most three tries). */
export function smsDetails(phone: string, codes: readonly string[], at: string | null = null): SmsDetails {
  const tries = codes.slice(0, 3);
  const ok = tries.includes('11111');
  return {
    status: ok ? 'success' : 'failed',
    verifications: [
      {
        status: ok ? 'success' : 'failed',
        attempt: 1,
        phone_number: phone,
        delivery_attempt_count: 1,
        solve_attempt_count: ok ? tries.indexOf('11111') + 1 : tries.length,
        initially_sent_at: at,
        last_sent_at: at,
        redacted_at: null,
      },
    ],
  };
}

/** The sandbox risk check: a genuine session with no signals against it. */
export function runRiskCheck(user: IdvUser): RiskDetails {
  return {
    status: 'success',
    behavior: { user_interactions: 'genuine', fraud_ring_detected: 'no', bot_detected: 'no' },
    email: null,
    phone: user.phone_number ? { linked_services: [] } : null,
    devices: [],
    identity_abuse_signals: null,
    facial_duplicates: [],
    trust_index_score: null,
  };
}
