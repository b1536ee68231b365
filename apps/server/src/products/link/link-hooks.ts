import type { LinkIdvState } from '../link-session/link-session.contract';
import type { LinkTokenConfig } from './link.service';

/** What Link shows the user before they authorise a payment. */
export interface PaymentForLink {
  payment_id: string;
  recipient_name: string;
  amount: { currency: string; value: number };
  reference: string;
}

/**
 * What a payment link token points Link at: its `payment_id`, or the `consent_id` of a payment
 * consent (variable recurring payments). The payment hooks accept either.
 */
export function paymentTargetOf(config: {
  payment_initiation?: { payment_id?: string; consent_id?: string };
}): string | undefined {
  return config.payment_initiation?.payment_id || config.payment_initiation?.consent_id || undefined;
}

/**
 * Seams through which other products take part in a Link session without Link knowing them.
 * Payment Initiation implements `payment`; Link calls it when a link token carries
 * `payment_initiation.payment_id`.
 */
export interface LinkHooks {
  /**
   * Identity Verification implements this: for a link token asking for it, the session Link
   * shows (the user's latest under the template, or a new one); null for other link tokens.
   */
  identityVerification?: {
    start(clientId: string, config: LinkTokenConfig): Promise<LinkIdvState | null>;
  };
  payment?: {
    /**
     * The payment (or consent) a link token refers to (this client's), for the payee/amount pane.
     * For a consent the amount is its maximum per payment.
     */
    describe(clientId: string, paymentId: string): Promise<PaymentForLink>;
    /**
     * The user authorised the payment (or consent) at `institutionId` (after the OAuth-style redirect).
     * `webhook` is the link token's, where PAYMENT_STATUS_UPDATE webhooks go.
     */
    authorise(
      clientId: string,
      paymentId: string,
      institutionId: string,
      opts?: { webhook?: string | null },
    ): Promise<void>;
  };
}
