import { randomUUID } from 'node:crypto';
import type { WeftContext } from '../../app-context';
import type { ConnectorLogin, LoginResult, NormalizedAccount } from '../../connectors/connector';
import { findInstitution, type SandboxInstitution } from '../../connectors/sandbox/institutions';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { LinkSessionsTable } from '../../db/tables/link-session';
import { errors, PlaidError } from '../../http/errors';
import { newToken, randomId } from '../../lib/ids';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ItemsRepository } from '../items/items.repository';
import type { LinkTokenView } from '../link/link.service';
import { LinkTokensRepository } from '../link/link-tokens.repository';
import type {
  LinkError,
  LinkEventInput,
  LinkExitResponse,
  LinkInstitution,
  LinkPane,
  LinkStartResponse,
  LinkSuccessMetadata,
} from './link-session.contract';
import { searchInstitutions } from './link-session.institutions';
import {
  presentChoice,
  presentInstitution,
  presentStoredChoice,
  presentSuccessMetadata,
} from './link-session.presenter';
import { LinkSessionsRepository } from './link-session.repository';
import {
  accountSelectMode,
  eligibleAccounts,
  eventRecord,
  exitStatus,
  type SessionState,
  type SessionStep,
} from './link-session.rules';

/** Secrets of a session in flight; sealed at rest and dropped when the session ends. */
interface SealedState {
  username?: string;
  password?: string;
  login?: ConnectorLogin;
  accounts?: NormalizedAccount[];
}

/** A session loaded with its link token. */
interface Loaded {
  token: string;
  view: LinkTokenView;
  row: LinkSessionsTable;
  state: SessionState;
}

/** What the OAuth bank page needs to show. */
export interface OauthConsent {
  institution: SandboxInstitution;
  clientName: string;
  redirectUri: string | null;
  payment: { recipient_name: string; amount: { currency: string; value: number }; reference: string } | null;
}

/** The sandbox user an OAuth-style bank signs in after the user approves on its consent page. */
const OAUTH_SANDBOX_USER = { username: 'user_good', password: 'pass_good' };
const MAX_EVENTS = 200;

/**
 * Link sessions: one user's pass through Link with a link token, driven step by step by the Link
 * UI. All progress (which institution, MFA rounds, OAuth consent, accounts awaiting selection)
 * lives here, server-side; the browser holds only the link token and the session id.
 */
export class LinkSessionService {
  constructor(private readonly ctx: WeftContext) {}

  /** Starts a session, or resumes the one an OAuth redirect returned to. */
  async start(token: string, receivedRedirectUri?: string): Promise<LinkStartResponse> {
    const view = await this.ctx.link.getForLink(token);
    const config = view.config;
    const repo = new LinkSessionsRepository(this.ctx.db);
    let row: LinkSessionsTable | undefined;
    let resume: LinkPane | null = null;
    const oauthStateId = receivedRedirectUri ? oauthStateOf(receivedRedirectUri) : null;
    if (oauthStateId) {
      row = await repo.findByOauthState(oauthStateId);
      if (!row || row.token_hash !== view.row.token_hash)
        throw errors.invalidField('received_redirect_uri does not belong to this link token');
      resume = await this.resumeOauth({ token, view, row, state: parseState(row) });
    } else {
      const now = this.ctx.clock.now().toISOString();
      row = {
        link_session_id: randomUUID(),
        token_hash: view.row.token_hash,
        client_id: view.row.client_id,
        step: 'institution',
        institution_id: null,
        state: JSON.stringify({ events: [] } satisfies SessionState),
        sealed: null,
        oauth_state_id: null,
        started_at: now,
        updated_at: now,
        finished_at: null,
      };
      await repo.insert(row);
    }

    const paymentId = config.payment_initiation?.payment_id;
    let payment: LinkStartResponse['payment'] = null;
    if (paymentId) {
      const hook = this.ctx.linkHooks.payment;
      if (!hook) throw new PlaidError('PRODUCTS_NOT_SUPPORTED', 'payment initiation is not available');
      payment = await hook.describe(view.row.client_id, paymentId);
    }
    const fixed = await this.fixedInstitution(view);
    return {
      link_session_id: row.link_session_id,
      client_name: config.client_name,
      mode: view.row.item_id ? 'update' : paymentId ? 'payment' : 'default',
      institution: fixed ? presentInstitution(fixed) : null,
      popular: searchInstitutions(view.config, '', true).map(presentInstitution),
      payment,
      resume,
    };
  }

  /** Institutions matching a search, among those this link token may use. */
  async search(token: string, linkSessionId: string, query: string): Promise<LinkInstitution[]> {
    const s = await this.load(token, linkSessionId);
    return searchInstitutions(s.view.config, query.slice(0, 100), false).map(presentInstitution);
  }

  /** The user picked an institution: credentials next, or the bank's own consent page for OAuth. */
  async selectInstitution(token: string, linkSessionId: string, institutionId: string): Promise<LinkPane> {
    const s = await this.load(token, linkSessionId);
    this.expectStep(s, ['institution', 'credentials', 'mfa', 'oauth']);
    const fixed = await this.fixedInstitution(s.view);
    const allowed = fixed
      ? [fixed]
      : searchInstitutions(s.view.config, '', false).filter((i) => i.institution_id === institutionId);
    const institution = allowed.find((i) => i.institution_id === institutionId);
    if (!institution) throw errors.invalidInstitution();
    const view = presentInstitution(institution);
    const isPayment = Boolean(s.view.config.payment_initiation?.payment_id);
    if (institution.oauth || isPayment) {
      const oauthStateId = randomUUID();
      s.state.challenge = undefined;
      s.state.oauth = 'pending';
      await this.save(s, { step: 'oauth', institution_id: institutionId, oauth_state_id: oauthStateId });
      return {
        pane: 'oauth',
        institution: view,
        oauth_url: `/weft/link/oauth/bank?oauth_state_id=${oauthStateId}`,
        redirect: Boolean(s.view.config.redirect_uri),
      };
    }
    await this.save(s, { step: 'credentials', institution_id: institutionId, sealed: null });
    return { pane: 'credentials', institution: view };
  }

  /** The user submitted credentials. Wrong ones throw, and the user may try again. */
  async submitCredentials(
    token: string,
    linkSessionId: string,
    username: string,
    password: string,
  ): Promise<LinkPane> {
    const s = await this.load(token, linkSessionId);
    this.expectStep(s, ['credentials', 'mfa']);
    const institutionId = s.row.institution_id!;
    const result = this.ctx.connectors.get('sandbox').login({ institutionId, username, password });
    return this.afterLogin(s, result, { username, password });
  }

  /** The user answered an MFA challenge; the connector's round state never leaves the server. */
  async submitMfa(token: string, linkSessionId: string, answers: string[]): Promise<LinkPane> {
    const s = await this.load(token, linkSessionId);
    this.expectStep(s, ['mfa']);
    const secrets = this.openSealed(s.row);
    if (!secrets.username || secrets.password === undefined || !s.state.connectorState)
      throw new PlaidError('INVALID_MFA', 'no MFA challenge is pending');
    const result = this.ctx.connectors.get('sandbox').login({
      institutionId: s.row.institution_id!,
      username: secrets.username,
      password: secrets.password,
      mfaAnswers: answers,
      state: s.state.connectorState,
    });
    return this.afterLogin(s, result, { username: secrets.username, password: secrets.password });
  }

  /** The user chose the accounts to share: the Item is created (or updated) and Link succeeds. */
  async selectAccounts(token: string, linkSessionId: string, accountIds: string[]): Promise<LinkPane> {
    const s = await this.load(token, linkSessionId);
    this.expectStep(s, ['select_account']);
    const unique = [...new Set(accountIds)];
    const offered = new Set(s.state.offered ?? []);
    if (unique.length === 0 || unique.some((id) => !offered.has(id))) throw errors.invalidAccountId();
    if (accountSelectMode(s.view.config) === 'single' && unique.length !== 1)
      throw errors.invalidField('select exactly one account');
    return this.finish(s, unique);
  }

  /** Appends UI events to the session, for /link/token/get. */
  async recordEvents(token: string, linkSessionId: string, events: LinkEventInput[]): Promise<void> {
    const s = await this.load(token, linkSessionId);
    const now = this.ctx.clock.now().toISOString();
    s.state.events = [...s.state.events, ...events.map((e) => eventRecord(e, now))].slice(-MAX_EVENTS);
    await this.save(s, {});
    if (s.row.finished_at) await this.record(s, {});
  }

  /** The user left Link: records the exit and returns Plaid's onExit arguments. */
  async exit(token: string, linkSessionId: string, error: LinkError | null): Promise<LinkExitResponse> {
    const s = await this.load(token, linkSessionId);
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
    const now = this.ctx.clock.now().toISOString();
    await this.save(s, { step: 'exited', sealed: null, oauth_state_id: null, finished_at: now });
    s.row.finished_at = now;
    await this.record(s, {
      exit: { error: error as Record<string, unknown> | null, metadata: { ...response.metadata } },
    });
    return response;
  }

  /** Polled by Link while a popup OAuth consent is open; the pane once the bank has answered. */
  async poll(token: string, linkSessionId: string): Promise<LinkPane> {
    const s = await this.load(token, linkSessionId);
    if (s.row.step === 'oauth' && s.state.oauth === 'pending')
      return {
        pane: 'oauth_pending',
        institution: presentInstitution(findInstitution(s.row.institution_id!)!),
      };
    return this.resumeOauth(s);
  }

  /** What the OAuth bank page shows for a pending authorisation. */
  async oauthConsent(oauthStateId: string): Promise<OauthConsent> {
    const s = await this.loadByOauthState(oauthStateId);
    const paymentId = s.view.config.payment_initiation?.payment_id;
    const payment =
      paymentId && this.ctx.linkHooks.payment
        ? await this.ctx.linkHooks.payment.describe(s.row.client_id, paymentId)
        : null;
    return {
      institution: findInstitution(s.row.institution_id!)!,
      clientName: s.view.config.client_name,
      redirectUri: s.view.config.redirect_uri ?? null,
      payment,
    };
  }

  /**
   * The user answered the bank's consent page. On approval the bank signs the sandbox user in (or
   * authorises the payment); either way the user goes back to the app's redirect_uri.
   */
  async oauthDecide(oauthStateId: string, approve: boolean): Promise<{ redirectUri: string | null }> {
    const s = await this.loadByOauthState(oauthStateId);
    if (s.state.oauth !== 'pending') return { redirectUri: this.redirectTo(s, oauthStateId) };
    if (!approve) {
      s.state.oauth = 'denied';
      await this.save(s, {});
      return { redirectUri: this.redirectTo(s, oauthStateId) };
    }
    const paymentId = s.view.config.payment_initiation?.payment_id;
    if (paymentId) {
      const hook = this.ctx.linkHooks.payment;
      if (!hook) throw new PlaidError('PRODUCTS_NOT_SUPPORTED', 'payment initiation is not available');
      await hook.authorise(s.row.client_id, paymentId, s.row.institution_id!);
      s.state.oauth = 'approved';
      await this.save(s, {});
      return { redirectUri: this.redirectTo(s, oauthStateId) };
    }
    const result = this.ctx.connectors.get('sandbox').login({
      institutionId: s.row.institution_id!,
      ...OAUTH_SANDBOX_USER,
    });
    if (result.status !== 'ok') throw result.status === 'error' ? result.error : errors.internal();
    s.state.oauth = 'approved';
    const sealed: SealedState = { login: result.login, accounts: result.accounts };
    await this.save(s, { sealed: this.ctx.secretBox.seal(JSON.stringify(sealed)) });
    return { redirectUri: this.redirectTo(s, oauthStateId) };
  }

  private redirectTo(s: Loaded, oauthStateId: string): string | null {
    const uri = s.view.config.redirect_uri;
    if (!uri) return null;
    const url = new URL(uri);
    url.searchParams.set('oauth_state_id', oauthStateId);
    return url.toString();
  }

  /** Continues a session after the bank answered: account selection, success or an error. */
  private async resumeOauth(s: Loaded): Promise<LinkPane> {
    if (s.row.step !== 'oauth')
      throw errors.invalidField('this session is not waiting for an OAuth redirect');
    const institution = findInstitution(s.row.institution_id!)!;
    if (s.state.oauth === 'pending')
      return { pane: 'oauth_pending', institution: presentInstitution(institution) };
    if (s.state.oauth === 'denied') {
      await this.save(s, { step: 'institution', oauth_state_id: null });
      const e = new PlaidError(
        'INSUFFICIENT_CREDENTIALS',
        'the user did not authorise access at the institution',
      );
      return {
        pane: 'error',
        institution: presentInstitution(institution),
        error: {
          error_type: e.type,
          error_code: e.code,
          error_message: e.message,
          display_message: e.displayMessage,
        },
      };
    }
    if (s.view.config.payment_initiation?.payment_id) {
      await this.save(s, { oauth_state_id: null });
      return this.finish(s, []);
    }
    const sealed = this.openSealed(s.row);
    if (!sealed.login || !sealed.accounts) throw errors.internal();
    await this.save(s, { oauth_state_id: null });
    return this.offerAccounts(s, sealed.login, sealed.accounts);
  }

  private async afterLogin(
    s: Loaded,
    result: LoginResult,
    creds: { username: string; password: string },
  ): Promise<LinkPane> {
    const institution = presentInstitution(findInstitution(s.row.institution_id!)!);
    if (result.status === 'error') throw result.error;
    if (result.status === 'mfa') {
      s.state.challenge = result.challenge;
      s.state.connectorState = result.state;
      await this.save(s, { step: 'mfa', sealed: this.ctx.secretBox.seal(JSON.stringify(creds)) });
      return { pane: 'mfa', institution, challenge: result.challenge };
    }
    s.state.challenge = undefined;
    s.state.connectorState = undefined;
    return this.offerAccounts(s, result.login, result.accounts);
  }

  /** After a completed login: the account pane, or straight to success when nothing is chosen. */
  private async offerAccounts(
    s: Loaded,
    login: ConnectorLogin,
    accounts: NormalizedAccount[],
  ): Promise<LinkPane> {
    const institution = presentInstitution(findInstitution(s.row.institution_id!)!);
    const mode = accountSelectMode(s.view.config);
    const item = await this.updateItem(s.view);
    if (item) {
      if (login.username !== JSON.parse(item.login).username) throw new PlaidError('INVALID_CREDENTIALS');
      await this.ctx.items.repair(item);
      if (!s.view.config.update?.account_selection_enabled) return this.finish(s, null);
      const stored = await new AccountsRepository(this.ctx.db).listAll(item.item_id);
      s.state.offered = stored.map((a) => a.account_id);
      await this.save(s, { step: 'select_account', sealed: null });
      return {
        pane: 'select_account',
        institution,
        accounts: stored.map(presentStoredChoice),
        multiple: mode !== 'single',
      };
    }
    const eligible = eligibleAccounts(s.view.config, accounts);
    if (eligible.length === 0)
      throw new PlaidError('NO_ACCOUNTS', 'no accounts match the account filters of this link token');
    s.state.offered = eligible.map((a) => a.key);
    await this.save(s, {
      step: 'select_account',
      sealed: this.ctx.secretBox.seal(JSON.stringify({ login, accounts } satisfies SealedState)),
    });
    if (mode === 'all') return this.finish(s, s.state.offered);
    return {
      pane: 'select_account',
      institution,
      accounts: eligible.map(presentChoice),
      multiple: mode === 'multi',
    };
  }

  /**
   * Completes the session: creates the Item with the chosen accounts (or, in update mode, shows
   * the chosen ones), records the result on the link token and drops every sealed secret.
   * `selected` null keeps an updated Item's accounts as they were.
   */
  private async finish(s: Loaded, selected: string[] | null): Promise<LinkPane> {
    const institution = s.row.institution_id ? findInstitution(s.row.institution_id)! : null;
    const now = this.ctx.clock.now().toISOString();
    let publicToken: string;
    const accountsRepo = new AccountsRepository(this.ctx.db);
    const item = await this.updateItem(s.view);
    let shared: AccountsTable[];
    if (s.view.config.payment_initiation?.payment_id) {
      // Payments need no exchange; the token only keeps Plaid's onSuccess signature.
      publicToken = newToken('public', s.view.row.env);
      shared = [];
    } else if (item) {
      if (selected) await accountsRepo.setVisible(item.item_id, selected, now);
      publicToken = await this.ctx.items.createPublicToken(item);
      shared = await accountsRepo.list(item.item_id);
    } else {
      const sealed = this.openSealed(s.row);
      if (!sealed.login || !sealed.accounts || !institution) throw errors.internal();
      const products = [
        ...(s.view.config.products ?? []),
        ...(s.view.config.required_if_supported_products ?? []).filter((p) =>
          institution.products.includes(p),
        ),
      ];
      const created = await this.ctx.items.createItem({
        clientId: s.row.client_id,
        env: s.view.row.env === 'production' ? 'production' : 'sandbox',
        institutionId: institution.institution_id,
        connector: 'sandbox',
        login: sealed.login,
        accounts: sealed.accounts,
        products: [...new Set(products)],
        webhook: s.view.config.webhook ?? null,
        selectedKeys: selected ?? undefined,
      });
      publicToken = created.publicToken;
      shared = created.accounts.filter((a) => a.hidden === 0);
    }
    const metadata = presentSuccessMetadata(s.row.link_session_id, publicToken, institution ?? null, shared);
    s.state.offered = undefined;
    await this.save(s, { step: 'done', sealed: null, oauth_state_id: null, finished_at: now });
    s.row.finished_at = now;
    const results = {
      item_add_results:
        item || !institution
          ? []
          : [{ public_token: publicToken, institution: metadata.institution, accounts: metadata.accounts }],
      cra_item_add_results: [],
      cra_update_results: [],
      bank_income_results: [],
      payroll_income_results: [],
      document_income_results: null,
    };
    await this.record(s, {
      on_success: { public_token: publicToken, metadata: successRecord(metadata) },
      results,
    });
    return {
      pane: 'success',
      institution: institution ? presentInstitution(institution) : null,
      public_token: publicToken,
      metadata,
    };
  }

  private async record(
    s: Loaded,
    outcome: Partial<Parameters<WeftContext['link']['recordSession']>[1]>,
  ): Promise<void> {
    const existing = s.view.sessions.find((x) => x.link_session_id === s.row.link_session_id);
    await this.ctx.link.recordSession(s.token, {
      link_session_id: s.row.link_session_id,
      started_at: s.row.started_at,
      finished_at: s.row.finished_at,
      ...(existing ?? {}),
      ...outcome,
      events: s.state.events.map((e) => ({ ...e })),
    });
  }

  private async updateItem(view: LinkTokenView): Promise<ItemsTable | null> {
    if (!view.row.item_id) return null;
    const item = await new ItemsRepository(this.ctx.db).find(view.row.client_id, view.row.item_id);
    if (!item) throw new PlaidError('ITEM_NOT_FOUND');
    return item;
  }

  private async fixedInstitution(view: LinkTokenView): Promise<SandboxInstitution | null> {
    const item = await this.updateItem(view);
    const id = item?.institution_id ?? view.config.institution_id;
    if (!id) return null;
    const institution = findInstitution(id);
    if (!institution) throw errors.invalidInstitution();
    return institution;
  }

  private expectStep(s: Loaded, steps: SessionStep[]): void {
    if (!steps.includes(s.row.step as SessionStep))
      throw errors.invalidField(`this Link session is not expecting that step (at ${s.row.step})`);
  }

  private async load(token: string, linkSessionId: string): Promise<Loaded> {
    const view = await this.ctx.link.getForLink(token);
    const row = await new LinkSessionsRepository(this.ctx.db).find(view.row.token_hash, linkSessionId);
    if (!row) throw errors.invalidField('unknown link_session_id');
    return { token, view, row, state: parseState(row) };
  }

  private async loadByOauthState(oauthStateId: string): Promise<Loaded> {
    const row = await new LinkSessionsRepository(this.ctx.db).findByOauthState(oauthStateId);
    if (row?.step !== 'oauth') throw errors.notFound();
    const tokenRow = await new LinkTokensRepository(this.ctx.db).find(row.token_hash);
    if (!tokenRow || tokenRow.expires_at <= this.ctx.clock.now().toISOString()) throw errors.notFound();
    const view: LinkTokenView = {
      row: tokenRow,
      config: JSON.parse(tokenRow.config) as LinkTokenView['config'],
      sessions: JSON.parse(tokenRow.results ?? '[]') as LinkTokenView['sessions'],
    };
    // The bank page never sees the link token; nothing it does records to the token's sessions.
    return { token: '', view, row, state: parseState(row) };
  }

  private openSealed(row: LinkSessionsTable): SealedState {
    return row.sealed ? (JSON.parse(this.ctx.secretBox.open(row.sealed)) as SealedState) : {};
  }

  private async save(s: Loaded, patch: Partial<LinkSessionsTable>): Promise<void> {
    const full = { ...patch, state: JSON.stringify(s.state), updated_at: this.ctx.clock.now().toISOString() };
    Object.assign(s.row, full);
    await new LinkSessionsRepository(this.ctx.db).update(s.row.token_hash, s.row.link_session_id, full);
  }
}

/** onSuccess metadata as /link/token/get records it (Plaid keeps the token beside, not inside). */
function successRecord(m: LinkSuccessMetadata): Record<string, unknown> {
  const { public_token: _token, ...rest } = m;
  return rest;
}

function parseState(row: LinkSessionsTable): SessionState {
  return JSON.parse(row.state) as SessionState;
}

function oauthStateOf(uri: string): string | null {
  try {
    return new URL(uri).searchParams.get('oauth_state_id');
  } catch {
    return null;
  }
}
