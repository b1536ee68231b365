import type { LinkPayment } from '../../../server/src/products/link-session/link-session.contract';
import { useI18n } from '../i18n/i18n-context';
import { PaneFrame } from './pane-frame';

/** First pane: who is asking and what connecting means. */
export function ConsentPane(props: { clientName: string; update: boolean; onContinue: () => void }) {
  const { t } = useI18n();
  const client = props.clientName;
  return (
    <PaneFrame
      title={props.update ? t('consent.titleUpdate', { client }) : t('consent.title', { client })}
      actions={
        <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
          {t('action.continue')}
        </button>
      }
    >
      <ul className="points">
        <li>
          <strong>{t('consent.secure')}</strong> {t('consent.secureText', { client })}
        </li>
        <li>
          <strong>{t('consent.private')}</strong> {t('consent.privateText', { client })}
        </li>
      </ul>
    </PaneFrame>
  );
}

/** The payment the user is about to authorise at their bank. */
export function PaymentPane(props: { payment: LinkPayment; clientName: string; onContinue: () => void }) {
  const { t, money } = useI18n();
  const p = props.payment;
  return (
    <PaneFrame
      title={t('payment.title')}
      actions={
        <button type="button" className="primary" data-autofocus onClick={props.onContinue}>
          {t('action.continue')}
        </button>
      }
    >
      <dl className="payment">
        <dt>{t('payment.to')}</dt>
        <dd>{p.recipient_name}</dd>
        <dt>{t('payment.amount')}</dt>
        <dd>{money(p.amount)}</dd>
        <dt>{t('payment.reference')}</dt>
        <dd>{p.reference}</dd>
      </dl>
      <p className="muted">{t('payment.next')}</p>
    </PaneFrame>
  );
}
