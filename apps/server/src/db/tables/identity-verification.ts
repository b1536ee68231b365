/** A step of an Identity Verification, in the order a session runs them. */
export type IdvStepName =
  | 'accept_tos'
  | 'verify_sms'
  | 'kyc_check'
  | 'documentary_verification'
  | 'selfie_check'
  | 'watchlist_screening'
  | 'risk_check';

/** Plaid's IdentityVerificationStatus. */
export type IdvStatus = 'active' | 'success' | 'failed' | 'expired' | 'canceled' | 'pending_review';

/** A client's Identity Verification template: which steps its sessions run. */
export interface IdvTemplatesTable {
  template_id: string;
  client_id: string;
  name: string;
  version: number;
  /** JSON of the template's step settings (products/identity-verification/identity-verification.steps.ts). */
  steps: string;
  /** Where IDENTITY_VERIFICATION webhooks of sessions under this template go; null: none. */
  webhook: string | null;
  is_default: number;
  created_at: string;
  updated_at: string;
}

/** One Identity Verification attempt (a session). */
export interface IdentityVerificationsTable {
  id: string;
  client_id: string;
  client_user_id: string;
  template_id: string;
  template_version: number;
  status: IdvStatus;
  /** JSON of each step's status. */
  steps: string;
  /** JSON of the step settings this session runs (the template's, or a custom retry's). */
  plan: string;
  is_shareable: number;
  /** The secret of the shareable URL (null when not shareable). */
  share_key: string | null;
  previous_attempt_id: string | null;
  /** The user's data (name, date of birth, address, phone, email, ID number), sealed. */
  user_sealed: string;
  /** The outcome details of each step run (they echo personal data), sealed. */
  details_sealed: string;
  watchlist_screening_id: string | null;
  created_at: string;
  completed_at: string | null;
  redacted_at: string | null;
}

/** A document image captured in Link for a session, sealed. */
export interface IdvDocumentsTable {
  document_id: string;
  verification_id: string;
  client_id: string;
  side: 'front' | 'back' | 'selfie';
  content_type: string;
  image_sealed: string;
  created_at: string;
}

export interface IdentityVerificationTables {
  idv_templates: IdvTemplatesTable;
  identity_verifications: IdentityVerificationsTable;
  idv_documents: IdvDocumentsTable;
}
