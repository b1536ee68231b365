import type { Kysely } from 'kysely';
import type { Connector, LiveSchedule, SourceRefresh, StoredAccount } from '../../connectors/connector';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { SourceTransactionRef } from '../../connectors/source-data';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { LiveRefreshesTable } from '../../db/tables/live-refreshes';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { dateOf, dayNumber } from '../../lib/days';
import { sha256 } from '../../lib/ids';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import { AccountKeysRepository } from '../accounts/account-keys.repository';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ItemHealthRepository } from '../item-health/item-health.repository';
import { writeItemData } from '../items/item-data.writer';
import { linkedSourceOf } from '../items/item-login';
import { ItemsRepository } from '../items/items.repository';
import { TransactionsRepository } from '../transactions/transactions.repository';
import { LiveRefreshRepository } from './live-refresh.repository';

/** Days before the last good read that the next one reads again: pendings that posted or went. */
export const OVERLAP_DAYS = 14;
/** The furthest back a read after a long outage goes (the source pages and caps it further). */
export const MAX_CATCH_UP_DAYS = 365;
/** How long a pending notice's subject is warned about once (PENDING_DISCONNECT per message set). */
const DISCONNECT_NOTICE_DAYS = 7;
const DAY_MS = 86_400_000;

/** How one read went. */
export type ReadOutcome = 'read' | 'skipped' | 'failed';

/**
 * Reads live sources again: each Item of a connector with a `schedule` is read on the worker role
 * every `everyMs` (plus jitter), never twice within `minGapMs`, scheduled or asked for by the app,
 * and after a failure again with exponential backoff. A read happens outside any database
 * transaction (the network is slow); what it brings is then written in one transaction through
 * the store writer, with its webhooks (SYNC_UPDATES_AVAILABLE, DEFAULT_UPDATE,
 * TRANSACTIONS_REMOVED). A refused login puts the Item into ITEM_LOGIN_REQUIRED (ITEM/ERROR, once)
 * until Link's update mode repairs it; a source that reports problems beside its data sends
 * ITEM/PENDING_DISCONNECT once per problem; other failures mark the transactions update failed
 * (/item/get's `last_failed_update`) and back off.
 */
export class LiveRefreshService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly connectors: ConnectorRegistry,
    private readonly random: () => number = Math.random,
  ) {}

  private scheduleOf(item: ItemsTable): LiveSchedule | undefined {
    return this.connectors.get(item.connector).schedule;
  }

  /** Starts a new live Item's schedule (in its creation transaction): linking just read it. */
  async onItemCreated(trx: Db, item: ItemsTable): Promise<void> {
    const schedule = this.scheduleOf(item);
    if (!schedule) return;
    const now = this.clock.now();
    await new LiveRefreshRepository(trx).insert(this.fresh(item.item_id, now, this.nextRead(schedule, now)));
  }

  /** Reads the due Items (up to `limit`); returns how many were read. Failures are per Item. */
  async scan(limit = 50): Promise<number> {
    const due = await new LiveRefreshRepository(this.db).due(this.clock.now().toISOString(), limit);
    let read = 0;
    const thrown: unknown[] = [];
    for (const item of due) {
      const outcome = await this.read(item, true).catch((e: unknown) => {
        thrown.push(e);
        return 'failed' as const;
      });
      if (outcome === 'read') read++;
    }
    if (thrown.length > 0)
      throw new AggregateError(thrown, `${thrown.length} live reads failed unexpectedly`);
    return read;
  }

  /**
   * A read the app asked for (/transactions/refresh, /accounts/balance/get): at once when the
   * source's minimum gap since the last read has passed, else nothing (the store stands as read).
   */
  readNow(item: ItemsTable): Promise<ReadOutcome> {
    return this.read(item, false);
  }

  /** Whether an Item's connector is a live source. */
  isLive(item: ItemsTable): boolean {
    return this.scheduleOf(item) !== undefined;
  }

  private async read(item: ItemsTable, scheduled: boolean): Promise<ReadOutcome> {
    const connector = this.connectors.get(item.connector);
    const schedule = connector.schedule;
    if (!schedule) return 'skipped';
    const repo = new LiveRefreshRepository(this.db);
    const now = this.clock.now();
    const nowIso = now.toISOString();
    let row = await repo.get(item.item_id);
    if (!row) {
      // An Item linked before its source had a schedule gets one now.
      await repo.insert(this.fresh(item.item_id, new Date(0), nowIso));
      row = (await repo.get(item.item_id))!;
    }
    const gapStart = new Date(now.getTime() - schedule.minGapMs).toISOString();
    const hold = new Date(now.getTime() + schedule.minGapMs).toISOString();
    if (!(await repo.claim(item.item_id, nowIso, gapStart, hold, scheduled))) return 'skipped';

    const since = this.sinceOf(row, now);
    let read: SourceRefresh;
    try {
      read = await this.readSource(connector, item, since);
    } catch (e) {
      await this.failed(item, schedule, row, e, now);
      if (e instanceof PlaidError) return 'failed';
      throw e;
    }
    await this.db.transaction().execute(async (trx) => {
      // Removed while it was being read: nothing to write to.
      const current = await new ItemsRepository(trx).find(item.client_id, item.item_id);
      if (!current) return;
      const created = await this.unkeyed(trx, item, read);
      const released = await releasedPendings(trx, item.item_id, read, since);
      await writeItemData(trx, current, { ...read, released }, now, created);
      await new TransactionsRepository(trx).updateState(item.item_id, { last_successful_update: nowIso });
      if (read.attention && read.attention.length > 0) await this.warn(trx, current, read.attention, now);
      await new LiveRefreshRepository(trx).settle(item.item_id, {
        next_at: this.nextRead(schedule, now),
        failures: 0,
        last_error: null,
        last_success_at: nowIso,
        updated_at: nowIso,
      });
    });
    return 'read';
  }

  /** From a little before the last good read (pendings settle), never further back than a year. */
  private sinceOf(row: LiveRefreshesTable, now: Date): string {
    const today = dayNumber(now.toISOString().slice(0, 10));
    const last = row.last_success_at ?? row.created_at;
    const from = dayNumber(last.slice(0, 10)) - OVERLAP_DAYS;
    return dateOf(Math.max(from, today - MAX_CATCH_UP_DAYS));
  }

  private async readSource(connector: Connector, item: ItemsTable, since: string): Promise<SourceRefresh> {
    const accounts = await new AccountsRepository(this.db).listAll(item.item_id);
    const stored: StoredAccount[] = accounts.map((a) => ({
      id: a.account_id,
      position: a.position,
      mask: a.mask,
      type: a.type,
      subtype: a.subtype,
      currency: a.iso_currency_code,
      current: a.balance_current,
    }));
    const day = this.clock.now().toISOString().slice(0, 10);
    // The store stands at the last good read: this one moves on from it.
    return connector.refresh(linkedSourceOf(item), since, { day, previous: since, accounts: stored });
  }

  /**
   * For an Item whose accounts were never keyed (one linked without transactions, whose first
   * pull keys them): its stored accounts lined up with the read's by name, type and currency, so
   * the writer keys them instead of adding copies.
   */
  private async unkeyed(
    trx: Db,
    item: ItemsTable,
    read: SourceRefresh,
  ): Promise<AccountsTable[] | undefined> {
    if ((await new AccountKeysRepository(trx).forItem(item.item_id)).size > 0) return undefined;
    const pool = await new AccountsRepository(trx).listAll(item.item_id);
    const created: AccountsTable[] = [];
    read.accounts.forEach((a, i) => {
      const at = pool.findIndex(
        (s) => s.name === a.name && s.type === a.type && s.iso_currency_code === a.currency,
      );
      if (at >= 0) created[i] = pool.splice(at, 1)[0]!;
    });
    return created;
  }

  /**
   * A failed read: ITEM_LOGIN_REQUIRED (and any other ITEM_ERROR) puts the Item into that error and
   * sends ITEM/ERROR, once; every failure marks the transactions update failed and backs off.
   */
  private async failed(
    item: ItemsTable,
    schedule: LiveSchedule,
    row: LiveRefreshesTable,
    e: unknown,
    now: Date,
  ): Promise<void> {
    const nowIso = now.toISOString();
    const error =
      e instanceof PlaidError ? e : new PlaidError('INTERNAL_SERVER_ERROR', 'the live read failed');
    const failures = row.failures + 1;
    // An Item waiting for its user is not read until repaired, then as soon as the gap allows.
    const backoff =
      error.type === 'ITEM_ERROR'
        ? schedule.minGapMs
        : Math.min(schedule.maxBackoffMs ?? DAY_MS, schedule.minGapMs * 2 ** (failures - 1));
    await this.db.transaction().execute(async (trx) => {
      if (!(await new ItemsRepository(trx).find(item.client_id, item.item_id))) return;
      await new TransactionsRepository(trx).updateState(item.item_id, { last_failed_update: nowIso });
      if (error.type === 'ITEM_ERROR') {
        const body = JSON.stringify(error.toItemError());
        if (await new ItemHealthRepository(trx).failIfHealthy(item.item_id, body, nowIso))
          await this.emit(trx, item, 'ERROR', { item_id: item.item_id, error: error.toItemError() }, nowIso);
      }
      await new LiveRefreshRepository(trx).settle(item.item_id, {
        next_at: new Date(now.getTime() + backoff + this.jitter(schedule)).toISOString(),
        failures,
        last_error: error.code,
        updated_at: nowIso,
      });
    });
  }

  /**
   * The source still serves data but says its connection needs its user: ITEM/PENDING_DISCONNECT,
   * once per set of messages, so the app can send its user to update mode before data stops.
   */
  private async warn(trx: Db, item: ItemsTable, messages: readonly string[], now: Date): Promise<void> {
    const subject = sha256(JSON.stringify([...messages].sort()));
    if (
      !(await new ItemHealthRepository(trx).claimNotice(
        item.item_id,
        'PENDING_DISCONNECT',
        subject,
        now.toISOString(),
      ))
    )
      return;
    await this.emit(
      trx,
      item,
      'PENDING_DISCONNECT',
      {
        item_id: item.item_id,
        reason: 'INSTITUTION_TOKEN_EXPIRATION',
        disconnect_time: new Date(now.getTime() + DISCONNECT_NOTICE_DAYS * DAY_MS).toISOString(),
      },
      now.toISOString(),
    );
  }

  private async emit(
    trx: Db,
    item: ItemsTable,
    code: string,
    payload: Record<string, unknown>,
    at: string,
  ): Promise<void> {
    await new OutboxRepository(trx).enqueue(
      {
        clientId: item.client_id,
        itemId: item.item_id,
        webhookType: 'ITEM',
        webhookCode: code,
        payload: { ...payload, environment: item.env },
      },
      at,
      Boolean(item.webhook),
    );
  }

  private fresh(itemId: string, lastRead: Date, nextAt: string): LiveRefreshesTable {
    const now = this.clock.now().toISOString();
    const read = lastRead.getTime() > 0 ? lastRead.toISOString() : null;
    return {
      item_id: itemId,
      next_at: nextAt,
      last_read_at: read,
      last_success_at: read,
      failures: 0,
      last_error: null,
      created_at: now,
      updated_at: now,
    };
  }

  private nextRead(schedule: LiveSchedule, now: Date): string {
    return new Date(now.getTime() + schedule.everyMs + this.jitter(schedule)).toISOString();
  }

  private jitter(schedule: LiveSchedule): number {
    return Math.floor(this.random() * (schedule.jitterMs ?? 0));
  }
}

/**
 * Pending rows the source no longer shows: dated within the span read, on an account it read, and
 * named by no transaction of the read (a pending that posts under its own id is matched by the
 * writer instead). Only rows a source named across its login (`event_key`) can be named back.
 */
async function releasedPendings(
  trx: Db,
  itemId: string,
  read: SourceRefresh,
  since: string,
): Promise<SourceTransactionRef[]> {
  const pending = await new TransactionsRepository(trx).pending(itemId);
  if (pending.length === 0) return [];
  const keys = await new AccountKeysRepository(trx).forItem(itemId);
  const keyOf = new Map([...keys.values()].map((k) => [k.account_id, k.account_key]));
  const readKeys = new Set(read.accounts.map((a) => a.key));
  const named = new Set(read.transactions.map((t) => t.loginKey).filter(Boolean));
  const released: SourceTransactionRef[] = [];
  for (const row of pending) {
    const accountKey = keyOf.get(row.account_id);
    if (!row.event_key || !accountKey || !readKeys.has(accountKey) || row.date < since) continue;
    if (named.has(row.event_key)) continue;
    released.push({ accountKey, id: row.event_key, loginKey: row.event_key });
  }
  return released;
}
