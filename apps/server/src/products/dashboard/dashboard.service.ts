import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import type { WeftContext } from '../../app-context';
import {
  findInstitution,
  LISTED_INSTITUTIONS,
  searchInstitutions,
  UNLISTED_INSTITUTIONS,
} from '../../connectors/institutions';
import type { ItemsTable } from '../../db/tables/core';
import { randomId } from '../../lib/ids';
import type { ClientEnv, ClientKeys } from '../clients/clients.service';
import type { FireWebhookCode } from '../item-health/item-health.schemas';
import { ItemHealthService } from '../item-health/item-health.service';
import type { ItemsService } from '../items/items.service';
import { WebhookInspectorService } from '../webhook-inspector/webhook-inspector.service';
import type { ApiRequestLog } from './api-log';
import { type DashboardDb, type DashboardRole, dashboardDb } from './dashboard.tables';
import { decoyHash, hashPassword, verifyPassword } from './passwords';
import { redactValue } from './redact';

/** How long a sign-in lasts. */
export const SESSION_MS = 12 * 3_600_000;
/** How long a setup code printed at start stays valid. */
export const SETUP_CODE_MS = 24 * 3_600_000;

/** Who is signed in, as every dashboard route sees it. */
export interface Viewer {
  userId: string;
  teamId: string;
  email: string;
  name: string;
  role: DashboardRole;
  teamName: string;
}

/** A refusal the routes turn into an HTTP answer. */
export class DashboardError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new DashboardError(404, 'NOT_FOUND', `no ${what} in your team`);

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const normalEmail = (e: string) => e.trim().toLowerCase();

/**
 * The dashboard's teams, members, sessions and the actions they take. Every read and action is
 * scoped to the signed-in member's team: the API clients the team owns (dashboard_team_clients),
 * and the Items, requests and webhooks of those clients. Key and Item actions go to the audit log.
 */
export class DashboardService {
  readonly db: DashboardDb;
  private readonly health: ItemHealthService;
  private readonly inspector: WebhookInspectorService;
  private readonly byItemId: ItemsService;

  constructor(
    private readonly ctx: WeftContext,
    readonly apiLog: ApiRequestLog,
  ) {
    this.db = dashboardDb(ctx.db);
    // The Plaid routes reach an Item through its access token, of which Weft keeps only a digest.
    // The dashboard reaches it by item_id (already checked to be its team's): the same ItemsService,
    // with resolve() looking the Item up by id, so the sandbox and inspector services below run the
    // very code /sandbox/item/* and /weft/webhooks/replay run.
    const items = ctx.items;
    const repo = this.db;
    this.byItemId = Object.create(items, {
      resolve: {
        value: async (clientId: string, itemId: string): Promise<ItemsTable> => {
          const item = await repo
            .selectFrom('items')
            .selectAll()
            .where('client_id', '=', clientId)
            .where('item_id', '=', itemId)
            .executeTakeFirst();
          if (!item) throw notFound('Item');
          return item;
        },
      },
    }) as ItemsService;
    this.health = new ItemHealthService(ctx.db, ctx.clock, this.byItemId, ctx.connectors);
    this.inspector = new WebhookInspectorService(ctx.db, ctx.clock, this.byItemId);
  }

  private now(): string {
    return this.ctx.clock.now().toISOString();
  }

  // ---- setup, sign-in and sessions ----

  /** Whether the first owner still has to be made. */
  async needsSetup(): Promise<boolean> {
    const row = await this.db.selectFrom('dashboard_users').select('user_id').limit(1).executeTakeFirst();
    return row === undefined;
  }

  /**
   * A new one-time setup code while no member exists (printed by `weft start`); null once someone
   * has set the dashboard up. Only its hash is stored; an earlier code stops working.
   */
  async issueSetupCode(): Promise<string | null> {
    if (!(await this.needsSetup())) return null;
    const code = randomBytes(15).toString('base64url');
    const now = this.ctx.clock.now();
    await this.db.deleteFrom('dashboard_setup_codes').execute();
    await this.db
      .insertInto('dashboard_setup_codes')
      .values({
        code_hash: sha256(code),
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SETUP_CODE_MS).toISOString(),
      })
      .execute();
    return code;
  }

  /**
   * First-run setup: with the setup code, while no member exists, makes the team and its owner and
   * gives the team every API client that exists now (the sandbox client printed at first start).
   */
  async setup(input: { setupCode: string; teamName: string; email: string; name: string; password: string }) {
    const hash = sha256(input.setupCode);
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const code = await trx
        .deleteFrom('dashboard_setup_codes')
        .where('code_hash', '=', hash)
        .where('expires_at', '>', this.now())
        .returning('code_hash')
        .executeTakeFirst();
      const anyone = await trx.selectFrom('dashboard_users').select('user_id').limit(1).executeTakeFirst();
      if (!code || anyone)
        throw new DashboardError(403, 'SETUP_REFUSED', 'the setup code is wrong or setup is done');
      const teamId = await this.insertTeam(trx as unknown as DashboardDb, input.teamName);
      const userId = await this.insertUser(
        trx as unknown as DashboardDb,
        teamId,
        input,
        'owner',
        passwordHash,
      );
      const unowned = await trx
        .selectFrom('clients')
        .select('client_id')
        .where('client_id', 'not in', trx.selectFrom('dashboard_team_clients').select('client_id'))
        .execute();
      if (unowned.length > 0)
        await trx
          .insertInto('dashboard_team_clients')
          .values(
            unowned.map((c) => ({
              client_id: c.client_id,
              team_id: teamId,
              origin: 'adopted' as const,
              created_at: this.now(),
            })),
          )
          .execute();
      return userId;
    });
  }

  /** Another team with its owner (teams share nothing: each sees only the clients it creates). */
  async createTeam(input: {
    teamName: string;
    email: string;
    name: string;
    password: string;
  }): Promise<string> {
    const passwordHash = await hashPassword(input.password);
    return this.db.transaction().execute(async (trx) => {
      const teamId = await this.insertTeam(trx as unknown as DashboardDb, input.teamName);
      return this.insertUser(trx as unknown as DashboardDb, teamId, input, 'owner', passwordHash);
    });
  }

  private async insertTeam(db: DashboardDb, name: string): Promise<string> {
    const teamId = `team_${randomId(20)}`;
    await db
      .insertInto('dashboard_teams')
      .values({ team_id: teamId, name, created_at: this.now() })
      .execute();
    return teamId;
  }

  private async insertUser(
    db: DashboardDb,
    teamId: string,
    input: { email: string; name: string },
    role: DashboardRole,
    passwordHash: string,
  ): Promise<string> {
    const email = normalEmail(input.email);
    const taken = await db
      .selectFrom('dashboard_users')
      .select('user_id')
      .where('email', '=', email)
      .executeTakeFirst();
    if (taken) throw new DashboardError(409, 'EMAIL_TAKEN', 'a member with that email already exists');
    const userId = `user_${randomId(20)}`;
    await db
      .insertInto('dashboard_users')
      .values({
        user_id: userId,
        team_id: teamId,
        email,
        name: input.name,
        role,
        password_hash: passwordHash,
        created_at: this.now(),
        removed_at: null,
      })
      .execute();
    return userId;
  }

  /** The member an email and password name; null for any mismatch, in the same time either way. */
  async checkPassword(email: string, password: string): Promise<string | null> {
    const user = await this.db
      .selectFrom('dashboard_users')
      .select(['user_id', 'password_hash'])
      .where('email', '=', normalEmail(email))
      .where('removed_at', 'is', null)
      .executeTakeFirst();
    const ok = await verifyPassword(password, user?.password_hash ?? (await decoyHash()));
    return user && ok ? user.user_id : null;
  }

  /**
   * Changes the signed-in member's password after checking the current one; every other session of
   * theirs ends (the one making the change stays).
   */
  async changePassword(v: Viewer, current: string, next: string, keepToken: string): Promise<void> {
    const row = await this.db
      .selectFrom('dashboard_users')
      .select('password_hash')
      .where('user_id', '=', v.userId)
      .executeTakeFirstOrThrow();
    if (!(await verifyPassword(current, row.password_hash)))
      throw new DashboardError(401, 'INVALID_CREDENTIALS', 'the current password is wrong');
    await this.db
      .updateTable('dashboard_users')
      .set({ password_hash: await hashPassword(next) })
      .where('user_id', '=', v.userId)
      .execute();
    await this.db
      .deleteFrom('dashboard_sessions')
      .where('user_id', '=', v.userId)
      .where('token_hash', '!=', sha256(keepToken))
      .execute();
    await this.audit(v, 'member.password', v.email, null);
  }

  /** A new session for a member; the token goes in the cookie, only its hash in the database. */
  async startSession(userId: string): Promise<string> {
    const token = randomBytes(32).toString('base64url');
    const now = this.ctx.clock.now();
    // Sessions past their time are deleted as new ones start, so the table stays small.
    await this.db.deleteFrom('dashboard_sessions').where('expires_at', '<', now.toISOString()).execute();
    await this.db
      .insertInto('dashboard_sessions')
      .values({
        token_hash: sha256(token),
        user_id: userId,
        created_at: now.toISOString(),
        expires_at: new Date(now.getTime() + SESSION_MS).toISOString(),
      })
      .execute();
    return token;
  }

  async endSession(token: string): Promise<void> {
    await this.db.deleteFrom('dashboard_sessions').where('token_hash', '=', sha256(token)).execute();
  }

  /** The member a session token belongs to, while the session lasts and the member is on the team. */
  async viewerOf(token: string): Promise<Viewer | null> {
    const row = await this.db
      .selectFrom('dashboard_sessions as s')
      .innerJoin('dashboard_users as u', 'u.user_id', 's.user_id')
      .innerJoin('dashboard_teams as t', 't.team_id', 'u.team_id')
      .select(['u.user_id', 'u.team_id', 'u.email', 'u.name', 'u.role', 't.name as team_name'])
      .where('s.token_hash', '=', sha256(token))
      .where('s.expires_at', '>', this.now())
      .where('u.removed_at', 'is', null)
      .executeTakeFirst();
    if (!row) return null;
    return {
      userId: row.user_id,
      teamId: row.team_id,
      email: row.email,
      name: row.name,
      role: row.role,
      teamName: row.team_name,
    };
  }

  // ---- team members ----

  members(v: Viewer) {
    return this.db
      .selectFrom('dashboard_users')
      .select(['user_id', 'email', 'name', 'role', 'created_at'])
      .where('team_id', '=', v.teamId)
      .where('removed_at', 'is', null)
      .orderBy('created_at')
      .execute();
  }

  /** Adds a member with a generated first password, returned once for the owner to hand over. */
  async addMember(v: Viewer, input: { email: string; name: string; role: DashboardRole }) {
    const password = randomBytes(12).toString('base64url');
    const userId = await this.insertUser(this.db, v.teamId, input, input.role, await hashPassword(password));
    await this.audit(v, 'member.add', normalEmail(input.email), { role: input.role });
    return { user_id: userId, email: normalEmail(input.email), role: input.role, password };
  }

  /** Changes a member's role (not one's own, so a team never loses its last owner by mistake). */
  async setRole(v: Viewer, userId: string, role: DashboardRole): Promise<void> {
    if (userId === v.userId)
      throw new DashboardError(400, 'INVALID_REQUEST', 'you cannot change your own role');
    const r = await this.db
      .updateTable('dashboard_users')
      .set({ role })
      .where('user_id', '=', userId)
      .where('team_id', '=', v.teamId)
      .where('removed_at', 'is', null)
      .returning('email')
      .executeTakeFirst();
    if (!r) throw notFound('member');
    await this.audit(v, 'member.role', r.email, { role });
  }

  /** Removes a member (not oneself): their sessions end. */
  async removeMember(v: Viewer, userId: string): Promise<void> {
    if (userId === v.userId) throw new DashboardError(400, 'INVALID_REQUEST', 'you cannot remove yourself');
    const r = await this.db
      .updateTable('dashboard_users')
      .set({ removed_at: this.now() })
      .where('user_id', '=', userId)
      .where('team_id', '=', v.teamId)
      .where('removed_at', 'is', null)
      .returning('email')
      .executeTakeFirst();
    if (!r) throw notFound('member');
    await this.db.deleteFrom('dashboard_sessions').where('user_id', '=', userId).execute();
    await this.audit(v, 'member.remove', r.email, null);
  }

  // ---- keys ----

  private teamClientIds(v: Viewer) {
    return this.db.selectFrom('dashboard_team_clients').select('client_id').where('team_id', '=', v.teamId);
  }

  /** The team's API clients (no secret or digest). */
  keys(v: Viewer) {
    return this.db
      .selectFrom('clients')
      .innerJoin('dashboard_team_clients as tc', 'tc.client_id', 'clients.client_id')
      .select([
        'clients.client_id',
        'clients.name',
        'clients.env',
        'clients.created_at',
        'clients.rotated_at',
        'clients.revoked_at',
        'tc.origin',
      ])
      .where('tc.team_id', '=', v.teamId)
      .orderBy('clients.created_at')
      .orderBy('clients.client_id')
      .execute();
  }

  /** A new client for the team (ClientsService, as `weft keys create`); the secret is returned once. */
  async createKey(v: Viewer, name: string, env: ClientEnv): Promise<ClientKeys & { env: ClientEnv }> {
    const keys = await this.ctx.clients.create(name, env);
    await this.db
      .insertInto('dashboard_team_clients')
      .values({ client_id: keys.clientId, team_id: v.teamId, origin: 'created', created_at: this.now() })
      .execute();
    await this.audit(v, 'key.create', keys.clientId, { name, env });
    return { ...keys, env };
  }

  private async ownClient(v: Viewer, clientId: string): Promise<void> {
    const row = await this.db
      .selectFrom('dashboard_team_clients')
      .select('client_id')
      .where('client_id', '=', clientId)
      .where('team_id', '=', v.teamId)
      .executeTakeFirst();
    if (!row) throw notFound('API client');
  }

  async rotateKey(v: Viewer, clientId: string): Promise<ClientKeys> {
    await this.ownClient(v, clientId);
    const keys = await this.ctx.clients.rotate(clientId);
    if (keys === 'revoked') throw new DashboardError(409, 'REVOKED', 'a revoked client cannot be rotated');
    if (keys === 'unknown_client') throw notFound('API client');
    this.ctx.auth.forget(clientId);
    await this.audit(v, 'key.rotate', clientId, null);
    return keys;
  }

  async revokeKey(v: Viewer, clientId: string): Promise<void> {
    await this.ownClient(v, clientId);
    await this.ctx.clients.revoke(clientId);
    this.ctx.auth.forget(clientId);
    await this.audit(v, 'key.revoke', clientId, null);
  }

  // ---- Items ----

  /** The team's Items, newest first; `q` matches an item_id, an institution id or words of its name. */
  async items(v: Viewer, q: string | undefined) {
    let query = this.db
      .selectFrom('items')
      .leftJoin('transactions_state as ts', 'ts.item_id', 'items.item_id')
      .select([
        'ts.item_id as transactions_item',
        'ts.last_successful_update',
        'ts.last_failed_update',
        'items.item_id',
        'items.client_id',
        'items.env',
        'items.institution_id',
        'items.products',
        'items.webhook',
        'items.error',
        'items.created_at',
        'items.updated_at',
      ])
      .where('items.client_id', 'in', this.teamClientIds(v));
    const term = q?.trim();
    if (term) {
      const institutions = matchingInstitutions(term);
      query = query.where((eb) =>
        eb.or([
          eb('items.item_id', '=', term),
          ...(institutions.length > 0 ? [eb('items.institution_id', 'in', institutions)] : []),
          eb('items.institution_id', '=', term),
        ]),
      );
    }
    const rows = await query
      .orderBy('items.created_at', 'desc')
      .orderBy('items.item_id')
      .limit(200)
      .execute();
    return rows.map((r) => ({
      item_id: r.item_id,
      client_id: r.client_id,
      env: r.env,
      institution_id: r.institution_id,
      institution_name: findInstitution(r.institution_id)?.name ?? null,
      products: JSON.parse(r.products) as string[],
      webhook: r.webhook,
      status: r.error ? 'error' : 'healthy',
      error: r.error ? (JSON.parse(r.error) as { error_code: string; error_message: string }) : null,
      created_at: r.created_at,
      updated_at: r.updated_at,
      // As /item/get's status.transactions reports them.
      transactions: r.transactions_item
        ? { last_successful_update: r.last_successful_update, last_failed_update: r.last_failed_update }
        : null,
    }));
  }

  private async ownItem(v: Viewer, itemId: string): Promise<ItemsTable> {
    const item = await this.db
      .selectFrom('items')
      .selectAll()
      .where('item_id', '=', itemId)
      .where('client_id', 'in', this.teamClientIds(v))
      .executeTakeFirst();
    if (!item) throw notFound('Item');
    return item;
  }

  async fireWebhook(v: Viewer, itemId: string, code: FireWebhookCode): Promise<void> {
    const item = await this.ownItem(v, itemId);
    if (item.env !== 'sandbox')
      throw new DashboardError(400, 'SANDBOX_ONLY', 'only sandbox Items can be changed here');
    await this.health.fireWebhook(item.client_id, item.item_id, code, undefined);
    await this.audit(v, 'item.fire_webhook', itemId, { webhook_code: code });
  }

  async resetLogin(v: Viewer, itemId: string): Promise<void> {
    const item = await this.ownItem(v, itemId);
    if (item.env !== 'sandbox')
      throw new DashboardError(400, 'SANDBOX_ONLY', 'only sandbox Items can be changed here');
    await this.health.resetLogin(item.client_id, item.item_id);
    await this.audit(v, 'item.reset_login', itemId, null);
  }

  async removeItem(v: Viewer, itemId: string): Promise<void> {
    const item = await this.ownItem(v, itemId);
    await this.byItemId.remove(item.client_id, item.item_id);
    await this.audit(v, 'item.remove', itemId, { client_id: item.client_id });
  }

  // ---- API logs ----

  async logs(
    v: Viewer,
    f: {
      path?: string;
      status?: 'ok' | 'error';
      error_code?: string;
      client_id?: string;
      request_id?: string;
      before?: number;
    },
  ) {
    await this.apiLog.flush();
    let q = this.db
      .selectFrom('dashboard_api_requests')
      .select([
        'id',
        'request_id',
        'client_id',
        'path',
        'status',
        'latency_ms',
        'error_code',
        'item_id',
        'created_at',
      ])
      .where('client_id', 'in', this.teamClientIds(v));
    if (f.path) q = q.where('path', '=', f.path);
    if (f.status === 'ok') q = q.where('status', '<', 400);
    if (f.status === 'error') q = q.where('status', '>=', 400);
    if (f.error_code) q = q.where('error_code', '=', f.error_code);
    if (f.client_id) q = q.where('client_id', '=', f.client_id);
    if (f.request_id) q = q.where('request_id', '=', f.request_id);
    if (f.before) q = q.where('id', '<', f.before);
    return q.orderBy('id', 'desc').limit(100).execute();
  }

  async logEntry(v: Viewer, id: number) {
    await this.apiLog.flush();
    const row = await this.db
      .selectFrom('dashboard_api_requests')
      .selectAll()
      .where('id', '=', id)
      .where('client_id', 'in', this.teamClientIds(v))
      .executeTakeFirst();
    if (!row) throw notFound('request');
    return {
      ...row,
      request_body: JSON.parse(row.request_body),
      response_body: JSON.parse(row.response_body),
    };
  }

  // ---- Link sessions ----

  /**
   * The team's latest Link sessions, each with its events in order, named as Link's onEvent names
   * them (OPEN, SELECT_INSTITUTION, SUBMIT_CREDENTIALS, HANDOFF…). Event metadata is redacted like
   * API bodies; what a session keeps sealed is never read.
   */
  async linkSessions(v: Viewer) {
    const sessions = await this.db
      .selectFrom('link_sessions')
      .select([
        'link_session_id',
        'client_id',
        'step',
        'institution_id',
        'started_at',
        'updated_at',
        'finished_at',
      ])
      .where('client_id', 'in', this.teamClientIds(v))
      .orderBy('started_at', 'desc')
      .orderBy('link_session_id')
      .limit(50)
      .execute();
    const ids = sessions.map((s) => s.link_session_id);
    const events =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('link_session_events')
            .select(['id', 'link_session_id', 'event_name', 'timestamp', 'metadata'])
            .where('link_session_id', 'in', ids)
            .orderBy('id')
            .execute();
    return sessions.map((s) => ({
      ...s,
      institution_name: s.institution_id ? (findInstitution(s.institution_id)?.name ?? null) : null,
      events: events
        .filter((e) => e.link_session_id === s.link_session_id)
        .map((e) => ({
          event_name: e.event_name,
          timestamp: e.timestamp,
          metadata: redactValue(JSON.parse(e.metadata)),
        })),
    }));
  }

  // ---- usage ----

  /**
   * The team's Items (by environment and status) and its API requests per product (an API path's
   * first segment) per day over the log's retention.
   */
  async usage(v: Viewer) {
    await this.apiLog.flush();
    const items = await this.db
      .selectFrom('items')
      .select([
        'env',
        sql<number>`count(*)`.as('n'),
        sql<number>`sum(case when error is null then 0 else 1 end)`.as('errors'),
      ])
      .where('client_id', 'in', this.teamClientIds(v))
      .groupBy('env')
      .execute();
    const day = sql<string>`substr(created_at, 1, 10)`;
    const rows = await this.db
      .selectFrom('dashboard_api_requests')
      .select([day.as('day'), 'path', sql<number>`count(*)`.as('n')])
      .where('client_id', 'in', this.teamClientIds(v))
      .groupBy([day, 'path'])
      .execute();
    const perDay = new Map<string, Record<string, number>>();
    for (const r of rows) {
      const product = r.path.split('/')[1] || 'other';
      const counts = perDay.get(r.day) ?? {};
      counts[product] = (counts[product] ?? 0) + Number(r.n);
      perDay.set(r.day, counts);
    }
    return {
      items: items.map((i) => ({ env: i.env, count: Number(i.n), with_errors: Number(i.errors) })),
      requests: [...perDay.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([date, products]) => ({ date, products })),
    };
  }

  // ---- webhooks ----

  async webhooks(v: Viewer, itemId: string | undefined) {
    let q = this.db
      .selectFrom('outbox')
      .select([
        'id',
        'client_id',
        'item_id',
        'webhook_type',
        'webhook_code',
        'status',
        'attempts',
        'webhook_url',
        'created_at',
      ])
      .where('client_id', 'in', this.teamClientIds(v));
    if (itemId) q = q.where('item_id', '=', itemId);
    const events = await q.orderBy('id', 'desc').limit(100).execute();
    const ids = events.map((e) => e.id);
    const attempts =
      ids.length === 0
        ? []
        : await this.db
            .selectFrom('webhook_attempts')
            .select(['outbox_id', 'attempt', 'url', 'status_code', 'error', 'latency_ms', 'started_at'])
            .where('outbox_id', 'in', ids)
            .orderBy('outbox_id')
            .orderBy('attempt')
            .execute();
    return events.map((e) => ({ ...e, tries: attempts.filter((a) => a.outbox_id === e.id) }));
  }

  async replayWebhook(v: Viewer, id: number): Promise<number> {
    const event = await this.db
      .selectFrom('outbox')
      .select(['client_id', 'item_id'])
      .where('id', '=', id)
      .where('client_id', 'in', this.teamClientIds(v))
      .executeTakeFirst();
    if (!event?.item_id) throw notFound('webhook delivery');
    const view = await this.inspector.replay(event.client_id, event.item_id, String(id));
    await this.audit(v, 'webhook.replay', String(id), { item_id: event.item_id, new_id: view.event.id });
    return view.event.id;
  }

  // ---- audit ----

  async audit(
    v: Viewer,
    action: string,
    target: string,
    detail: Record<string, unknown> | null,
  ): Promise<void> {
    await this.db
      .insertInto('dashboard_audit')
      .values({
        team_id: v.teamId,
        user_id: v.userId,
        user_email: v.email,
        action,
        target,
        detail: detail ? JSON.stringify(detail) : null,
        created_at: this.now(),
      })
      .execute();
  }

  async auditLog(v: Viewer) {
    const rows = await this.db
      .selectFrom('dashboard_audit')
      .select(['id', 'user_email', 'action', 'target', 'detail', 'created_at'])
      .where('team_id', '=', v.teamId)
      .orderBy('id', 'desc')
      .limit(200)
      .execute();
    return rows.map((r) => ({ ...r, detail: r.detail ? JSON.parse(r.detail) : null }));
  }
}

/** Institution ids whose name contains the term's words (case-insensitive). */
function matchingInstitutions(term: string): string[] {
  return searchInstitutions(term, [...LISTED_INSTITUTIONS, ...UNLISTED_INSTITUTIONS]).map(
    (i) => i.institution_id,
  );
}
