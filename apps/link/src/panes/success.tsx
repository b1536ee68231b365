import { useI18n } from '../i18n/i18n-context';
import type { View } from '../view';

type SuccessView = Extract<View, { v: 'success' }>;

/** Connected: the user goes back to the app, which receives the public token. */
export function SuccessPane(props: { view: SuccessView; clientName: string; onContinue: () => void }) {
  const { t } = useI18n();
  const count = props.view.metadata.accounts.length;
  const bank = props.view.institution?.name ?? t('bank.fallback');
  return (
    <section className="pane center">
      <div className="check" aria-hidden="true">
        ✓
      </div>
      <h1 id="pane-title" tabIndex={-1}>
        {t('success.title')}
      </h1>
      <p>
        {count > 0
          ? t('success.connected', { count, bank, client: props.clientName })
          : t('success.done', { bank })}
      </p>
      <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
        {t('action.continue')}
      </button>
    </section>
  );
}
