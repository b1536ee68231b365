import type {
  DocumentaryVerification,
  IdentityVerification,
  IdentityVerificationStatus,
  IdentityVerificationStepSummary,
  IdentityVerificationUserData,
  KYCCheckDetails,
  RiskCheckDetails,
  VerifySMSDetails,
} from 'plaid';
import type { IdvView } from './identity-verification.service';

/**
 * A session as Plaid shows it. The step details are built to the spec's shapes with string
 * values (checked by the spec tests); the SDK types those values as enums, which a string
 * literal is not, hence the casts at this one boundary.
 */
export function presentIdv(v: IdvView): IdentityVerification {
  const user: IdentityVerificationUserData = {
    phone_number: v.user.phone_number,
    date_of_birth: v.user.date_of_birth,
    ip_address: v.user.ip_address,
    email_address: v.user.email_address,
    name: v.user.name && { given_name: v.user.name.given_name, family_name: v.user.name.family_name },
    address: v.user.address && {
      street: v.user.address.street,
      street2: v.user.address.street2,
      city: v.user.address.city,
      region: v.user.address.region,
      postal_code: v.user.address.postal_code,
      country: v.user.address.country,
    },
    id_number: (v.user.id_number && {
      value: v.user.id_number.value,
      type: v.user.id_number.type,
    }) as IdentityVerificationUserData['id_number'],
  };
  return {
    id: v.row.id,
    client_user_id: v.row.client_user_id,
    created_at: v.row.created_at,
    completed_at: v.row.completed_at,
    previous_attempt_id: v.row.previous_attempt_id,
    shareable_url: v.shareableUrl,
    template: { id: v.row.template_id, version: v.row.template_version },
    user,
    status: v.row.status as IdentityVerificationStatus,
    steps: v.steps as unknown as IdentityVerificationStepSummary,
    documentary_verification: v.details.documentary_verification as DocumentaryVerification | null,
    // The sandbox runs no selfie check, so there is never a selfie to report.
    selfie_check: null,
    kyc_check: v.details.kyc_check as KYCCheckDetails | null,
    risk_check: v.details.risk_check as RiskCheckDetails | null,
    verify_sms: v.details.verify_sms as VerifySMSDetails | null,
    watchlist_screening_id: v.row.watchlist_screening_id,
    beacon_user_id: null,
    user_id: null,
    redacted_at: v.row.redacted_at,
  };
}
