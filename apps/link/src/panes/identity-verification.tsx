import { type FormEvent, useCallback, useEffect, useRef, useState } from 'react';
import type { LinkIdvState } from '../../../server/src/products/link-session/link-session.contract';
import { LinkApiError, type SessionApi } from '../api';
import { errorMessage } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
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

/** Step outcomes that mean the user (or the API) already moved the session on. */
const DONE = new Set(['success', 'failed', 'pending_review', 'manually_approved', 'manually_rejected']);

/**
 * Identity Verification in Link: the terms, the phone and its SMS code, the personal information,
 * and a document photo, each pane the session's open step, in the link token's language. Reports
 * Plaid's IDENTITY_VERIFICATION_* events: CREATE_SESSION (or RESUME_SESSION for a session some of
 * whose steps have already run) when it opens, then as steps start, pass, fail or await review.
 * As at Plaid, these events' link_session_id is the verification's id.
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
  const opened = useRef(false);
  const i18n = useI18n();
  const { t } = i18n;
  const { onDone, emit: emitLink } = props;
  const idvId = state.identity_verification_id;
  const emit = useCallback<Emit>(
    (eventName, extra = {}) => emitLink(eventName, { link_session_id: idvId, ...extra }),
    [emitLink, idvId],
  );

  useEffect(() => {
    if (!opened.current) {
      opened.current = true;
      const resumed = Object.values(props.initial.steps).some((s) => DONE.has(s));
      emit(resumed ? 'IDENTITY_VERIFICATION_RESUME_SESSION' : 'IDENTITY_VERIFICATION_CREATE_SESSION');
    }
    const view = VIEW[state.pane];
    if (view && started.current !== view) {
      started.current = view;
      emit('TRANSITION_VIEW', { view_name: view });
      emit('IDENTITY_VERIFICATION_START_STEP', { view_name: view });
    }
    if (state.pane === 'done') onDone(state);
  }, [state, emit, onDone, props.initial]);

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
      setError(e instanceof LinkApiError ? errorMessage(i18n, e.error) : t('idv.error'));
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
      {busy ? t('idv.busy') : label}
    </button>
  );

  switch (state.pane) {
    case 'accept_tos':
      return (
        <PaneFrame
          title={t('idv.tos.title')}
          onSubmit={submit(() => void act('accept_tos', {}))}
          actions={button(t('idv.tos.agree'))}
        >
          <p>{t('idv.tos.intro', { client: props.clientName })}</p>
          <p>{t('idv.tos.consent')}</p>
          {alert}
        </PaneFrame>
      );
    case 'phone':
      return (
        <PaneFrame
          title={t('idv.phone.title')}
          onSubmit={submit((d) => {
            const digits = text(d, 'phone').replace(/[^\d+]/g, '');
            const phone = digits.startsWith('+') ? digits : `+1${digits}`;
            void act('phone', { phone_number: phone });
          })}
          actions={button(t('idv.phone.send'))}
        >
          <label className="field">
            <span>{t('idv.phone.label')}</span>
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
          title={t('idv.sms.title')}
          onSubmit={submit((d) => void act('sms_code', { code: text(d, 'code') }, t('idv.sms.wrong')))}
          actions={button(t('idv.sms.verify'))}
        >
          <p>{t('idv.sms.sent', { phone: state.phone_number ?? '' })}</p>
          <label className="field">
            <span>{t('idv.sms.label')}</span>
            <input name="code" inputMode="numeric" autoComplete="one-time-code" required />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'personal_info':
      return (
        <PaneFrame
          title={t('idv.info.title')}
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
          actions={button(t('action.continue'))}
        >
          <label className="field">
            <span>{t('idv.info.givenName')}</span>
            <input name="given_name" autoComplete="given-name" required />
          </label>
          <label className="field">
            <span>{t('idv.info.familyName')}</span>
            <input name="family_name" autoComplete="family-name" required />
          </label>
          <label className="field">
            <span>{t('idv.info.dateOfBirth')}</span>
            <input name="date_of_birth" type="date" autoComplete="bday" required />
          </label>
          <label className="field">
            <span>{t('idv.info.street')}</span>
            <input name="street" autoComplete="address-line1" required />
          </label>
          <label className="field">
            <span>{t('idv.info.city')}</span>
            <input name="city" autoComplete="address-level2" required />
          </label>
          <label className="field">
            <span>{t('idv.info.region')}</span>
            <input name="region" autoComplete="address-level1" />
          </label>
          <label className="field">
            <span>{t('idv.info.postalCode')}</span>
            <input name="postal_code" autoComplete="postal-code" />
          </label>
          <label className="field">
            <span>{t('idv.info.ssn')}</span>
            <input name="ssn" inputMode="numeric" autoComplete="off" />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'document':
      return (
        <PaneFrame
          title={t('idv.document.title')}
          onSubmit={submit((d) => {
            const file = d.get('document');
            if (!(file instanceof File) || file.size === 0) return setError(t('idv.document.missing'));
            void file.arrayBuffer().then((bytes) =>
              act('document', {
                content_type: file.type === 'image/png' ? 'image/png' : 'image/jpeg',
                image_base64: base64(new Uint8Array(bytes)),
              }),
            );
          })}
          actions={button(t('idv.document.upload'))}
        >
          <p>{t('idv.document.intro')}</p>
          <label className="field">
            <span>{t('idv.document.label')}</span>
            <input name="document" type="file" accept="image/jpeg,image/png" />
          </label>
          {alert}
        </PaneFrame>
      );
    case 'done':
      return <p className="center pane-body">{t('idv.finishing')}</p>;
  }
}

function base64(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
}
