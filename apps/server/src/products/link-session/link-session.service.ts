import { randomUUID } from 'node:crypto';
import type { WeftContext } from '../../app-context';
import type { LinkResult } from '../../connectors/connector';
import { FILES_INSTITUTION_ID } from '../../connectors/files/files.institution';
import { findInstitution } from '../../connectors/institutions';
import { errors, PlaidError } from '../../http/errors';
import { randomId } from '../../lib/ids';
import { paymentTargetOf } from '../link/link-hooks';
import { SessionCompletion } from './link-session.completion';
import type {
  LinkError,
  LinkEventInput,
  LinkExitResponse,
  LinkFilesResponse,
  LinkFileUpload,
  LinkInstitution,
  LinkPane,
  LinkStartResponse,
} from './link-session.contract';
import { LinkFiles } from './link-session.files';
import { searchInstitutions, uploadInstitution } from './link-session.institutions';
import { LinkOauth, type OauthConsent, oauthStateOf } from './link-session.oauth';
import { presentInstitution } from './link-session.presenter';
import {
  accountSelectMode,
  eventRecord,
  exitStatus,
  type SessionState,
  type SessionStep,
} from './link-session.rules';
import { type Loaded, SessionStore } from './link-session.store';

/**
 * Link sessions: one user's pass through Link with a link token, driven step by step by the Link
 * UI. All progress (which institution, MFA rounds, OAuth consent, accounts awaiting selection)
 * lives server-side; the browser holds only the link token and the session id.
 */
export class LinkSessionService {
  private readonly store: SessionStore;
  private readonly completion: SessionCompletion;
  private readonly oauth: LinkOauth;
  private readonly files: LinkFiles;

  constructor(private readonly ctx: WeftContext) {
    this.store = new SessionStore(ctx);
    this.completion = new SessionCompletion(ctx, this.store);
    this.oauth = new LinkOauth(ctx, this.store, this.completion);
    this.files = new LinkFiles(ctx, this.store, this.completion);
  }

  /** Starts a session, or resumes the one an OAuth redirect returned to. */
  async start(token: string, receivedRedirectUri?: string): Promise<LinkStartResponse> {
    const view = await this.ctx.link.getForLink(token);
    const config = view.config;
    let linkSessionId: string;
    let resume: LinkPane | null = null;
    const oauthStateId = receivedRedirectUri ? oauthStateOf(receivedRedirectUri) : null;
    if (oauthStateId) {
      const s = await this.store.loadForRedirect(token, view, oauthStateId);
      linkSessionId = s.row.link_session_id;
      resume = await this.oauth.resume(s);
    } else {
      const now = this.ctx.clock.now().toISOString();
      linkSessionId = randomUUID();
      await this.store.insert({
        link_session_id: linkSessionId,
        token_hash: view.row.token_hash,
        client_id: view.row.client_id,
        step: 'institution',
        institution_id: null,
        state: JSON.stringify({} satisfies SessionState),
        sealed: null,
        oauth_state_id: null,
        started_at: now,
        updated_at: now,
        finished_at: null,
      });
    }

    const paymentId = paymentTargetOf(config);
    let payment: LinkStartResponse['payment'] = null;
    if (paymentId) {
      const hook = this.ctx.linkHooks.payment;
      if (!hook) throw new PlaidError('PRODUCTS_NOT_SUPPORTED', 'payment initiation is not available');
      payment = await hook.describe(view.row.client_id, paymentId);
    }
    const fixed = await this.store.fixedInstitution(view);
    const idv = (await this.ctx.linkHooks.identityVerification?.start(view.row.client_id, config)) ?? null;
    return {
      link_session_id: linkSessionId,
      client_name: config.client_name,
      language: config.language,
      mode: view.row.item_id ? 'update' : paymentId ? 'payment' : 'default',
      institution: fixed ? presentInstitution(fixed) : null,
      popular: searchInstitutions(view, '', true).map(presentInstitution),
      payment,
      resume,
      identity_verification: idv,
    };
  }

  /** Institutions matching a search, among those this link token may use. */
  async search(token: string, linkSessionId: string, query: string): Promise<LinkInstitution[]> {
    const s = await this.store.load(token, linkSessionId);
    const q = query.slice(0, 100);
    const upload = uploadInstitution(s.view, q);
    return [...searchInstitutions(s.view, q, false), ...(upload ? [upload] : [])].map(presentInstitution);
  }

  /** The user picked an institution: credentials next, or the bank's own consent page for OAuth. */
  async selectInstitution(token: string, linkSessionId: string, institutionId: string): Promise<LinkPane> {
    const s = await this.store.load(token, linkSessionId);
    this.store.expectStep(s, ['institution', 'credentials', 'mfa', 'oauth', 'files']);
    const fixed = await this.store.fixedInstitution(s.view);
    const upload = uploadInstitution(s.view, null);
    const allowed = fixed ? [fixed] : [...searchInstitutions(s.view, '', false), ...(upload ? [upload] : [])];
    const institution = allowed.find((i) => i.institution_id === institutionId);
    if (!institution) throw errors.invalidInstitution();
    if (institution.institution_id === FILES_INSTITUTION_ID) return this.files.enter(s);
    await this.files.discard(s);
    const view = presentInstitution(institution);
    const isPayment = Boolean(paymentTargetOf(s.view.config));
    if (institution.oauth || isPayment) {
      const oauthStateId = randomUUID();
      s.state.challenge = undefined;
      s.state.oauth = 'pending';
      await this.store.save(s, {
        step: 'oauth',
        institution_id: institutionId,
        oauth_state_id: oauthStateId,
      });
      return {
        pane: 'oauth',
        institution: view,
        oauth_url: `/weft/link/oauth/bank?oauth_state_id=${oauthStateId}`,
        redirect: Boolean(s.view.config.redirect_uri),
      };
    }
    await this.store.save(s, { step: 'credentials', institution_id: institutionId, sealed: null });
    return { pane: 'credentials', institution: view };
  }

  /**
   * The user went back from a bank's sign-in or OAuth hand-off to the bank list. The session is
   * at institution selection again, so onExit reports where the user is, and what it held for
   * that bank (sealed credentials, an MFA round, a pending OAuth consent) is dropped.
   */
  async backToInstitutions(token: string, linkSessionId: string): Promise<LinkPane> {
    const s = await this.store.load(token, linkSessionId);
    this.store.expectStep(s, ['institution', 'credentials', 'mfa', 'oauth', 'files']);
    if (await this.store.fixedInstitution(s.view))
      throw errors.invalidField('this Link session is for one institution');
    await this.files.discard(s);
    s.state.challenge = undefined;
    s.state.connectorState = undefined;
    s.state.oauth = undefined;
    await this.store.save(s, {
      step: 'institution',
      institution_id: null,
      sealed: null,
      oauth_state_id: null,
    });
    return { pane: 'institution' };
  }

  /** The user submitted credentials. Wrong ones throw, and the user may try again. */
  async submitCredentials(
    token: string,
    linkSessionId: string,
    username: string,
    password: string,
  ): Promise<LinkPane> {
    const s = await this.store.load(token, linkSessionId);
    this.store.expectStep(s, ['credentials', 'mfa']);
    const institutionId = s.row.institution_id!;
    const result = await this.ctx.connectors
      .forInstitution(institutionId)
      .link({ kind: 'credentials' }, { institutionId, username, password });
    return this.afterLogin(s, result, { username, password });
  }

  /** The user answered an MFA challenge; the connector's round state never leaves the server. */
  async submitMfa(token: string, linkSessionId: string, answers: string[]): Promise<LinkPane> {
    const s = await this.store.load(token, linkSessionId);
    this.store.expectStep(s, ['mfa']);
    const secrets = this.store.openSealed(s.row);
    if (!secrets.username || secrets.password === undefined || !s.state.connectorState)
      throw new PlaidError('INVALID_MFA', 'no MFA challenge is pending');
    const institutionId = s.row.institution_id!;
    const result = await this.ctx.connectors
      .forInstitution(institutionId)
      .link(
        { kind: 'mfa', state: s.state.connectorState, answers },
        { institutionId, username: secrets.username, password: secrets.password },
      );
    return this.afterLogin(s, result, { username: secrets.username, password: secrets.password });
  }

  /** The user sent statement files: each is imported on its own, and reported on its own. */
  async uploadFiles(
    token: string,
    linkSessionId: string,
    files: readonly LinkFileUpload[],
  ): Promise<LinkFilesResponse> {
    return this.files.upload(await this.store.load(token, linkSessionId), files);
  }

  /** The user is done sending files: the accounts they hold, to choose from. */
  async continueFromFiles(token: string, linkSessionId: string): Promise<LinkPane> {
    return this.files.proceed(await this.store.load(token, linkSessionId));
  }

  /** The user chose the accounts to share: the Item is created (or updated) and Link succeeds. */
  async selectAccounts(token: string, linkSessionId: string, accountIds: string[]): Promise<LinkPane> {
    const s = await this.store.load(token, linkSessionId);
    this.store.expectStep(s, ['select_account']);
    const unique = [...new Set(accountIds)];
    const offered = new Set(s.state.offered ?? []);
    if (unique.length === 0 || unique.some((id) => !offered.has(id))) throw errors.invalidAccountId();
    if (accountSelectMode(s.view.config) === 'single' && unique.length !== 1)
      throw errors.invalidField('select exactly one account');
    return this.completion.finish(s, unique);
  }

  /** Appends UI events to the session, for /link/token/get (and its record once it has ended). */
  async recordEvents(token: string, linkSessionId: string, events: LinkEventInput[]): Promise<void> {
    const s = await this.store.load(token, linkSessionId);
    const now = this.ctx.clock.now().toISOString();
    await this.store.appendEvents(
      s,
      events.map((e) => eventRecord(e, now)),
    );
    if (s.row.finished_at) await this.store.record(s, {});
  }

  /** The user left Link: records the exit and returns Plaid's onExit arguments. */
  async exit(token: string, linkSessionId: string, error: LinkError | null): Promise<LinkExitResponse> {
    const s = await this.store.load(token, linkSessionId);
    const institution = s.row.institution_id ? findInstitution(s.row.institution_id) : undefined;
    const response: LinkExitResponse = {
      error,
      metadata: {
        institution: institution
          ? { name: institution.name, institution_id: institution.institution_id }
          : null,
        status: exitStatus(s.row.step as SessionStep, s.state),
        link_session_id: s.row.link_session_id,
        request_id: randomId(15),
      },
    };
    if (s.row.step === 'done') return response;
    await this.files.discard(s);
    const now = this.ctx.clock.now().toISOString();
    await this.store.save(s, { step: 'exited', sealed: null, oauth_state_id: null, finished_at: now });
    s.row.finished_at = now;
    await this.store.record(s, {
      exit: { error: error as Record<string, unknown> | null, metadata: { ...response.metadata } },
    });
    return response;
  }

  /** Polled by Link while a popup OAuth consent is open; the pane once the bank has answered. */
  async poll(token: string, linkSessionId: string): Promise<LinkPane> {
    return this.oauth.resume(await this.store.load(token, linkSessionId));
  }

  /** What the OAuth bank page shows for a pending authorisation. */
  oauthConsent(oauthStateId: string): Promise<OauthConsent> {
    return this.oauth.consent(oauthStateId);
  }

  /** The user answered on the bank page; where to send the browser next. */
  oauthDecide(oauthStateId: string, approve: boolean): Promise<{ redirectUri: string | null }> {
    return this.oauth.decide(oauthStateId, approve);
  }

  private async afterLogin(
    s: Loaded,
    result: LinkResult,
    creds: { username: string; password: string },
  ): Promise<LinkPane> {
    const institution = presentInstitution(this.store.institutionOf(s));
    if (result.status === 'error') throw result.error;
    if (result.status === 'mfa') {
      s.state.challenge = result.challenge;
      s.state.connectorState = result.state;
      await this.store.save(s, { step: 'mfa', sealed: this.store.seal(creds) });
      return { pane: 'mfa', institution, challenge: result.challenge };
    }
    s.state.challenge = undefined;
    s.state.connectorState = undefined;
    return this.completion.offerAccounts(s, result.login, result.accounts);
  }
}
