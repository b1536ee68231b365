import type { LinkTokenCreateRequest } from 'plaid';
import { errors, PlaidError } from '../http/errors';
import { sha256 } from '../lib/ids';
import { DEMO_MODES, type DemoMode, type DemoResult, type SandboxHint } from './demo-modes';
import { type DemoPlaid, relay } from './demo-plaid';
import type { DemoSession } from './demo-sessions';

/** What the page needs before the user clicks anything. */
export interface DemoConfigView {
  modes: { id: string; label: string; description: string; hint?: SandboxHint }[];
  /** The session already holds a linked Item (the page can go straight to its data). */
  linked: boolean;
  mode: string;
}

/**
 * The demo app's server side: it makes link tokens, exchanges the public token Link hands the page,
 * keeps the access token to itself and calls product endpoints with it, all through the official
 * `plaid` client over HTTP, exactly as an app built on Plaid would.
 */
export class DemoService {
  constructor(
    private readonly plaid: DemoPlaid,
    private readonly modes: readonly DemoMode[] = DEMO_MODES,
  ) {}

  /** The modes on offer and whether this session has linked an Item already. */
  config(session: DemoSession | null): DemoConfigView {
    return {
      modes: this.modes.map(({ id, label, description, hint }) => ({ id, label, description, hint })),
      linked: Boolean(session?.accessToken),
      mode: session?.mode ?? this.modes[0]!.id,
    };
  }

  /** A link token for this session in the chosen mode. */
  async createLinkToken(
    session: DemoSession,
    modeId: string | undefined,
    redirectUri: string | undefined,
  ): Promise<{ link_token: string; expiration: string }> {
    const mode = this.mode(modeId ?? this.modes[0]!.id);
    const api = await this.plaid.api();
    const fields = await mode.linkToken(api, session);
    const request: LinkTokenCreateRequest = {
      client_name: 'Weft Quickstart',
      language: 'en',
      country_codes: mode.countryCodes,
      // A stable, opaque id for this visitor; the session id itself stays in the cookie.
      user: { client_user_id: `demo-${sha256(session.id).slice(0, 16)}` },
      ...(redirectUri ? { redirect_uri: redirectUri } : {}),
      ...fields,
    };
    const { data } = await api.linkTokenCreate(request).catch(relay);
    session.mode = mode.id;
    return { link_token: data.link_token, expiration: data.expiration };
  }

  /** Swaps Link's public token for an access token that stays in this session on the server. */
  async exchange(session: DemoSession, publicToken: string): Promise<{ item_id: string | null }> {
    // A payment's onSuccess carries no usable public token; its result needs no Item.
    if (this.mode(session.mode).exchangesPublicToken === false) return { item_id: null };
    const api = await this.plaid.api();
    const { data } = await api.itemPublicTokenExchange({ public_token: publicToken }).catch(relay);
    session.accessToken = data.access_token;
    session.itemId = data.item_id;
    return { item_id: data.item_id };
  }

  /** What the success page shows for this session's Item. */
  async result(session: DemoSession | null): Promise<DemoResult> {
    if (!session || (!session.accessToken && this.mode(session.mode).exchangesPublicToken !== false))
      throw new PlaidError('DEMO_NOT_LINKED', 'link an account first', {
        type: 'INVALID_REQUEST',
        status: 409,
      });
    const api = await this.plaid.api();
    return this.mode(session.mode).result(api, session).catch(relay);
  }

  /** Forgets (and removes) this session's Item so the visitor can start over. */
  async reset(session: DemoSession | null): Promise<void> {
    if (session) session.extras = {};
    if (!session?.accessToken) return;
    const accessToken = session.accessToken;
    session.accessToken = null;
    session.itemId = null;
    session.extras = {};
    const api = await this.plaid.api();
    // Best effort: the Item is the demo's own, and a failed removal only leaves a sandbox Item behind.
    await api.itemRemove({ access_token: accessToken }).catch(() => undefined);
  }

  private mode(id: string): DemoMode {
    const mode = this.modes.find((m) => m.id === id);
    if (!mode) throw errors.invalidField(`mode must be one of: ${this.modes.map((m) => m.id).join(', ')}`);
    return mode;
  }
}
