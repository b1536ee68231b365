import type { WeftContext } from '../../app-context';
import type { Db } from '../../db/schema';
import type { PaymentConsentsTable, PaymentsTable } from '../../db/tables/payments';
import { checkRouting, toMoney } from '../../engines/payments/amount';
import { routingBacs } from '../../engines/payments/bacs';
import { type ConsentLimits, checkConsentPayment, checkConstraints } from '../../engines/payments/consent';
import { checkReference } from '../../engines/payments/reference';
import { FAILED_STATUSES } from '../../engines/payments/status';
import type { AuthenticatedClient } from '../../http/client-auth';
import { errors } from '../../http/errors';
import { toDecimal } from '../../lib/money';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import type { PaymentForLink } from '../link/link-hooks';
import { ConsentsRepository } from './consents.repository';
import { endToEndId, paymentsId, requestDigest } from './ids';
import { resolvePayer } from './payer.service';
import type { ConsentCreateBody, ConsentExecuteBody } from './payment-initiation.schemas';
import { PaymentLifecycle } from './payment-lifecycle.service';
import { PaymentsRepository } from './payments.repository';
import { fail, RecipientsService, storedBacs } from './recipients.service';

/**
 * Payment consents (variable recurring payments): creation with validated constraints, status,
 * revocation, authorisation by the user, and payments executed within the constraints.
 */
export class ConsentsService {
  private readonly lifecycle: PaymentLifecycle;

  constructor(private readonly ctx: WeftContext) {
    this.lifecycle = new PaymentLifecycle(ctx);
  }

  /** Creates a consent in UNAUTHORISED. */
  async create(client: AuthenticatedClient, body: ConsentCreateBody): Promise<PaymentConsentsTable> {
    const recipient = await new RecipientsService(this.ctx.db, this.ctx.clock).get(
      client.clientId,
      body.recipient_id,
    );
    const ref = checkReference(body.reference);
    if (ref) throw fail(ref);
    if (!body.type && !body.scopes) throw errors.invalidField('type is required');
    const now = this.ctx.clock.now().toISOString();
    const checked = checkConstraints(body.constraints, now);
    if ('error' in checked) throw fail(checked.error);
    const limits = checked.value;
    // Variable recurring payments run on UK rails only, so the payee needs BACS numbers (its own or
    // those its UK IBAN carries); a non-UK IBAN must not pass as an international payment here.
    const bacs = routingBacs({ iban: recipient.iban, bacs: storedBacs(recipient) });
    const routing = checkRouting(limits.currency, { iban: null, bacs });
    if (routing) throw fail(routing);
    const c = body.constraints;
    const constraints = {
      ...(c.valid_date_time ? { valid_date_time: { from: limits.validFrom, to: limits.validTo } } : {}),
      max_payment_amount: { currency: limits.currency, value: c.max_payment_amount.value },
      periodic_amounts: c.periodic_amounts.map((p) => ({
        amount: { currency: p.amount.currency, value: p.amount.value },
        interval: p.interval,
        alignment: p.alignment,
      })),
    };
    const row: PaymentConsentsTable = {
      consent_id: paymentsId('consent-id', client.env),
      client_id: client.clientId,
      env: client.env,
      recipient_id: recipient.recipient_id,
      reference: body.reference,
      type: body.type ?? null,
      scopes: body.scopes ? JSON.stringify(body.scopes) : null,
      constraints: JSON.stringify(constraints),
      currency: limits.currency,
      max_payment_amount: limits.maxPaymentMinor,
      periodic_limits: JSON.stringify(limits.periodic),
      valid_from: limits.validFrom,
      valid_to: limits.validTo,
      status: 'UNAUTHORISED',
      options: body.options ? JSON.stringify(body.options) : null,
      payer_details: body.payer_details ? JSON.stringify(body.payer_details) : null,
      payer_item_id: null,
      payer_account_id: null,
      institution_id: null,
      webhook: null,
      created_at: now,
      updated_at: now,
    };
    await new ConsentsRepository(this.ctx.db).insert(row);
    return row;
  }

  /** A consent of this client; expired consents report EXPIRED once their window has passed. */
  async get(clientId: string, consentId: string): Promise<PaymentConsentsTable> {
    const c = await new ConsentsRepository(this.ctx.db).find(clientId, consentId);
    if (!c) throw errors.invalidField('consent_id does not match any consent');
    const now = this.ctx.clock.now().toISOString();
    if (c.valid_to && c.valid_to <= now && (c.status === 'AUTHORISED' || c.status === 'UNAUTHORISED'))
      return { ...c, status: 'EXPIRED' };
    return c;
  }

  /** What Link shows before the user authorises a consent: payee, largest payment, reference. */
  async describe(clientId: string, consentId: string): Promise<PaymentForLink> {
    const c = await this.get(clientId, consentId);
    const recipient = await new RecipientsService(this.ctx.db, this.ctx.clock).get(clientId, c.recipient_id);
    return {
      payment_id: c.consent_id,
      recipient_name: recipient.name,
      amount: { currency: c.currency, value: toDecimal(c.max_payment_amount, c.currency) },
      reference: c.reference,
    };
  }

  /** Revokes a consent; no payment can be made with it afterwards. Revoking twice is harmless. */
  async revoke(clientId: string, consentId: string): Promise<void> {
    const c = await this.get(clientId, consentId);
    if (c.status === 'REVOKED') return;
    await this.setStatus(c, 'REVOKED');
  }

  /**
   * The user authorised (or rejected) the consent at their bank; the consent takes its payer
   * account. Link's consent flow and the sandbox endpoint both end here.
   */
  async authorise(
    clientId: string,
    consentId: string,
    institutionId: string,
    opts: { webhook?: string | null; approve?: boolean } = {},
  ): Promise<PaymentConsentsTable> {
    const c = await this.get(clientId, consentId);
    // Authorising again at the same bank (a retried redirect) changes nothing.
    if (c.status === 'AUTHORISED' && c.institution_id === institutionId && opts.approve !== false) return c;
    if (c.status !== 'UNAUTHORISED')
      throw errors.invalidField(`the consent is ${c.status} and cannot be authorised`);
    if (opts.approve === false) return this.setStatus(c, 'REJECTED', { webhook: opts.webhook ?? c.webhook });
    const env = c.env === 'production' ? 'production' : 'sandbox';
    const payer = await resolvePayer(this.ctx, clientId, env, institutionId, c.currency);
    return this.setStatus(c, 'AUTHORISED', {
      webhook: opts.webhook ?? c.webhook,
      payer_item_id: payer.itemId,
      payer_account_id: payer.accountId,
      institution_id: institutionId,
    });
  }

  /**
   * Executes one payment under an authorised consent. The consent row is locked for the
   * transaction, so concurrent payments are checked against its limits one at a time, and the
   * idempotency key (unique per client) makes a retried execute return the first payment.
   */
  async execute(client: AuthenticatedClient, body: ConsentExecuteBody): Promise<PaymentsTable> {
    const money = toMoney(body.amount);
    if ('error' in money) throw fail(money.error);
    if (body.reference !== undefined && body.reference !== null) {
      const ref = checkReference(body.reference);
      if (ref) throw fail(ref);
    }
    const digest = requestDigest(body);
    const now = this.ctx.clock.now().toISOString();
    const payment = await this.ctx.db.transaction().execute(async (trx) => {
      const consents = new ConsentsRepository(trx);
      const payments = new PaymentsRepository(trx);
      if (!(await consents.lock(client.clientId, body.consent_id, now)))
        throw errors.invalidField('consent_id does not match any consent');
      const prior = await payments.findByKey(client.clientId, body.idempotency_key);
      if (prior) return { row: prior, created: false };
      const c = (await consents.find(client.clientId, body.consent_id))!;
      const status = c.valid_to && c.valid_to <= now && c.status === 'AUTHORISED' ? 'EXPIRED' : c.status;
      if (status !== 'AUTHORISED')
        throw errors.invalidField(`the consent is ${status}; payments need an AUTHORISED consent`);
      const limits: ConsentLimits = {
        currency: c.currency as ConsentLimits['currency'],
        maxPaymentMinor: c.max_payment_amount,
        periodic: JSON.parse(c.periodic_limits) as ConsentLimits['periodic'],
        validFrom: c.valid_from,
        validTo: c.valid_to,
      };
      const usage = await payments.consentUsage(client.clientId, c.consent_id, FAILED_STATUSES);
      const v = checkConsentPayment(limits, c.created_at, money.value, now, usage);
      if (v) throw fail(v);
      const row = this.consentPayment(client, c, money.value.minor, body, digest, now);
      return { row: (await payments.insertIdempotent(row)).payment, created: true };
    });
    if (!payment.created) {
      if (payment.row.request_hash !== digest)
        throw errors.invalidField('idempotency_key was already used for a different payment');
      return payment.row;
    }
    const p = payment.row;
    const payer = {
      itemId: p.payer_item_id!,
      accountId: p.payer_account_id!,
      institutionId: p.institution_id!,
    };
    const authorising = await this.lifecycle.transition(p, 'PAYMENT_STATUS_AUTHORISING', { payer });
    return this.lifecycle.transition(authorising, 'PAYMENT_STATUS_INITIATED');
  }

  private consentPayment(
    client: AuthenticatedClient,
    c: PaymentConsentsTable,
    minor: number,
    body: ConsentExecuteBody,
    digest: string,
    now: string,
  ): PaymentsTable {
    const reference = body.reference ?? c.reference;
    return {
      payment_id: paymentsId('payment-id', client.env),
      client_id: client.clientId,
      env: client.env,
      recipient_id: c.recipient_id,
      reference,
      adjusted_reference: reference,
      amount: minor,
      currency: c.currency,
      status: 'PAYMENT_STATUS_INPUT_NEEDED',
      last_status_update: now,
      schedule: null,
      options: null,
      scheme: null,
      consent_id: c.consent_id,
      idempotency_key: body.idempotency_key,
      request_hash: digest,
      payer_item_id: c.payer_item_id,
      payer_account_id: c.payer_account_id,
      institution_id: c.institution_id,
      webhook: c.webhook,
      end_to_end_id: endToEndId(),
      error: null,
      refund_details: null,
      amount_refunded: 0,
      debited: 0,
      created_at: now,
    };
  }

  private async setStatus(
    c: PaymentConsentsTable,
    status: string,
    patch: Partial<PaymentConsentsTable> = {},
  ): Promise<PaymentConsentsTable> {
    const now = this.ctx.clock.now().toISOString();
    const next = { ...c, ...patch, status, updated_at: now };
    await this.ctx.db.transaction().execute(async (trx: Db) => {
      await new ConsentsRepository(trx).update(c.client_id, c.consent_id, {
        ...patch,
        status,
        updated_at: now,
      });
      await new OutboxRepository(trx).enqueue(
        {
          clientId: c.client_id,
          itemId: null,
          webhookType: 'PAYMENT_INITIATION',
          webhookCode: 'CONSENT_STATUS_UPDATE',
          url: next.webhook,
          payload: {
            consent_id: c.consent_id,
            old_status: c.status,
            new_status: status,
            timestamp: now,
            environment: c.env,
          },
        },
        now,
        Boolean(next.webhook),
      );
    });
    return next;
  }
}
