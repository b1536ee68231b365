import { type FormEvent, useState } from 'react';
import type {
  LinkError,
  LinkInstitution,
  LinkMfaChallenge,
} from '../../../server/src/products/link-session/link-session.contract';
import { errorMessage } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import { PaneFrame } from './pane-frame';

/** One MFA round: a device code, security questions or multiple-choice selections. */
export function MfaPane(props: {
  institution: LinkInstitution;
  challenge: LinkMfaChallenge;
  error: LinkError | null;
  busy: boolean;
  onSubmit: (answers: string[]) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const c = props.challenge;
  const count = c.type === 'device' ? 1 : c.type === 'questions' ? c.questions.length : c.selections.length;
  const [answers, setAnswers] = useState<string[]>(() => Array.from({ length: count }, () => ''));
  const set = (i: number, v: string) => setAnswers((a) => a.map((x, j) => (j === i ? v : x)));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (answers.some((a) => a.trim() === '')) return;
    props.onSubmit(answers);
  };
  return (
    <PaneFrame
      title={c.type === 'device' ? t('mfa.titleCode') : t('mfa.titleVerify')}
      onSubmit={submit}
      actions={
        <button type="submit" className="primary" disabled={props.busy}>
          {props.busy ? t('mfa.busy') : t('action.submit')}
        </button>
      }
    >
      {props.error && (
        <p className="error" role="alert">
          {errorMessage(i18n, props.error)}
        </p>
      )}
      {c.type === 'device' && (
        <label className="field">
          <span>{c.message}</span>
          <input
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={answers[0]}
            onChange={(e) => set(0, e.target.value)}
          />
        </label>
      )}
      {c.type === 'questions' &&
        c.questions.map((q, i) => (
          <label className="field" key={q}>
            <span>{q}</span>
            <input name={`answer-${i}`} value={answers[i]} onChange={(e) => set(i, e.target.value)} />
          </label>
        ))}
      {c.type === 'selections' &&
        c.selections.map((s, i) => (
          <fieldset key={s.question} className="choices">
            <legend>{s.question}</legend>
            {s.answers.map((a) => (
              <label key={a} className="choice">
                <input
                  type="radio"
                  name={`selection-${i}`}
                  value={a}
                  checked={answers[i] === a}
                  onChange={() => set(i, a)}
                />
                <span>{a}</span>
              </label>
            ))}
          </fieldset>
        ))}
    </PaneFrame>
  );
}
