import type { View } from '../view';

type ErrorView = Extract<View, { v: 'error' }>;

const TITLES: Record<string, string> = {
  ITEM_LOCKED: 'Your account is locked',
  INSTITUTION_DOWN: 'Your bank is not available',
  INSTITUTION_NOT_RESPONDING: 'Your bank is not responding',
  INSTITUTION_NOT_AVAILABLE: 'Your bank is not available',
  INSUFFICIENT_CREDENTIALS: 'Access was not authorised',
  NO_ACCOUNTS: 'No eligible accounts',
  INVALID_LINK_TOKEN: 'This session has expired',
};

/** An error the user cannot fix by retyping: try another bank, or exit with the error. */
export function ErrorPane(props: { view: ErrorView; onRetry: (() => void) | null; onExit: () => void }) {
  const e = props.view.error;
  return (
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        {TITLES[e.error_code] ?? 'Something went wrong'}
      </h1>
      <p role="alert">{e.display_message ?? 'Please try again later.'}</p>
      <p className="muted">Error code: {e.error_code}</p>
      {props.onRetry && (
        <button type="button" className="primary" data-autofocus onClick={props.onRetry}>
          Try another bank
        </button>
      )}
      <button type="button" className={props.onRetry ? 'secondary' : 'primary'} onClick={props.onExit}>
        Exit
      </button>
    </section>
  );
}
