import { type FormEvent, useState } from 'react';
import type {
  LinkError,
  LinkInstitution,
} from '../../../server/src/products/link-session/link-session.contract';
import { errorMessage } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { InstitutionLogo } from './institution-logo';
import { PaneFrame } from './pane-frame';

/**
 * Sign in at the bank. The values go to Weft's session API only, never to the page. An institution
 * that asks for a setup token (a SimpleFIN Bridge) gets one field, sent as the password.
 */
export function CredentialsPane(props: {
  institution: LinkInstitution;
  error: LinkError | null;
  busy: boolean;
  onSubmit: (username: string, password: string) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const tokenOnly = props.institution.credentials === 'setup_token';
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (tokenOnly) {
      if (password.trim() === '') return;
      props.onSubmit('setup_token', password.trim());
      setPassword('');
      return;
    }
    if (username.trim() === '') return;
    props.onSubmit(username.trim(), password);
    setPassword('');
  };
  return (
    <PaneFrame
      lead={<InstitutionLogo institution={props.institution} large />}
      title={t('credentials.title', { bank: props.institution.name })}
      onSubmit={submit}
      actions={
        <button type="submit" className="primary" disabled={props.busy}>
          {props.busy ? t('credentials.busy') : t('action.submit')}
        </button>
      }
    >
      {props.error && (
        <p className="error" role="alert">
          {errorMessage(i18n, props.error)}
        </p>
      )}
      {tokenOnly ? (
        <label className="field">
          <span>{t('credentials.setupToken')}</span>
          <input
            name="setup_token"
            autoComplete="off"
            spellCheck={false}
            value={password}
            required
            aria-invalid={Boolean(props.error)}
            aria-describedby="setup-token-hint"
            onChange={(e) => setPassword(e.target.value)}
          />
          <small id="setup-token-hint">{t('credentials.setupTokenHint')}</small>
        </label>
      ) : (
        <>
          <label className="field">
            <span>{t('credentials.username')}</span>
            <input
              name="username"
              autoComplete="username"
              value={username}
              required
              aria-invalid={Boolean(props.error)}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label className="field">
            <span>{t('credentials.password')}</span>
            <input
              name="password"
              type="password"
              autoComplete="current-password"
              value={password}
              aria-invalid={Boolean(props.error)}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </>
      )}
    </PaneFrame>
  );
}
