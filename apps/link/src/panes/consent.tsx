import type { LinkPayment } from '../../../server/src/products/link-session/link-session.contract';
import { useI18n } from '../i18n/i18n-context';

/** First pane: who is asking and what connecting means. */
export function ConsentPane(props: { clientName: string; update: boolean; onContinue: () => void }) {
  const { t } = useI18n();
  const client = props.clientName;
  return (
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        {props.update ? t('consent.titleUpdate', { client }) : t('consent.title', { client })}
      </h1>
      <ul className="points">
        <li>
          <strong>{t('consent.secure')}</strong> {t('consent.secureText', { client })}
        </li>
        <li>
          <strong>{t('consent.private')}</strong> {t('consent.privateText', { client })}
        </li>
      </ul>
      <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
        {t('action.continue')}
      </button>
    </section>
  );
}

/** The payment the user is about to authorise at their bank. */
export function PaymentPane(props: { payment: LinkPayment; clientName: string; onContinue: () => void }) {
  const { t, money } = useI18n();
  const p = props.payment;
  return (
    <section className="pane">
      <h1 id="pane-title" tabIndex={-1}>
        {t('payment.title')}
      </h1>
      <dl className="payment">
        <dt>{t('payment.to')}</dt>
        <dd>{p.recipient_name}</dd>
        <dt>{t('payment.amount')}</dt>
        <dd>{money(p.amount)}</dd>
        <dt>{t('payment.reference')}</dt>
        <dd>{p.reference}</dd>
      </dl>
      <p className="muted">{t('payment.next')}</p>
      <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
        {t('action.continue')}
      </button>
    </section>
  );
}
