import type { WeftContext } from '../../app-context';
import type { PaymentsTable } from '../../db/tables/payments';
import { checkRouting, checkScheme, MIN_REFUND_VALUE, toMoney } from '../../engines/payments/amount';
import { checkBacs, routingBacs } from '../../engines/payments/bacs';
import { checkIban, normalizeIban } from '../../engines/payments/iban';
import { checkReference, checkRefundReference } from '../../engines/payments/reference';
import { checkSchedule } from '../../engines/payments/schedule';
import { isPaymentStatus, type PaymentStatus, SIMULATABLE } from '../../engines/payments/status';
import type { AuthenticatedClient } from '../../http/client-auth';
import { errors, PlaidError } from '../../http/errors';
import { isoDate } from '../../lib/clock';
import { toDecimal } from '../../lib/money';
import type { PaymentForLink } from '../link/link-hooks';
import { endToEndId, paymentsId, requestDigest } from './ids';
import { resolvePayer } from './payer.service';
import type {
  PaymentCreateBody,
  PaymentReverseBody,
  SandboxPaymentSimulateBody,
} from './payment-initiation.schemas';
import { PaymentLifecycle } from './payment-lifecycle.service';
import { PaymentsRepository } from './payments.repository';
import { fail, RecipientsService, storedBacs } from './recipients.service';

/** Most payments one client could create in one millisecond; bounds a tied page of /payment/list. */
const TIE_GROUP_LIMIT = 10_000;

/** A payment with the refunds made against it. */
export interface PaymentView {
  payment: PaymentsTable;
  refundIds: string[];
}

/** Payments: creation (idempotent), reads, refunds, sandbox simulation and Link authorisation. */
export class PaymentsService {
  private readonly lifecycle: PaymentLifecycle;
  private readonly recipients: RecipientsService;

  constructor(private readonly ctx: WeftContext) {
    this.lifecycle = new PaymentLifecycle(ctx);
    this.recipients = new RecipientsService(ctx.db, ctx.clock);
  }

  /**
   * Creates a payment in PAYMENT_STATUS_INPUT_NEEDED. With `idempotency_key`, a retried create
   * (even a concurrent one) returns the first payment; reusing a key for a different payment is
   * refused.
   */
  async create(client: AuthenticatedClient, body: PaymentCreateBody): Promise<PaymentsTable> {
    const recipient = await this.recipients.get(client.clientId, body.recipient_id);
    const ref = checkReference(body.reference);
    if (ref) throw fail(ref);
    const money = toMoney(body.amount);
    if ('error' in money) throw fail(money.error);
    const { currency, minor } = money.value;
    const account = { iban: recipient.iban, bacs: storedBacs(recipient) };
    const routing = checkRouting(currency, account);
    if (routing) throw fail(routing);
    const opts = body.options ?? null;
    const scheme = checkScheme(opts?.scheme, currency);
    if (scheme) throw fail(scheme);
    const payerIban = opts?.iban ? normalizeIban(opts.iban) : null;
    if (payerIban) {
      const v = checkIban(payerIban, 'options.iban');
      if (v) throw fail(v);
    }
    let payerBacs: { account: string; sort_code: string } | null = null;
    if (opts?.bacs) {
      const r = checkBacs(opts.bacs, 'options.bacs');
      if ('error' in r) throw fail(r.error);
      payerBacs = r.value;
    }
    const now = this.ctx.clock.now();
    let schedule: string | null = null;
    if (body.schedule) {
      const s = checkSchedule(body.schedule, {
        today: isoDate(now),
        currency,
        recipientHasBacs: routingBacs(account) !== null,
      });
      if ('error' in s) throw fail(s.error);
      schedule = JSON.stringify(s.value);
    }
    const row: PaymentsTable = {
      payment_id: paymentsId('payment-id', client.env),
      client_id: client.clientId,
      env: client.env,
      recipient_id: recipient.recipient_id,
      reference: body.reference,
      adjusted_reference: body.reference,
      amount: minor,
      currency,
      status: 'PAYMENT_STATUS_INPUT_NEEDED',
      last_status_update: now.toISOString(),
      schedule,
      options: opts
        ? JSON.stringify({
            request_refund_details: opts.request_refund_details ?? null,
            iban: payerIban,
            bacs: payerBacs,
          })
        : null,
      scheme: opts?.scheme ?? null,
      consent_id: null,
      idempotency_key: body.idempotency_key ?? null,
      request_hash: body.idempotency_key ? requestDigest(body) : null,
      payer_item_id: null,
      payer_account_id: null,
      institution_id: null,
      webhook: null,
      end_to_end_id: endToEndId(),
      error: null,
      refund_details: null,
      amount_refunded: 0,
      debited: 0,
      created_at: now.toISOString(),
    };
    const { payment, created } = await new PaymentsRepository(this.ctx.db).insertIdempotent(row);
    if (!created && payment.request_hash !== row.request_hash)
      throw errors.invalidField('idempotency_key was already used for a different payment');
    return payment;
  }

  /** A payment of this client with its refunds. */
  async get(clientId: string, paymentId: string): Promise<PaymentView> {
    const repo = new PaymentsRepository(this.ctx.db);
    const payment = await repo.find(clientId, paymentId);
    if (!payment) throw errors.invalidField('payment_id does not match any payment');
    return { payment, refundIds: await repo.refundIds(clientId, paymentId) };
  }

  /** Up to `count` payments created before `cursor`, newest first, and the next cursor. */
  async list(
    clientId: string,
    count: number,
    cursor: string | null | undefined,
    consentId: string | null | undefined,
  ): Promise<{ payments: PaymentView[]; nextCursor: string | null }> {
    let before: string | undefined;
    if (cursor) {
      const t = Date.parse(cursor);
      if (Number.isNaN(t)) throw errors.invalidField('cursor must be an RFC 3339 date-time');
      before = new Date(t).toISOString();
    }
    const repo = new PaymentsRepository(this.ctx.db);
    const opts = { before, consentId: consentId ?? undefined };
    const rows = await repo.list(clientId, count + 1, opts);
    let page = rows;
    let nextCursor: string | null = null;
    if (rows.length > count) {
      // Plaid's cursor is a bare timestamp ("created before"), so a page must not end inside a
      // group of payments created in the same millisecond: the rest of the group would be skipped.
      const boundary = rows[count]!.created_at;
      page = rows.slice(0, count).filter((p) => p.created_at > boundary);
      if (page.length === 0) page = await repo.list(clientId, TIE_GROUP_LIMIT, { ...opts, at: boundary });
      nextCursor = page[page.length - 1]!.created_at;
    }
    const payments = await Promise.all(
      page.map(async (p) => ({ payment: p, refundIds: await repo.refundIds(clientId, p.payment_id) })),
    );
    return { payments, nextCursor };
  }

  /**
   * Refunds a settled payment, fully or partly, back to the payer's account. Idempotent by key; the
   * refunded total is compare-and-set, so concurrent refunds can never exceed the payment. A refund
   * is a virtual-account transaction, so reusing its key for a different body answers as Plaid's
   * wallet transactions do (NONIDENTICAL_REQUEST).
   */
  async reverse(
    client: AuthenticatedClient,
    body: PaymentReverseBody,
  ): Promise<{ refund_id: string; status: string }> {
    const refCheck = checkRefundReference(body.reference);
    if (refCheck) throw fail(refCheck);
    const repo = new PaymentsRepository(this.ctx.db);
    const prior = await repo.findRefundByKey(client.clientId, body.idempotency_key);
    const digest = requestDigest(body);
    if (prior) {
      if (prior.request_hash !== digest) throw new PlaidError('NONIDENTICAL_REQUEST');
      return { refund_id: prior.refund_id, status: prior.status };
    }
    const { payment } = await this.get(client.clientId, body.payment_id);
    if (payment.status !== 'PAYMENT_STATUS_SETTLED')
      throw errors.invalidField('only a payment in PAYMENT_STATUS_SETTLED can be reversed');
    const remaining = payment.amount - payment.amount_refunded;
    let minor = remaining;
    if (body.amount) {
      const m = toMoney(body.amount, 'amount', MIN_REFUND_VALUE);
      if ('error' in m) throw fail(m.error);
      if (m.value.currency !== payment.currency)
        throw errors.invalidField(`amount.currency must be ${payment.currency}, the payment's currency`);
      minor = m.value.minor;
    }
    if (remaining <= 0) throw errors.invalidField('the payment has already been fully refunded');
    if (minor > remaining) throw errors.invalidField('amount exceeds what remains of the payment to refund');
    const now = this.ctx.clock.now().toISOString();
    return this.ctx.db.transaction().execute(async (trx) => {
      const r = new PaymentsRepository(trx);
      const { refund, created } = await r.insertRefund({
        refund_id: paymentsId('wallet-transaction-id', client.env),
        client_id: client.clientId,
        payment_id: payment.payment_id,
        amount: minor,
        currency: payment.currency,
        reference: body.reference,
        status: 'INITIATED',
        idempotency_key: body.idempotency_key,
        request_hash: digest,
        created_at: now,
      });
      if (!created) {
        if (refund.request_hash !== digest) throw new PlaidError('NONIDENTICAL_REQUEST');
        return { refund_id: refund.refund_id, status: refund.status };
      }
      const applied = await r.addRefunded(
        client.clientId,
        payment.payment_id,
        payment.amount_refunded,
        minor,
      );
      if (!applied) throw errors.invalidField('another refund of this payment is in progress; retry');
      if (payment.debited === 1 && payment.payer_item_id && payment.payer_account_id)
        await this.lifecycle.adjustBalance(
          trx,
          payment.payer_item_id,
          payment.payer_account_id,
          minor,
          payment.currency,
          now,
          {
            clientId: client.clientId,
            eventKey: `refund:${refund.refund_id}`,
            description: `REFUND ${(await this.lifecycle.describeForStatement(trx, payment)).replace(/^PAYMENT /, '')}`,
          },
        );
      return { refund_id: refund.refund_id, status: refund.status };
    });
  }

  /** /sandbox/payment/simulate: moves a payment to one of the statuses Plaid lets the sandbox set. */
  async simulate(
    client: AuthenticatedClient,
    body: SandboxPaymentSimulateBody,
  ): Promise<{ old_status: PaymentStatus; new_status: PaymentStatus }> {
    if (client.env !== 'sandbox') throw new PlaidError('SANDBOX_ONLY');
    if (!isPaymentStatus(body.status) || !SIMULATABLE.includes(body.status))
      throw errors.invalidField(`status must be one of: ${SIMULATABLE.join(', ')}`);
    if (body.webhook !== '' && !isHttpUrl(body.webhook))
      throw errors.invalidField('webhook must be a valid http(s) URL');
    const { payment } = await this.get(client.clientId, body.payment_id);
    const next = await this.lifecycle.transition(payment, body.status, {
      webhook: body.webhook === '' ? payment.webhook : body.webhook,
    });
    return { old_status: payment.status as PaymentStatus, new_status: next.status as PaymentStatus };
  }

  /** What Link shows before the user authorises the payment. */
  async describe(clientId: string, paymentId: string): Promise<PaymentForLink> {
    const { payment } = await this.get(clientId, paymentId);
    const recipient = await this.recipients.get(clientId, payment.recipient_id);
    return {
      payment_id: payment.payment_id,
      recipient_name: recipient.name,
      amount: { currency: payment.currency, value: toDecimal(payment.amount, payment.currency) },
      reference: payment.reference,
    };
  }

  /**
   * The user authorised the payment at their bank (Link's OAuth-style redirect): the payment takes
   * its payer account and moves INPUT_NEEDED → AUTHORISING → INITIATED (standing orders:
   * ESTABLISHED), one outbox event per step. Repeating it for an authorised payment does nothing.
   */
  async authorise(
    clientId: string,
    paymentId: string,
    institutionId: string,
    webhook: string | null,
  ): Promise<void> {
    const { payment } = await this.get(clientId, paymentId);
    if (payment.status !== 'PAYMENT_STATUS_INPUT_NEEDED') {
      if (payment.institution_id === institutionId) return;
      throw errors.invalidField(`the payment is ${payment.status} and cannot be authorised again`);
    }
    const env = payment.env === 'production' ? 'production' : 'sandbox';
    const payer = await resolvePayer(this.ctx, clientId, env, institutionId, payment.currency);
    const options = payment.options
      ? (JSON.parse(payment.options) as { request_refund_details?: boolean | null })
      : {};
    const authorising = await this.lifecycle.transition(
      {
        ...payment,
        refund_details: options.request_refund_details ? JSON.stringify(this.refundDetails(payer)) : null,
      },
      'PAYMENT_STATUS_AUTHORISING',
      { payer, webhook: webhook ?? payment.webhook },
    );
    await this.lifecycle.transition(
      authorising,
      payment.schedule ? 'PAYMENT_STATUS_ESTABLISHED' : 'PAYMENT_STATUS_INITIATED',
    );
  }

  private refundDetails(payer: { itemId: string; accountId: string }) {
    // Sandbox accounts have no real numbers; derive stable BACS details from the account id.
    const digits = [...payer.accountId].map((c) => c.charCodeAt(0) % 10).join('');
    return {
      name: 'Alberta Bobbeth Charleson',
      iban: null,
      bacs: { account: digits.slice(0, 8), sort_code: '040004' },
    };
  }
}

function isHttpUrl(s: string): boolean {
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}
