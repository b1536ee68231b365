import type { LinkPayment } from '../../../server/src/products/link-session/link-session.contract';
import { formatAmount } from '../format';

/** First pane: who is asking and what connecting means. */
export function ConsentPane(props: { clientName: string; update: boolean; onContinue: () => void }) {
  return (
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        {props.update
          ? `Reconnect your account to ${props.clientName}`
          : `${props.clientName} uses Weft to connect your account`}
      </h1>
      <ul className="points">
        <li>
          <strong>Secure.</strong> Your credentials go only to your bank, never to {props.clientName}.
        </li>
        <li>
          <strong>Private.</strong> {props.clientName} sees only the accounts you choose.
        </li>
      </ul>
      <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
        Continue
      </button>
    </section>
  );
}

/** The payment the user is about to authorise at their bank. */
export function PaymentPane(props: { payment: LinkPayment; clientName: string; onContinue: () => void }) {
  const p = props.payment;
  return (
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        Review your payment
      </h1>
      <dl className="payment">
        <dt>To</dt>
        <dd>{p.recipient_name}</dd>
        <dt>Amount</dt>
        <dd>{formatAmount(p.amount, 'en')}</dd>
        <dt>Reference</dt>
        <dd>{p.reference}</dd>
      </dl>
      <p className="muted">Next, choose your bank; you will approve the payment there.</p>
      <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
        Continue
      </button>
    </section>
  );
}
