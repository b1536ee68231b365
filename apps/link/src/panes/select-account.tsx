import { type FormEvent, useState } from 'react';
import { FILES_INSTITUTION_ID } from '../files-upload';
import { accountKind } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import type { View } from '../view';
import { PaneFrame } from './pane-frame';

type SelectView = Extract<View, { v: 'select_account' }>;

/** Choose the accounts to share: checkboxes (several) or radio buttons (exactly one). */
export function SelectAccountPane(props: {
  view: SelectView;
  busy: boolean;
  onSubmit: (ids: string[]) => void;
}) {
  const { view } = props;
  const i18n = useI18n();
  const { t } = i18n;
  const [chosen, setChosen] = useState<string[]>(() => (view.multiple ? view.accounts.map((a) => a.id) : []));
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => (view.multiple ? (on ? [...c, id] : c.filter((x) => x !== id)) : [id]));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen.length > 0) props.onSubmit(chosen);
  };
  return (
    <PaneFrame
      title={view.multiple ? t('accounts.titleMany') : t('accounts.titleOne')}
      onSubmit={submit}
      actions={
        <button type="submit" className="primary" disabled={props.busy || chosen.length === 0}>
          {props.busy ? t('accounts.busy') : t('action.continue')}
        </button>
      }
    >
      <fieldset className="accounts">
        <legend className="muted">
          {view.institution.institution_id === FILES_INSTITUTION_ID
            ? t('files.accountsLegend')
            : t('accounts.at', { bank: view.institution.name })}
        </legend>
        {view.accounts.map((a) => (
          <label key={a.id} className="account">
            <input
              type={view.multiple ? 'checkbox' : 'radio'}
              name="account"
              value={a.id}
              checked={chosen.includes(a.id)}
              onChange={(e) => toggle(a.id, e.target.checked)}
            />
            <span className="account-name">
              {a.name}
              {a.mask && <span className="muted"> ••••{a.mask}</span>}
            </span>
            <span className="muted">
              {[accountKind(i18n, a.subtype ?? a.type), a.balance && i18n.money(a.balance)]
                .filter(Boolean)
                .join(' · ')}
            </span>
          </label>
        ))}
      </fieldset>
    </PaneFrame>
  );
}
