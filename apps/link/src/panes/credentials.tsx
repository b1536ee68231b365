import { type FormEvent, useState } from 'react';
import type {
  LinkError,
  LinkInstitution,
} from '../../../server/src/products/link-session/link-session.contract';

/** Sign in at the bank. The values go to Weft's session API only, never to the page. */
export function CredentialsPane(props: {
  institution: LinkInstitution;
  error: LinkError | null;
  busy: boolean;
  onBack: (() => void) | null;
  onSubmit: (username: string, password: string) => void;
}) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (username.trim() === '') return;
    props.onSubmit(username.trim(), password);
    setPassword('');
  };
  return (
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        Sign in to {props.institution.name}
      </h1>
      {props.error && (
        <p className="error" role="alert">
          {props.error.display_message ?? props.error.error_message}
        </p>
      )}
      <form onSubmit={submit} noValidate>
        <label className="field">
          <span>Username</span>
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
          <span>Password</span>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            aria-invalid={Boolean(props.error)}
            onChange={(e) => setPassword(e.target.value)}
          />
        </label>
        <button type="submit" className="primary" disabled={props.busy}>
          {props.busy ? 'Signing in…' : 'Submit'}
        </button>
      </form>
      {props.onBack && (
        <button type="button" className="link" onClick={props.onBack}>
          Choose a different bank
        </button>
      )}
    </section>
  );
}
