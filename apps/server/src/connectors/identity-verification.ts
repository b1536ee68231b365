/**
 * A source Identity Verification checks a person against: the records its kyc_check compares the
 * user's claims with, what it reads off a captured document, and the code its SMS step sends.
 * The product (products/identity-verification) turns these readings into Plaid's step outcomes;
 * which people the records hold is the source's alone. The sandbox connector's is Plaid's
 * simulated one (connectors/sandbox/identity-verification.ts); a real source would ask a bureau.
 */
import { sandboxIdentityVerification } from './sandbox/identity-verification';

/** How a claim compares with the source: Plaid's match summaries. */
export type IdentityMatch = 'match' | 'partial_match' | 'no_match' | 'no_data' | 'no_input';

/** What a user claims to be, as Identity Verification collects it (absent parts null). */
export interface IdentityClaim {
  name: { given_name: string; family_name: string } | null;
  date_of_birth: string | null;
  phone_number: string | null;
  address: {
    street: string | null;
    city: string | null;
    region: string | null;
    postal_code: string | null;
    country: string;
  } | null;
  id_number: { value: string; type: string } | null;
}

/** The claim against the source's records, field by field. */
export interface RecordsMatch {
  name: IdentityMatch;
  date_of_birth: IdentityMatch;
  address: IdentityMatch;
  /** Whether the matched address is a residence; `no_data` when none matched. */
  address_type: 'residential' | 'commercial' | 'no_data';
  id_number: IdentityMatch;
  phone_number: IdentityMatch;
  phone_area_code: IdentityMatch;
}

/** A person's data as printed on an identity document. */
export interface DocumentData {
  category: 'drivers_license';
  id_number: string | null;
  expiration_date: string | null;
  issue_date: string | null;
  issuing_country: string;
  issuing_region: string | null;
  date_of_birth: string | null;
  name: { given_name: string; family_name: string };
  address: {
    street: string;
    city: string;
    region: string | null;
    postal_code: string | null;
    country: string;
  };
}

/** What the source reads off a captured document: its data and whether it looks genuine. */
export interface DocumentReading {
  /** Null when nothing could be read off it. */
  data: DocumentData | null;
  authentic: boolean;
  image_quality: 'high' | 'medium' | 'low';
  /** False once the document's expiration date has passed. */
  unexpired: boolean;
}

/** One Identity Verification source. */
export interface IdentityVerificationSource {
  /** Compares the user's claims with the records the source holds. */
  checkRecords(claim: IdentityClaim): RecordsMatch;
  /**
   * Reads a captured document image (its bytes, base64-encoded); null for the document a sandbox
   * session made through the API captures on the user's behalf.
   */
  readDocument(imageBase64: string | null): DocumentReading;
  /** Whether an SMS code entered for the phone number is the one sent. */
  smsCodeIsRight(phoneNumber: string, code: string): boolean;
  /** The code this source sends by SMS, when it is fixed and may be entered for the user (sandbox). */
  readonly fixedSmsCode: string | null;
}

/**
 * The source each environment's clients are checked against: sandbox keys get the sandbox's
 * simulated records and documents; production has none until a real source is connected.
 */
const SOURCES: Readonly<Record<string, IdentityVerificationSource>> = {
  sandbox: sandboxIdentityVerification,
};

/** The Identity Verification source of an environment's clients, if it has one. */
export function identityVerificationSource(env: string): IdentityVerificationSource | undefined {
  return Object.hasOwn(SOURCES, env) ? SOURCES[env] : undefined;
}
