import type { LinkInstitution } from '../../../server/src/products/link-session/link-session.contract';

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
  const bank = props.institution?.name ?? 'your bank';
  return (
    <section className="pane" role="alertdialog" aria-labelledby="exit-title" aria-describedby="exit-message">
      <h1 id="exit-title" tabIndex={-1}>
        Exit without connecting?
      </h1>
      <p id="exit-message">
        Your account at {bank} is not connected to {props.clientName} yet. If you exit now, you will have to
        start again.
      </p>
      <button type="button" className="primary" data-autofocus onClick={props.onStay}>
        Keep connecting
      </button>
      <button type="button" className="secondary" onClick={props.onExit}>
        Exit
      </button>
    </section>
  );
}
