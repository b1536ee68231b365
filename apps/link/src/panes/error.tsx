import { errorMessage, errorTitle } from '../i18n/i18n';
import { useI18n } from '../i18n/i18n-context';
import type { View } from '../view';
import { PaneFrame } from './pane-frame';

type ErrorView = Extract<View, { v: 'error' }>;

/** An error the user cannot fix by retyping: try another bank, or exit with the error. */
export function ErrorPane(props: { view: ErrorView; onRetry: (() => void) | null; onExit: () => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const e = props.view.error;
  return (
    <PaneFrame
      title={errorTitle(i18n, e)}
      actions={
        <>
          {props.onRetry && (
            <button type="button" className="primary" data-autofocus onClick={props.onRetry}>
              {t('error.retry')}
            </button>
          )}
          <button type="button" className={props.onRetry ? 'secondary' : 'primary'} onClick={props.onExit}>
            {t('action.exit')}
          </button>
        </>
      }
    >
      <p role="alert">{errorMessage(i18n, e)}</p>
      <p className="muted">{t('error.code', { code: e.error_code })}</p>
    </PaneFrame>
  );
}
