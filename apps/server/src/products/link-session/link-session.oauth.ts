import type { WeftContext } from '../../app-context';
import type { Institution as ConnectorInstitution } from '../../connectors/institution';
import { errors, PlaidError } from '../../http/errors';
import { paymentTargetOf } from '../link/link-hooks';
import type { SessionCompletion } from './link-session.completion';
import type { LinkPane, LinkPayment } from './link-session.contract';
import { presentInstitution } from './link-session.presenter';
import type { Loaded, SessionStore } from './link-session.store';

/** What the OAuth bank page needs to show. */
export interface OauthConsent {
  institution: ConnectorInstitution;
  clientName: string;
  redirectUri: string | null;
  payment: LinkPayment | null;
}

/**
 * OAuth-style institutions: the user leaves Link for the bank's own consent page (served by Weft,
 * standing in for the bank), answers there, and comes back to the app's redirect_uri carrying
 * `oauth_state_id`; the app re-opens Link with it and the session resumes here.
 */
export class LinkOauth {
  constructor(
    private readonly ctx: WeftContext,
    private readonly store: SessionStore,
    private readonly completion: SessionCompletion,
  ) {}

  /** What the bank page shows for a pending authorisation. */
  async consent(oauthStateId: string): Promise<OauthConsent> {
    const s = await this.store.loadByOauthState(oauthStateId);
    const paymentId = paymentTargetOf(s.view.config);
    const hook = this.ctx.linkHooks.payment;
    return {
      institution: this.store.institutionOf(s),
      clientName: s.view.config.client_name,
      redirectUri: s.view.config.redirect_uri ?? null,
      payment: paymentId && hook ? await hook.describe(s.row.client_id, paymentId) : null,
    };
  }

  /**
   * The user answered on the bank page. On approval the bank signs the sandbox user in (or
   * authorises the payment); either way the user goes back to the app's redirect_uri.
   */
  async decide(oauthStateId: string, approve: boolean): Promise<{ redirectUri: string | null }> {
    const s = await this.store.loadByOauthState(oauthStateId);
    const back = { redirectUri: redirectTo(s, oauthStateId) };
    if (s.state.oauth !== 'pending') return back;
    if (!approve) {
      s.state.oauth = 'denied';
      await this.store.save(s, {});
      return back;
    }
    const paymentId = paymentTargetOf(s.view.config);
    if (paymentId) {
      const hook = this.ctx.linkHooks.payment;
      if (!hook) throw new PlaidError('PRODUCTS_NOT_SUPPORTED', 'payment initiation is not available');
      await hook.authorise(s.row.client_id, paymentId, this.store.institutionOf(s).institution_id, {
        webhook: s.view.config.webhook ?? null,
      });
      s.state.oauth = 'approved';
      await this.store.save(s, {});
      return back;
    }
    // The user signed in at the bank itself: the source links whom its consent page approved.
    const institutionId = this.store.institutionOf(s).institution_id;
    const connector = this.ctx.connectors.forInstitution(institutionId);
    const result = await connector.link({ kind: 'authorized' }, { institutionId });
    if (result.status !== 'linked') throw result.status === 'error' ? result.error : errors.internal();
    s.state.oauth = 'approved';
    await this.store.save(s, { sealed: this.store.seal({ login: result.login, accounts: result.accounts }) });
    return back;
  }

  /** Continues a session after the bank answered: account selection, success or an error pane. */
  async resume(s: Loaded): Promise<LinkPane> {
    if (s.row.step !== 'oauth') throw errors.invalidField('this session is not waiting for the bank');
    const institution = presentInstitution(this.store.institutionOf(s));
    if (s.state.oauth === 'pending') return { pane: 'oauth_pending', institution };
    if (s.state.oauth === 'denied') {
      s.state.oauth = undefined;
      await this.store.save(s, { step: 'institution', oauth_state_id: null });
      const e = new PlaidError(
        'INSUFFICIENT_CREDENTIALS',
        'the user did not authorise access at the institution',
      );
      return {
        pane: 'error',
        institution,
        error: {
          error_type: e.type,
          error_code: e.code,
          error_message: e.message,
          display_message: e.displayMessage,
        },
      };
    }
    await this.store.save(s, { oauth_state_id: null });
    if (paymentTargetOf(s.view.config)) return this.completion.finish(s, []);
    const sealed = this.store.openSealed(s.row);
    if (!sealed.login || !sealed.accounts) throw errors.internal();
    return this.completion.offerAccounts(s, sealed.login, sealed.accounts);
  }
}

/** The oauth_state_id carried by a redirect URI Link was re-opened with, if any. */
export function oauthStateOf(uri: string): string | null {
  try {
    return new URL(uri).searchParams.get('oauth_state_id');
  } catch {
    return null;
  }
}

function redirectTo(s: Loaded, oauthStateId: string): string | null {
  const uri = s.view.config.redirect_uri;
  if (!uri) return null;
  const url = new URL(uri);
  url.searchParams.set('oauth_state_id', oauthStateId);
  return url.toString();
}
