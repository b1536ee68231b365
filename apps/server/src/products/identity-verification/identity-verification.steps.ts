import type { IdentityVerificationSource } from '../../connectors/identity-verification';
import type { IdvStatus, IdvStepName } from '../../db/tables/identity-verification';
import {
  type IdvDetails,
  runDocumentCheck,
  runKycCheck,
  runRiskCheck,
  smsDetails,
} from './identity-verification.checks';

/** The steps of a session, in the order they run. */
export const STEP_ORDER: readonly IdvStepName[] = [
  'accept_tos',
  'verify_sms',
  'kyc_check',
  'documentary_verification',
  'selfie_check',
  'watchlist_screening',
  'risk_check',
];

/** Plaid's IdentityVerificationStepStatus. */
export type StepStatus =
  | 'success'
  | 'active'
  | 'failed'
  | 'waiting_for_prerequisite'
  | 'not_applicable'
  | 'skipped'
  | 'expired'
  | 'canceled'
  | 'pending_review'
  | 'manually_approved'
  | 'manually_rejected';

/** Each step's status. */
export type StepStatuses = Record<IdvStepName, StepStatus>;

/**
 * How a session treats a step: `on` runs it, `off` never does (not_applicable), `skipped` was
 * left out by a retry; the document check may also run only as a `fallback` when kyc_check fails.
 */
export type StepMode = 'on' | 'off' | 'skipped';
export interface StepPlan {
  accept_tos: StepMode;
  verify_sms: StepMode;
  kyc_check: StepMode;
  documentary_verification: StepMode | 'fallback';
  selfie_check: StepMode;
  watchlist_screening: StepMode;
  risk_check: StepMode;
}

/** The steps of a client's default template (docs/identity-verification.md). */
export const DEFAULT_PLAN: StepPlan = {
  accept_tos: 'on',
  verify_sms: 'on',
  kyc_check: 'on',
  documentary_verification: 'fallback',
  selfie_check: 'on',
  watchlist_screening: 'on',
  risk_check: 'on',
};

/** A name, as Plaid's user objects hold it. */
export interface IdvName {
  given_name: string;
  family_name: string;
}
/** An address, as Plaid's user objects hold it. */
export interface IdvAddress {
  street: string | null;
  street2: string | null;
  city: string | null;
  region: string | null;
  postal_code: string | null;
  country: string;
}
/** The user's data a session collects (Plaid's IdentityVerificationUserData). */
export interface IdvUser {
  phone_number: string | null;
  date_of_birth: string | null;
  ip_address: string | null;
  email_address: string | null;
  name: IdvName | null;
  address: IdvAddress | null;
  id_number: { value: string; type: string } | null;
}

/** An empty user. */
export const NO_USER: IdvUser = {
  phone_number: null,
  date_of_birth: null,
  ip_address: null,
  email_address: null,
  name: null,
  address: null,
  id_number: null,
};

/** What the user has done so far besides giving data. */
export interface SessionFacts {
  /** The terms were accepted (in Link, or `gave_consent`). */
  consent: boolean;
  /** The SMS codes entered for the phone number, in order (the sandbox's source sends 11111). */
  smsCodes: string[];
  /** A document image was captured. */
  documentCaptured: boolean;
}

/** A watchlist screening of the user, done by Monitor. */
export type WatchlistScreener = (user: IdvUser) => Promise<{
  screeningId: string | null;
  status: 'success' | 'pending_review' | 'failed';
}>;

/** The state of a session the steps move forward. */
export interface SessionState {
  steps: StepStatuses;
  details: IdvDetails;
  watchlistScreeningId: string | null;
}

const waiting = (mode: StepMode | 'fallback'): StepStatus =>
  mode === 'off' ? 'not_applicable' : mode === 'skipped' ? 'skipped' : 'waiting_for_prerequisite';

/** The first state of a session under a plan; `gave_consent` skips the terms step. */
export function initialState(plan: StepPlan, gaveConsent: boolean): SessionState {
  const steps = Object.fromEntries(STEP_ORDER.map((s) => [s, waiting(plan[s])])) as StepStatuses;
  if (gaveConsent && steps.accept_tos === 'waiting_for_prerequisite') steps.accept_tos = 'skipped';
  return {
    steps,
    details: { verify_sms: null, kyc_check: null, documentary_verification: null, risk_check: null },
    watchlistScreeningId: null,
  };
}

const hasKycData = (u: IdvUser) => u.name !== null && u.date_of_birth !== null && u.address !== null;
const open = (s: StepStatus) => s === 'active' || s === 'waiting_for_prerequisite';

/**
 * Runs the session's steps in order as far as the user's data and actions allow: a step that
 * needs something the user has not given becomes `active` and the run stops there. A failed step
 * fails the session, except a failed kyc_check when the document check is its fallback. Once the
 * session has ended, steps that did not run are `not_applicable`. Selfie checks are not run in
 * the sandbox (as at Plaid), so that step is `not_applicable` there. Returns the steps that
 * changed, in order.
 */
export async function advance(
  plan: StepPlan,
  state: SessionState,
  user: IdvUser,
  facts: SessionFacts,
  screen: WatchlistScreener,
  source: IdentityVerificationSource,
  /** The document image captured in this change, if any (a sandbox session made through the API has none). */
  documentImage: string | null = null,
): Promise<IdvStepName[]> {
  const before = { ...state.steps };
  const s = state.steps;
  let failed = false;
  run: for (const step of STEP_ORDER) {
    if (!open(s[step])) continue;
    switch (step) {
      case 'accept_tos':
        if (!facts.consent) {
          s.accept_tos = 'active';
          break run;
        }
        s.accept_tos = 'success';
        break;
      case 'verify_sms': {
        const phone = user.phone_number;
        const tries = facts.smsCodes.slice(0, 3);
        // A wrong code may be entered again, up to three tries.
        if (phone === null || (!tries.some((c) => source.smsCodeIsRight(phone, c)) && tries.length < 3)) {
          s.verify_sms = 'active';
          break run;
        }
        state.details.verify_sms = smsDetails(phone, facts.smsCodes, source);
        s.verify_sms = state.details.verify_sms.status;
        if (s.verify_sms === 'failed') failed = true;
        break;
      }
      case 'kyc_check':
        if (!hasKycData(user)) {
          s.kyc_check = 'active';
          break run;
        }
        state.details.kyc_check = runKycCheck(user, source);
        s.kyc_check = state.details.kyc_check.status;
        if (s.kyc_check === 'failed' && plan.documentary_verification !== 'fallback') failed = true;
        break;
      case 'documentary_verification':
        if (plan.documentary_verification === 'fallback' && s.kyc_check !== 'failed') {
          s.documentary_verification = 'not_applicable';
          break;
        }
        if (!facts.documentCaptured) {
          s.documentary_verification = 'active';
          break run;
        }
        state.details.documentary_verification = runDocumentCheck(user, source, documentImage);
        s.documentary_verification = state.details.documentary_verification.status;
        if (s.documentary_verification === 'failed') failed = true;
        break;
      case 'selfie_check':
        s.selfie_check = 'not_applicable';
        break;
      case 'watchlist_screening': {
        const r = await screen(user);
        state.watchlistScreeningId = r.screeningId;
        s.watchlist_screening = r.status;
        if (r.status === 'failed') failed = true;
        break;
      }
      case 'risk_check':
        state.details.risk_check = runRiskCheck(user);
        s.risk_check = state.details.risk_check.status;
        if (s.risk_check === 'failed') failed = true;
        break;
    }
    if (failed) break;
  }
  if (failed) for (const step of STEP_ORDER) if (open(s[step])) s[step] = 'not_applicable';
  return STEP_ORDER.filter((step) => before[step] !== s[step]);
}

/**
 * The session's status from its steps: failed once a step failed without a fallback that passed,
 * active while a step is open, pending review while a screening hit awaits review, else success.
 */
export function sessionStatus(plan: StepPlan, steps: StepStatuses): IdvStatus {
  const recovered = (step: IdvStepName) =>
    step === 'kyc_check' &&
    plan.documentary_verification === 'fallback' &&
    (steps.documentary_verification === 'success' || open(steps.documentary_verification));
  if (STEP_ORDER.some((step) => steps[step] === 'failed' && !recovered(step))) return 'failed';
  if (steps.accept_tos === 'canceled') return 'canceled';
  if (STEP_ORDER.some((step) => open(steps[step]))) return 'active';
  if (STEP_ORDER.some((step) => steps[step] === 'pending_review')) return 'pending_review';
  return 'success';
}

/** Marks every open step canceled (a session replaced by a retry). */
export function cancelOpenSteps(steps: StepStatuses): void {
  for (const step of STEP_ORDER) if (open(steps[step])) steps[step] = 'canceled';
}

/**
 * The plan of a retry. `reset` runs the template again; `incomplete` skips the steps the previous
 * session passed; `infer` is `incomplete` after a failed or expired session and `reset` otherwise;
 * `custom` requires or skips the four steps named (the selfie check is left out in the sandbox,
 * as at Plaid).
 */
export function retryPlan(
  template: StepPlan,
  strategy: 'reset' | 'incomplete' | 'infer' | 'custom',
  previous: { status: IdvStatus; steps: StepStatuses },
  custom: {
    verify_sms: boolean;
    kyc_check: boolean;
    documentary_verification: boolean;
    selfie_check: boolean;
  } | null,
): StepPlan {
  if (strategy === 'infer')
    strategy = previous.status === 'failed' || previous.status === 'expired' ? 'incomplete' : 'reset';
  if (strategy === 'reset') return { ...template };
  if (strategy === 'custom' && custom) {
    const on = (b: boolean): StepMode => (b ? 'on' : 'skipped');
    return {
      ...template,
      verify_sms: on(custom.verify_sms),
      kyc_check: on(custom.kyc_check),
      documentary_verification: on(custom.documentary_verification),
      // The sandbox runs no selfie check: asked for, it is silently left out.
      selfie_check: custom.selfie_check ? 'off' : 'skipped',
    };
  }
  const plan = { ...template };
  for (const step of STEP_ORDER) {
    const was = previous.steps[step];
    if (plan[step] !== 'off' && (was === 'success' || was === 'manually_approved'))
      (plan as Record<IdvStepName, StepPlan[IdvStepName]>)[step] = 'skipped';
  }
  return plan;
}
