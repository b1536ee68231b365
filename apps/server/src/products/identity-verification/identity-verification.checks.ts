import type {
  IdentityClaim,
  IdentityMatch,
  IdentityVerificationSource,
} from '../../connectors/identity-verification';
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

/** The user's data as the source's claim. */
const claimOf = (user: IdvUser): IdentityClaim => ({
  name: user.name,
  date_of_birth: user.date_of_birth,
  phone_number: user.phone_number,
  address: user.address,
  id_number: user.id_number,
});

/**
 * The data-source check: the user's claims against the source's records. Passes when name, date
 * of birth and address match (a partial address match is enough) and the ID number, if given, is
 * not a mismatch. The phone number is reported, never decisive.
 */
export function runKycCheck(user: IdvUser, source: IdentityVerificationSource): KycDetails {
  const m = source.checkRecords(claimOf(user));
  const ok =
    m.name === 'match' &&
    m.date_of_birth === 'match' &&
    (m.address === 'match' || m.address === 'partial_match') &&
    m.id_number !== 'no_match';
  return {
    status: ok ? 'success' : 'failed',
    address: {
      summary: m.address,
      po_box: m.address === 'no_input' ? 'no_data' : 'no',
      type: m.address_type,
    },
    name: { summary: m.name },
    date_of_birth: { summary: m.date_of_birth },
    id_number: { summary: m.id_number },
    phone_number: { summary: m.phone_number, area_code: m.phone_area_code },
  };
}

const fold = (s: string | null | undefined) =>
  (s ?? '')
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9 ]/g, '')
    .replace(/\s+/g, ' ')
    .trim();

/**
 * The document check: the source reads the captured document, which passes when it looks genuine,
 * has not expired, and shows the user's name and date of birth.
 */
export function runDocumentCheck(
  user: IdvUser,
  source: IdentityVerificationSource,
  imageBase64: string | null,
): DocumentDetails {
  const read = source.readDocument(imageBase64);
  const d = read.data;
  const name: DocMatch = !d
    ? 'no_data'
    : user.name &&
        fold(user.name.given_name) === fold(d.name.given_name) &&
        fold(user.name.family_name) === fold(d.name.family_name)
      ? 'match'
      : 'no_match';
  const dob: DocMatch = !d?.date_of_birth
    ? 'no_data'
    : user.date_of_birth === d.date_of_birth
      ? 'match'
      : 'no_match';
  const country =
    d && (user.address?.country ?? d.issuing_country).toUpperCase() === d.issuing_country
      ? 'match'
      : 'no_match';
  const ok = read.authentic && read.unexpired && name === 'match' && dob === 'match';
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
        extracted_data: d && {
          id_number: d.id_number,
          category: d.category,
          expiration_date: d.expiration_date,
          issue_date: d.issue_date,
          issuing_country: d.issuing_country,
          issuing_region: d.issuing_region,
          date_of_birth: d.date_of_birth,
          address: { ...d.address },
          name: { ...d.name },
        },
        analysis: {
          authenticity: !d ? 'no_data' : read.authentic ? 'match' : 'no_match',
          image_quality: read.image_quality,
          extracted_data: {
            name,
            date_of_birth: dob,
            expiration_date: !d?.expiration_date ? 'no_data' : read.unexpired ? 'not_expired' : 'expired',
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

/** The verify_sms outcome: passes once the right code was entered (at most three tries). */
export function smsDetails(
  phone: string,
  codes: readonly string[],
  source: IdentityVerificationSource,
  at: string | null = null,
): SmsDetails {
  const tries = codes.slice(0, 3);
  const right = tries.findIndex((c) => source.smsCodeIsRight(phone, c));
  const ok = right >= 0;
  return {
    status: ok ? 'success' : 'failed',
    verifications: [
      {
        status: ok ? 'success' : 'failed',
        attempt: 1,
        phone_number: phone,
        delivery_attempt_count: 1,
        solve_attempt_count: ok ? right + 1 : tries.length,
        initially_sent_at: at,
        last_sent_at: at,
        redacted_at: null,
      },
    ],
  };
}

/**
 * The source of clients whose environment has none (production, until a real one is configured):
 * it holds no records, reads no document and sends no SMS, so every check it runs fails.
 */
export const NO_SOURCE: IdentityVerificationSource = {
  checkRecords: (c) => {
    const given = (v: unknown): IdentityMatch => (v ? 'no_data' : 'no_input');
    return {
      name: given(c.name),
      date_of_birth: given(c.date_of_birth),
      address: given(c.address),
      address_type: 'no_data',
      id_number: given(c.id_number),
      phone_number: given(c.phone_number),
      phone_area_code: given(c.phone_number),
    };
  },
  readDocument: () => ({ data: null, authentic: false, image_quality: 'low', unexpired: false }),
  smsCodeIsRight: () => false,
  fixedSmsCode: null,
};

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
