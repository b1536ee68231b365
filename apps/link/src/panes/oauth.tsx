import { useEffect, useState } from 'react';
import type { View } from '../view';

type OauthView = Extract<View, { v: 'oauth' }>;

/**
 * The OAuth hand-off: the user continues to the bank's own page. With a redirect_uri the whole
 * page goes there and comes back; without one a popup opens and Link waits for the bank's answer.
 */
export function OauthPane(props: { view: OauthView; onOpen: () => void; poll: () => Promise<void> }) {
  const { view, poll } = props;
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
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        {view.waiting ? `Waiting for ${view.institution.name}` : `Continue to ${view.institution.name}`}
      </h1>
      {view.waiting ? (
        <p aria-live="polite">
          Finish signing in at {view.institution.name}; this window will update by itself.
        </p>
      ) : (
        <>
          <p>
            You will be sent to {view.institution.name} to sign in and approve access, then brought back here.
          </p>
          {blocked && (
            <p className="error" role="alert">
              Your browser blocked the window for {view.institution.name}. Allow pop-ups for this site and try
              again.
            </p>
          )}
          <button type="button" className="primary" data-autofocus onClick={open}>
            Continue to {view.institution.name}
          </button>
        </>
      )}
    </section>
  );
}
