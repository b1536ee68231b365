import type { LinkInstitution } from '../../../server/src/products/link-session/link-session.contract';
import { useI18n } from '../i18n/i18n-context';

/**
 * Plaid's EXIT view: asked before leaving mid-flow. An alert dialog of its own inside the modal,
 * so screen readers announce the question when focus moves in; focus starts on staying, the
 * choice that loses nothing (Escape stays too).
 */
export function ExitPane(props: {
  clientName: string;
  institution: LinkInstitution | null;
  onStay: () => void;
  onExit: () => void;
}) {
  const { t } = useI18n();
  const bank = props.institution?.name ?? t('bank.fallback');
  return (
    <section className="pane" role="alertdialog" aria-labelledby="exit-title" aria-describedby="exit-message">
      <h1 id="exit-title" tabIndex={-1}>
        {t('exit.title')}
      </h1>
      <p id="exit-message">{t('exit.message', { bank, client: props.clientName })}</p>
      <button type="button" className="primary" data-autofocus onClick={props.onStay}>
        {t('exit.stay')}
      </button>
      <button type="button" className="secondary" onClick={props.onExit}>
        {t('action.exit')}
      </button>
    </section>
  );
}
