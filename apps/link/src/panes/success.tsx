import { FILES_INSTITUTION_ID } from '../files-upload';
import { useI18n } from '../i18n/i18n-context';
import type { View } from '../view';
import { PaneFrame } from './pane-frame';

type SuccessView = Extract<View, { v: 'success' }>;

/** Connected: the user goes back to the app, which receives the public token. */
export function SuccessPane(props: { view: SuccessView; clientName: string; onContinue: () => void }) {
  const { t } = useI18n();
  const count = props.view.metadata.accounts.length;
  const bank = props.view.institution?.name ?? t('bank.fallback');
  return (
    <PaneFrame
      center
      lead={
        <div className="check" aria-hidden="true">
          ✓
        </div>
      }
      title={t('success.title')}
      actions={
        <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
          {t('action.continue')}
        </button>
      }
    >
      <p>
        {count === 0
          ? t('success.done', { bank })
          : props.view.institution?.institution_id === FILES_INSTITUTION_ID
            ? t('files.connected', { count, client: props.clientName })
            : t('success.connected', { count, bank, client: props.clientName })}
      </p>
    </PaneFrame>
  );
}
