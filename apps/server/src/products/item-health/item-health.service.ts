import type { Kysely } from 'kysely';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database, Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import { errors, PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { linkedSourceOf } from '../items/item-login';
import { ItemsRepository } from '../items/items.repository';
import type { ItemsService } from '../items/items.service';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { ItemHealthRepository } from './item-health.repository';
import type { FireWebhookCode, FireWebhookType } from './item-health.schemas';
import { sandboxWebhook } from './sandbox-webhooks';

/** Plaid sends PENDING_EXPIRATION this long before an Item's consent expires. */
export const PENDING_EXPIRATION_NOTICE_MS = 7 * 86_400_000;

/**
 * Item health: login resets, consent expiry, what each Item's connector says of its login, test
 * webhooks. Each change and the webhook announcing it are written in one transaction.
 */
export class ItemHealthService {
  /** The last Item the previous source scan asked about; null to start from the first. */
  private sourceCursor: string | null = null;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly items: ItemsService,
    private readonly connectors: ConnectorRegistry,
  ) {}

  /** /sandbox/item/reset_login: the Item needs its user to log in again (ITEM_LOGIN_REQUIRED + ITEM/ERROR). */
  async resetLogin(clientId: string, accessToken: string): Promise<void> {
    const item = await this.items.resolve(clientId, accessToken);
    await this.db.transaction().execute((trx) => this.failLogin(trx, item));
  }

  /** /sandbox/item/fire_webhook: enqueues the documented webhook for a code. */
  async fireWebhook(
    clientId: string,
    accessToken: string,
    code: FireWebhookCode,
    type: FireWebhookType | undefined,
  ): Promise<void> {
    const item = await this.items.resolve(clientId, accessToken);
    if (!item.webhook) throw new PlaidError('SANDBOX_WEBHOOK_INVALID');
    const accounts = await new AccountsRepository(this.db).list(item.item_id);
    const hook = sandboxWebhook(item, accounts, code, type, this.clock.now());
    // An Item that logged in again must also stop failing, or the webhook would be a lie.
    if (code === 'LOGIN_REPAIRED' && item.error) return this.items.repair(item);
    await this.emit(this.db, item, hook.type, hook.code, hook.payload);
  }

  /** /sandbox/item/set_verification_status: settles automated micro-deposit verification for an account. */
  async setVerificationStatus(
    clientId: string,
    accessToken: string,
    accountId: string,
    status: 'automatically_verified' | 'verification_expired',
  ): Promise<void> {
    const item = await this.items.resolve(clientId, accessToken);
    const account = (await new AccountsRepository(this.db).listAll(item.item_id)).find(
      (a) => a.account_id === accountId,
    );
    if (!account) throw errors.invalidAccountId();
    if (account.verification_status !== 'pending_automatic_verification')
      throw errors.invalidField('the account is not pending automatic micro-deposit verification');
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      await new ItemHealthRepository(trx).setVerificationStatus(item.item_id, accountId, status, now);
      await this.emit(
        trx,
        item,
        'AUTH',
        status === 'automatically_verified' ? 'AUTOMATICALLY_VERIFIED' : 'VERIFICATION_EXPIRED',
        { item_id: item.item_id, account_id: accountId, error: null },
      );
    });
  }

  /** Weft extension: sets (or clears) when an Item's consent expires, then applies what that implies now. */
  async setConsentExpiration(clientId: string, accessToken: string, at: string | null): Promise<ItemsTable> {
    const item = await this.items.resolve(clientId, accessToken);
    const value = at === null ? null : new Date(at).toISOString();
    await new ItemsRepository(this.db).update(clientId, item.item_id, {
      consent_expiration_time: value,
      updated_at: this.clock.now().toISOString(),
    });
    const updated = { ...item, consent_expiration_time: value };
    await this.checkConsent(updated);
    return updated;
  }

  /** One scan: consent first, then each Item's source; returns how many Items were looked at. */
  async scan(limit = 500): Promise<number> {
    return (await this.scanConsent(limit)) + (await this.scanSources(limit));
  }

  /** Checks every Item whose consent ends within the notice window; returns how many were looked at. */
  async scanConsent(limit = 500): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() + PENDING_EXPIRATION_NOTICE_MS).toISOString();
    const due = await new ItemHealthRepository(this.db).consentEndingBefore(cutoff, limit);
    for (const item of due) await this.checkConsent(item);
    return due.length;
  }

  /**
   * Asks the connector of up to `limit` healthy Items whether their login can still be read, going
   * on from where the previous scan stopped, so every Item is asked in turn however many there are.
   * Items already failing are left to update mode: a connector's health never clears an error.
   * A connector that throws is asked again next time; the other Items are still asked, then the
   * scan fails with what was thrown, for the worker to log.
   */
  async scanSources(limit = 500): Promise<number> {
    const due = await new ItemHealthRepository(this.db).healthyItemsAfter(this.sourceCursor, limit);
    this.sourceCursor = due.length < limit ? null : due[due.length - 1]!.item_id;
    const thrown: unknown[] = [];
    for (const item of due) await this.checkSource(item).catch((err: unknown) => thrown.push(err));
    if (thrown.length > 0)
      throw new AggregateError(
        thrown,
        `${thrown.length} of ${due.length} Items' connectors could not tell their health`,
      );
    return due.length;
  }

  /**
   * An Item whose connector reports its login unhealthy takes that error as Plaid shows it (on
   * /item/get and every product call) and ITEM/ERROR is sent, once: the error is set only on an
   * Item still without one, so a concurrent reset or scan cannot announce it twice.
   */
  private async checkSource(item: ItemsTable): Promise<void> {
    const health = await this.connectors.get(item.connector).health(linkedSourceOf(item));
    if (health.status === 'healthy') return;
    const now = this.clock.now().toISOString();
    await this.db.transaction().execute(async (trx) => {
      const error = health.error.toItemError();
      if (await new ItemHealthRepository(trx).failIfHealthy(item.item_id, JSON.stringify(error), now))
        await this.announceFailure(trx, item, health.error);
    });
  }

  /**
   * PENDING_EXPIRATION once per expiry time when it is within seven days; once it has passed, the
   * Item needs a new login (ITEM_LOGIN_REQUIRED and ITEM/ERROR), also once.
   */
  private async checkConsent(item: ItemsTable): Promise<void> {
    const expires = item.consent_expiration_time;
    if (!expires) return;
    const now = this.clock.now();
    const nowIso = now.toISOString();
    const left = new Date(expires).getTime() - now.getTime();
    if (left > PENDING_EXPIRATION_NOTICE_MS) return;
    await this.db.transaction().execute(async (trx) => {
      const notices = new ItemHealthRepository(trx);
      if (left <= 0) {
        // Acted on once per expiry: an Item already failing keeps its error, and one repaired
        // through update mode afterwards is not broken again by the same expiry.
        if (!(await notices.claimNotice(item.item_id, 'CONSENT_EXPIRED', expires, nowIso))) return;
        if (!item.error) await this.failLogin(trx, item);
        return;
      }
      if (!(await notices.claimNotice(item.item_id, 'PENDING_EXPIRATION', expires, nowIso))) return;
      await this.emit(trx, item, 'ITEM', 'PENDING_EXPIRATION', {
        item_id: item.item_id,
        consent_expiration_time: expires,
      });
    });
  }

  private async failLogin(trx: Db, item: ItemsTable): Promise<void> {
    const error = new PlaidError('ITEM_LOGIN_REQUIRED');
    await this.items.setError(item, error, trx);
    await this.announceFailure(trx, item, error);
  }

  /** What follows an Item's new error: a failed update on its transactions, and ITEM/ERROR. */
  private async announceFailure(trx: Db, item: ItemsTable, error: PlaidError): Promise<void> {
    // The bank refused the login an update needed: for an Item with transactions, that update
    // failed now (/item/get's status.transactions.last_failed_update). No-op without transactions.
    await new TransactionsRepository(trx).updateState(item.item_id, {
      last_failed_update: this.clock.now().toISOString(),
    });
    await this.emit(trx, item, 'ITEM', 'ERROR', { item_id: item.item_id, error: error.toItemError() });
  }

  private async emit(
    db: Db,
    item: ItemsTable,
    webhookType: string,
    webhookCode: string,
    payload: Record<string, unknown>,
  ): Promise<void> {
    await new OutboxRepository(db).enqueue(
      {
        clientId: item.client_id,
        itemId: item.item_id,
        webhookType,
        webhookCode,
        payload: { ...payload, environment: item.env },
      },
      this.clock.now().toISOString(),
      Boolean(item.webhook),
    );
  }
}
