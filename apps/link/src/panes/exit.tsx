import type { LinkInstitution } from '../../../server/src/products/link-session/link-session.contract';
import { FILES_INSTITUTION_ID } from '../files-upload';
import { useI18n } from '../i18n/i18n-context';

/**
 * Plaid's EXIT view: asked before leaving mid-flow. An alert dialog of its own inside the modal,
 * so screen readers announce the question when focus moves in; focus starts on staying, the
 * choice that loses nothing (Escape stays too). Laid out as a pane, so both answers stay in sight.
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
      <div className="pane-head">
        <h1 id="exit-title" tabIndex={-1}>
          {t('exit.title')}
        </h1>
      </div>
      <div className="pane-body">
        <p id="exit-message">
          {props.institution?.institution_id === FILES_INSTITUTION_ID
            ? t('files.exitMessage', { client: props.clientName })
            : t('exit.message', { bank, client: props.clientName })}
        </p>
      </div>
      <div className="pane-actions">
        <button type="button" className="primary" data-autofocus onClick={props.onStay}>
          {t('exit.stay')}
        </button>
        <button type="button" className="secondary" onClick={props.onExit}>
          {t('action.exit')}
        </button>
      </div>
    </section>
  );
}
