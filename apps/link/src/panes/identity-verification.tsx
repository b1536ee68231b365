import { type FormEvent, useEffect, useRef, useState } from 'react';
import type { LinkIdvState } from '../../../server/src/products/link-session/link-session.contract';
import type { SessionApi } from '../api';
import type { LinkEventMetadata } from '../protocol';
import { PaneFrame } from './pane-frame';

type Emit = (eventName: string, extra?: Partial<LinkEventMetadata>) => void;

/** Plaid's view_name of each Identity Verification pane. */
const VIEW: Record<LinkIdvState['pane'], string | null> = {
  accept_tos: 'ACCEPT_TOS',
  phone: 'VERIFY_SMS',
  sms_code: 'VERIFY_SMS',
  personal_info: 'KYC_CHECK',
  document: 'DOCUMENTARY_VERIFICATION',
  done: null,
};
const STEP_VIEW: Record<string, string> = {
  accept_tos: 'ACCEPT_TOS',
  verify_sms: 'VERIFY_SMS',
  kyc_check: 'KYC_CHECK',
  documentary_verification: 'DOCUMENTARY_VERIFICATION',
  selfie_check: 'SELFIE_CHECK',
  watchlist_screening: 'SCREENING',
  risk_check: 'RISK_CHECK',
};

/**
 * Identity Verification in Link: the terms, the phone and its SMS code, the personal information,
 * and a document photo, each pane the session's open step. Reports Plaid's
 * IDENTITY_VERIFICATION_* events as steps start, pass or fail, and the session's outcome.
 */
export function IdentityVerificationPane(props: {
  api: SessionApi;
  initial: LinkIdvState;
  clientName: string;
  emit: Emit;
  onDone: (state: LinkIdvState) => void;
}) {
  const [state, setState] = useState(props.initial);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const started = useRef<string | null>(null);
  const { emit, onDone } = props;

  useEffect(() => {
    const view = VIEW[state.pane];
    if (view && started.current !== view) {
      started.current = view;
      emit('TRANSITION_VIEW', { view_name: view });
      emit('IDENTITY_VERIFICATION_START_STEP', { view_name: view });
    }
    if (state.pane === 'done') onDone(state);
  }, [state, emit, onDone]);

  const act = async (path: string, body: Record<string, unknown>, invalid?: string) => {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const next = await props.api.idv(path, body);
      for (const [step, status] of Object.entries(next.steps)) {
        const was = state.steps[step];
        if (was === status) continue;
        const view_name = STEP_VIEW[step] ?? null;
        if (status === 'success') emit('IDENTITY_VERIFICATION_PASS_STEP', { view_name });
        else if (status === 'failed') emit('IDENTITY_VERIFICATION_FAIL_STEP', { view_name });
        else if (status === 'pending_review')
          emit('IDENTITY_VERIFICATION_PENDING_REVIEW_STEP', { view_name });
      }
      if (next.pane === state.pane && invalid) setError(invalid);
      setState(next);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Something went wrong. Please try again.');
    } finally {
      setBusy(false);
    }
  };

  const submit = (f: (data: FormData) => void) => (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    f(new FormData(e.currentTarget));
  };
  const text = (d: FormData, k: string) => String(d.get(k) ?? '').trim();
  const alert = error && (
    <p className="error" role="alert">
      {error}
    </p>
  );
  const button = (label: string) => (
    <button type="submit" className="primary" disabled={busy}>
      {busy ? 'Please wait…' : label}
    </button>
  );

  switch (state.pane) {
    case 'accept_tos':
      return (
        <PaneFrame
          title="Verify your identity"
          onSubmit={submit(() => void act('accept_tos', {}))}
          actions={button('I agree')}
        >
          <p>
            {props.clientName} uses Weft to verify your identity. You will confirm your phone number, give
            your personal information and, if needed, a photo of an ID document.
          </p>
          <p>By continuing you agree that this information is shared for verification.</p>
          {alert}
        </PaneFrame>
      );
    case 'phone':
      return (
        <PaneFrame
          title="Enter your phone number"
          onSubmit={submit((d) => {
            const digits = text(d, 'phone').replace(/[^\d+]/g, '');
            const phone = digits.startsWith('+') ? digits : `+1${digits}`;
            void act('phone', { phone_number: phone });
          })}
          actions={button('Send code')}
        >
          <label className="field">
            <span>Mobile number</span>
            <input
              name="phone"
              type="tel"
              autoComplete="tel"
              defaultValue={state.phone_number ?? ''}
              required
            />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'sms_code':
      return (
        <PaneFrame
          title="Enter the code we sent"
          onSubmit={submit(
            (d) => void act('sms_code', { code: text(d, 'code') }, 'That code is not right. Try again.'),
          )}
          actions={button('Verify')}
        >
          <p>We sent a code to {state.phone_number}.</p>
          <label className="field">
            <span>Verification code</span>
            <input name="code" inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'personal_info':
      return (
        <PaneFrame
          title="Your personal information"
          onSubmit={submit((d) => {
            const ssn = text(d, 'ssn').replace(/\D/g, '');
            void act('personal_info', {
              name: { given_name: text(d, 'given_name'), family_name: text(d, 'family_name') },
              date_of_birth: text(d, 'date_of_birth'),
              address: {
                street: text(d, 'street'),
                city: text(d, 'city'),
                region: text(d, 'region') || null,
                postal_code: text(d, 'postal_code') || null,
                country: 'US',
              },
              id_number: ssn ? { value: ssn, type: ssn.length === 4 ? 'us_ssn_last_4' : 'us_ssn' } : null,
            });
          })}
          actions={button('Continue')}
        >
          <label className="field">
            <span>First name</span>
            <input name="given_name" autoComplete="given-name" required />
          </label>
          <label className="field">
            <span>Last name</span>
            <input name="family_name" autoComplete="family-name" required />
          </label>
          <label className="field">
            <span>Date of birth</span>
            <input name="date_of_birth" type="date" autoComplete="bday" required />
          </label>
          <label className="field">
            <span>Street address</span>
            <input name="street" autoComplete="address-line1" required />
          </label>
          <label className="field">
            <span>City</span>
            <input name="city" autoComplete="address-level2" required />
          </label>
          <label className="field">
            <span>State</span>
            <input name="region" autoComplete="address-level1" />
          </label>
          <label className="field">
            <span>ZIP code</span>
            <input name="postal_code" autoComplete="postal-code" />
          </label>
          <label className="field">
            <span>Social Security number</span>
            <input name="ssn" inputMode="numeric" autoComplete="off" />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'document':
      return (
        <PaneFrame
          title="Take a photo of your ID"
          onSubmit={submit((d) => {
            const file = d.get('document');
            if (!(file instanceof File) || file.size === 0) return setError('Choose a photo of your ID.');
            void file.arrayBuffer().then((bytes) =>
              act('document', {
                content_type: file.type === 'image/png' ? 'image/png' : 'image/jpeg',
                image_base64: base64(new Uint8Array(bytes)),
              }),
            );
          })}
          actions={button('Upload')}
        >
          <p>
            We could not verify your details from records. A photo of a driver's license, ID card or passport
            will do.
          </p>
          <label className="field">
            <span>ID document photo</span>
            <input name="document" type="file" accept="image/jpeg,image/png" />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'done':
      return <p className="center pane-body">Finishing…</p>;
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
