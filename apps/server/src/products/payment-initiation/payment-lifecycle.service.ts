import type { WeftContext } from '../../app-context';
import type { Db } from '../../db/schema';
import type { PaymentsTable } from '../../db/tables/payments';
import {
  canTransition,
  ERROR_FOR_STATUS,
  hasLeftPayer,
  type PaymentStatus,
} from '../../engines/payments/status';
import { errors, PlaidError } from '../../http/errors';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ItemsRepository } from '../items/items.repository';
import { PayerRepository } from './payer.repository';
import { recordPayerTransaction } from './payer-ledger';
import { PaymentsRepository } from './payments.repository';
import { RecipientsRepository } from './recipients.repository';

/** The payer's account a payment debits. */
export interface Payer {
  itemId: string;
  accountId: string;
  institutionId: string;
}

/**
 * Moves payments through Plaid's statuses. Each step is one transaction that compare-and-sets the
 * status, debits the payer exactly once when money leaves (EXECUTED or SETTLED), and writes the
 * PAYMENT_STATUS_UPDATE event to the outbox, so the event exists if and only if the change does.
 */
export class PaymentLifecycle {
  constructor(private readonly ctx: WeftContext) {}

  /** Applies one transition; INVALID_FIELD when the status machine does not allow it. */
  async transition(
    payment: PaymentsTable,
    to: PaymentStatus,
    extra: { webhook?: string | null; payer?: Payer } = {},
  ): Promise<PaymentsTable> {
    const from = payment.status as PaymentStatus;
    if (!canTransition(from, to)) throw errors.invalidField(`a payment in ${from} cannot move to ${to}`);
    const now = this.ctx.clock.now().toISOString();
    const errorCode = ERROR_FOR_STATUS[to];
    const next: PaymentsTable = {
      ...payment,
      status: to,
      last_status_update: now,
      error: errorCode ? JSON.stringify(new PlaidError(errorCode).toItemError()) : null,
      ...(extra.webhook !== undefined ? { webhook: extra.webhook } : {}),
      ...(extra.payer
        ? {
            payer_item_id: extra.payer.itemId,
            payer_account_id: extra.payer.accountId,
            institution_id: extra.payer.institutionId,
          }
        : {}),
    };
    await this.ctx.db.transaction().execute(async (trx) => {
      if (hasLeftPayer(to) && next.debited === 0 && next.payer_item_id && next.payer_account_id) {
        await this.adjustBalance(
          trx,
          next.payer_item_id,
          next.payer_account_id,
          -next.amount,
          next.currency,
          now,
          {
            clientId: next.client_id,
            eventKey: `payment:${next.payment_id}`,
            description: await this.describeForStatement(trx, next),
          },
        );
        next.debited = 1;
      }
      const applied = await new PaymentsRepository(trx).updateIfStatus(
        payment.client_id,
        payment.payment_id,
        from,
        {
          status: next.status,
          last_status_update: next.last_status_update,
          error: next.error,
          webhook: next.webhook,
          payer_item_id: next.payer_item_id,
          payer_account_id: next.payer_account_id,
          institution_id: next.institution_id,
          debited: next.debited,
          refund_details: next.refund_details,
        },
      );
      if (!applied)
        throw new PlaidError('INVALID_FIELD', 'the payment changed status meanwhile; fetch it and retry');
      await this.enqueueStatusUpdate(trx, next, from, now);
    });
    return next;
  }

  /**
   * Moves the payer's account by `deltaMinor` of `currency` inside `trx` (negative = money out),
   * as the ledger of the Item's connector says it settles (connectors/payments.ts), and, when the
   * Item has transactions, records the statement line there too.
   *
   * A connector without a ledger (a source that is read) leaves the account as it is: the payment
   * shows when the connector next refreshes the Item.
   */
  async adjustBalance(
    trx: Db,
    itemId: string,
    accountId: string,
    deltaMinor: number,
    currency: string,
    now: string,
    entry: { clientId: string; eventKey: string; description: string },
  ): Promise<void> {
    const item = await new ItemsRepository(trx).find(entry.clientId, itemId);
    // Asked of the Item's own connector: only the source it was made with knows what its data will show.
    const ledger = item && this.ctx.connectors.get(item.connector).payerLedger;
    if (!ledger) return;
    const account = await new PayerRepository(trx, this.ctx.dialect).lockAccount(itemId, accountId);
    if (!account) return;
    const posting = ledger.post(
      {
        currency: account.iso_currency_code,
        current: account.balance_current,
        available: account.balance_available,
      },
      { amount: deltaMinor, currency, description: entry.description },
    );
    await recordPayerTransaction(trx, {
      ...entry,
      description: posting.transaction.description,
      account,
      amountMinor: posting.transaction.amount,
      now,
    });
    await new AccountsRepository(trx).setBalances(
      itemId,
      accountId,
      { current: posting.current, available: posting.available },
      now,
    );
  }

  /** How the payment reads on the payer's statement: payee and reference, as banks print them. */
  async describeForStatement(trx: Db, p: PaymentsTable): Promise<string> {
    const r = await new RecipientsRepository(trx).find(p.client_id, p.recipient_id);
    return `PAYMENT TO ${(r?.name ?? 'RECIPIENT').toUpperCase()} REF ${p.reference.toUpperCase()}`;
  }

  private async enqueueStatusUpdate(trx: Db, p: PaymentsTable, from: string, now: string): Promise<void> {
    const schedule = p.schedule
      ? (JSON.parse(p.schedule) as { start_date: string; adjusted_start_date: string | null })
      : null;
    await new OutboxRepository(trx).enqueue(
      {
        clientId: p.client_id,
        itemId: null,
        webhookType: 'PAYMENT_INITIATION',
        webhookCode: 'PAYMENT_STATUS_UPDATE',
        url: p.webhook,
        payload: {
          payment_id: p.payment_id,
          transaction_id: null,
          new_payment_status: p.status,
          old_payment_status: from,
          original_reference: p.reference,
          adjusted_reference: p.adjusted_reference,
          original_start_date: schedule?.start_date ?? null,
          adjusted_start_date: schedule?.adjusted_start_date ?? null,
          timestamp: now,
          ...(p.error ? { error: JSON.parse(p.error) as unknown } : {}),
          environment: p.env,
        },
      },
      now,
      Boolean(p.webhook),
    );
  }
}
