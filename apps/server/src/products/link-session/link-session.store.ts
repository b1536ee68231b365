import type { WeftContext } from '../../app-context';
import type { ConnectorLogin, NormalizedAccount } from '../../connectors/connector';
import type { Institution as ConnectorInstitution } from '../../connectors/institution';
import { findInstitution } from '../../connectors/institutions';
import type { ItemsTable } from '../../db/tables/core';
import type { LinkSessionsTable } from '../../db/tables/link-session';
import { errors, PlaidError } from '../../http/errors';
import { ItemsRepository } from '../items/items.repository';
import type { LinkSessionRecord, LinkTokenView } from '../link/link.service';
import { LinkTokensRepository } from '../link/link-tokens.repository';
import { LinkSessionsRepository } from './link-session.repository';
import type { LinkEventRecord, SessionState, SessionStep } from './link-session.rules';

/** Events kept per session (Link emits a few dozen in a normal session). */
const MAX_EVENTS = 200;

/** Secrets of a session in flight; sealed at rest and dropped when the session ends. */
export interface SealedState {
  username?: string;
  password?: string;
  login?: ConnectorLogin;
  accounts?: NormalizedAccount[];
}

/** A session loaded with its link token. `token` is empty when reached from the bank page. */
export interface Loaded {
  token: string;
  view: LinkTokenView;
  row: LinkSessionsTable;
  state: SessionState;
}

/**
 * Loading and saving Link sessions: rows with their link token, parsed state and sealed secrets,
 * and the session's record on the link token for /link/token/get.
 */
export class SessionStore {
  constructor(private readonly ctx: WeftContext) {}

  /** A session of this (live) link token. */
  async load(token: string, linkSessionId: string): Promise<Loaded> {
    const view = await this.ctx.link.getForLink(token);
    const row = await new LinkSessionsRepository(this.ctx.db).find(view.row.token_hash, linkSessionId);
    if (!row) throw errors.invalidField('unknown link_session_id');
    return { token, view, row, state: parseState(row) };
  }

  /** The session an OAuth-style authorisation is pending for (the bank page knows only this id). */
  async loadByOauthState(oauthStateId: string): Promise<Loaded> {
    const row = await new LinkSessionsRepository(this.ctx.db).findByOauthState(oauthStateId);
    if (row?.step !== 'oauth') throw errors.notFound();
    const tokenRow = await new LinkTokensRepository(this.ctx.db, this.ctx.secretBox).find(row.token_hash);
    if (!tokenRow || tokenRow.expires_at <= this.ctx.clock.now().toISOString()) throw errors.notFound();
    const view: LinkTokenView = {
      row: tokenRow,
      config: JSON.parse(tokenRow.config) as LinkTokenView['config'],
      sessions: JSON.parse(tokenRow.results ?? '[]') as LinkSessionRecord[],
    };
    return { token: '', view, row, state: parseState(row) };
  }

  /** A session reached by the redirect's oauth_state_id, only if it belongs to this link token. */
  async loadForRedirect(token: string, view: LinkTokenView, oauthStateId: string): Promise<Loaded> {
    const row = await new LinkSessionsRepository(this.ctx.db).findByOauthState(oauthStateId);
    if (!row || row.token_hash !== view.row.token_hash)
      throw errors.invalidField('received_redirect_uri does not belong to this link token');
    return { token, view, row, state: parseState(row) };
  }

  /** Inserts a fresh session row. */
  async insert(row: LinkSessionsTable): Promise<void> {
    await new LinkSessionsRepository(this.ctx.db).insert(row);
  }

  /** Saves the state (always) and the given columns. */
  async save(s: Loaded, patch: Partial<LinkSessionsTable>): Promise<void> {
    const full = { ...patch, state: JSON.stringify(s.state), updated_at: this.ctx.clock.now().toISOString() };
    Object.assign(s.row, full);
    await new LinkSessionsRepository(this.ctx.db).update(s.row.token_hash, s.row.link_session_id, full);
  }

  /** Seals secrets for the session row. */
  seal(secrets: SealedState): string {
    return this.ctx.secretBox.seal(JSON.stringify(secrets));
  }

  /** The session's sealed secrets, or nothing. */
  openSealed(row: LinkSessionsTable): SealedState {
    return row.sealed ? (JSON.parse(this.ctx.secretBox.open(row.sealed)) as SealedState) : {};
  }

  /** Writes the session's outcome on its link token, for /link/token/get. */
  async record(s: Loaded, outcome: Partial<LinkSessionRecord>): Promise<void> {
    const existing = s.view.sessions.find((x) => x.link_session_id === s.row.link_session_id);
    await this.ctx.link.recordSession(s.token, {
      link_session_id: s.row.link_session_id,
      started_at: s.row.started_at,
      finished_at: s.row.finished_at,
      ...(existing ?? {}),
      ...outcome,
      events: await this.events(s),
    });
  }

  /** Appends events; they live in their own rows so concurrent steps cannot overwrite them. */
  async appendEvents(s: Loaded, events: LinkEventRecord[]): Promise<void> {
    await new LinkSessionsRepository(this.ctx.db).insertEvents(
      events.map((e) => ({
        link_session_id: s.row.link_session_id,
        event_id: e.event_id,
        event_name: e.event_name,
        timestamp: e.timestamp,
        metadata: JSON.stringify(e.event_metadata),
      })),
    );
  }

  private async events(s: Loaded): Promise<Record<string, unknown>[]> {
    const rows = await new LinkSessionsRepository(this.ctx.db).listEvents(s.row.link_session_id, MAX_EVENTS);
    return rows.map((r) => ({
      event_id: r.event_id,
      event_name: r.event_name,
      timestamp: r.timestamp,
      event_metadata: JSON.parse(r.metadata) as Record<string, unknown>,
    }));
  }

  /** The Item an update-mode link token repairs, if any. */
  async updateItem(view: LinkTokenView): Promise<ItemsTable | null> {
    if (!view.row.item_id) return null;
    const item = await new ItemsRepository(this.ctx.db).find(view.row.client_id, view.row.item_id);
    if (!item) throw new PlaidError('ITEM_NOT_FOUND');
    return item;
  }

  /** The institution a link token fixes (update mode, or `institution_id`), if any. */
  async fixedInstitution(view: LinkTokenView): Promise<ConnectorInstitution | null> {
    const item = await this.updateItem(view);
    const id = item?.institution_id ?? view.config.institution_id;
    if (!id) return null;
    const institution = findInstitution(id);
    if (!institution) throw errors.invalidInstitution();
    return institution;
  }

  /** The session's chosen institution (set before any step that calls this). */
  institutionOf(s: Loaded): ConnectorInstitution {
    const institution = s.row.institution_id ? findInstitution(s.row.institution_id) : undefined;
    if (!institution) throw errors.invalidInstitution();
    return institution;
  }

  /** Refuses a call the session is not at. */
  expectStep(s: Loaded, steps: SessionStep[]): void {
    if (!steps.includes(s.row.step as SessionStep))
      throw errors.invalidField(`this Link session is not expecting that step (at ${s.row.step})`);
  }
}

function parseState(row: LinkSessionsTable): SessionState {
  return JSON.parse(row.state) as SessionState;
}
