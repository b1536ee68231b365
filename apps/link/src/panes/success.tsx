import type { View } from '../view';

type SuccessView = Extract<View, { v: 'success' }>;

/** Connected: the user goes back to the app, which receives the public token. */
export function SuccessPane(props: { view: SuccessView; clientName: string; onContinue: () => void }) {
  const n = props.view.metadata.accounts.length;
  return (
    <section className="pane center">
      <div className="check" aria-hidden="true">
        ✓
      </div>
      <h1 id="pane-title" tabIndex={-1}>
        Success
      </h1>
      <p>
        {n > 0
          ? `${n} account${n === 1 ? '' : 's'} at ${props.view.institution?.name ?? 'your bank'} connected to ${props.clientName}.`
          : `All done with ${props.view.institution?.name ?? 'your bank'}.`}
      </p>
      <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
        Continue
      </button>
    </section>
  );
}
