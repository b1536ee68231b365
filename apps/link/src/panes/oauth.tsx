import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context';
import type { View } from '../view';
import { PaneFrame } from './pane-frame';

type OauthView = Extract<View, { v: 'oauth' }>;

/**
 * The OAuth hand-off: the user continues to the bank's own page. With a redirect_uri the whole
 * page goes there and comes back; without one a popup opens and Link waits for the bank's answer.
 */
export function OauthPane(props: { view: OauthView; onOpen: () => void; poll: () => Promise<void> }) {
  const { view, poll } = props;
  const { t } = useI18n();
  const bank = view.institution.name;
  useEffect(() => {
    if (!view.waiting) return;
    const timer = setInterval(() => void poll(), 1000);
    return () => clearInterval(timer);
  }, [view.waiting, poll]);

  const [blocked, setBlocked] = useState(false);
  const open = () => {
    if (!view.redirect && view.oauthUrl) {
      const popup = window.open(view.oauthUrl, 'weft-oauth', 'popup,width=480,height=720');
      setBlocked(!popup);
      if (!popup) return;
    }
    props.onOpen();
  };

  return (
    <PaneFrame
      title={view.waiting ? t('oauth.waitingTitle', { bank }) : t('oauth.continue', { bank })}
      actions={
        !view.waiting && (
          <button type="button" className="primary" data-autofocus onClick={open}>
            {t('oauth.continue', { bank })}
          </button>
        )
      }
    >
      {view.waiting ? (
        <p aria-live="polite">{t('oauth.waiting', { bank })}</p>
      ) : (
        <>
          <p>{t('oauth.intro', { bank })}</p>
          {blocked && (
            <p className="error" role="alert">
              {t('oauth.blocked', { bank })}
            </p>
          )}
        </>
      )}
    </PaneFrame>
  );
}
