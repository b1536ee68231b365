import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { LinkTokensTable } from '../../db/tables/core';
import type { AuthenticatedClient } from '../../http/client-auth';
import { errors, PlaidError } from '../../http/errors';
import { requireHttpUrl } from '../../http/url-fields';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import { newToken, sha256 } from '../../lib/ids';
import { RedirectUrisRepository } from '../clients/redirect-uris.repository';
import type { ItemsService } from '../items/items.service';
import { unrequestableProducts } from '../served-products';
import { windowOption } from '../statements/statements.window';
import { incomeUserOf } from '../users/link-user';
import type { LinkTokenCreateBody } from './link.schemas';
import { LinkTokensRepository } from './link-tokens.repository';

/** Plaid's lifetimes: 4 hours for a new Item, 30 minutes for update mode (an existing Item). */
const LINK_TOKEN_TTL_MS = 4 * 60 * 60 * 1000;
const UPDATE_MODE_TTL_MS = 30 * 60 * 1000;
const LINK_TOKEN_RE = /^link-(sandbox|production)-[0-9a-f-]{36}$/;

/** The stored configuration of a link token: the create request without secrets or tokens. */
export type LinkTokenConfig = Omit<LinkTokenCreateBody, 'client_id' | 'secret' | 'access_token'>;

/** One Link session's outcome, as /link/token/get reports it (`link_sessions[]`). */
export interface LinkSessionRecord {
  link_session_id: string;
  started_at: string;
  finished_at: string | null;
  on_success?: { public_token: string; metadata: Record<string, unknown> } | null;
  exit?: { error: Record<string, unknown> | null; metadata: Record<string, unknown> } | null;
  results?: { item_add_results: Record<string, unknown>[] } | null;
  events?: Record<string, unknown>[];
}

/** A link token looked up for Link itself. */
export interface LinkTokenView {
  row: LinkTokensTable;
  config: LinkTokenConfig;
  sessions: LinkSessionRecord[];
}

/** Link tokens: creation (including update mode), lookup and session results. */
export class LinkService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly items: ItemsService,
    /** Seals what a link token holds about a person, and its sessions' public tokens. */
    private readonly secretBox: SecretBox,
  ) {}

  /** Creates a link token; with `access_token` it opens Link in update mode for that Item. */
  async create(
    client: AuthenticatedClient,
    body: LinkTokenCreateBody,
  ): Promise<{ linkToken: string; expiration: string }> {
    const { client_id: _id, secret: _secret, access_token, ...config } = body;
    let itemId: string | null = null;
    if (access_token) itemId = (await this.items.resolve(client.clientId, access_token)).item_id;
    const isPayment = Boolean(config.payment_initiation?.payment_id || config.payment_initiation?.consent_id);
    if (!itemId && !isPayment && (!config.products || config.products.length === 0))
      throw errors.missingFields(['products']);
    const refused = unrequestableProducts([
      ...(config.products ?? []),
      ...(config.required_if_supported_products ?? []),
      ...(config.optional_products ?? []),
      ...(config.additional_consented_products ?? []),
    ]);
    if (refused.length > 0) throw errors.invalidProduct(refused);
    const stored = await incomeUserOf(this.db, client.clientId, config);
    const asked = [
      ...(config.products ?? []),
      ...(config.required_if_supported_products ?? []),
      ...(config.optional_products ?? []),
    ];
    // As at Plaid, a link token for Statements says which months to extract.
    if (asked.includes('statements') && !config.statements) throw errors.missingFields(['statements']);
    windowOption('statements.', config.statements);
    requireHttpUrl('webhook', config.webhook);
    requireHttpUrl('redirect_uri', config.redirect_uri);
    // As at Plaid, only a URI the client registered: a link token must not be able to send the
    // user's browser (and the OAuth state it carries) anywhere else.
    if (
      config.redirect_uri &&
      !(await new RedirectUrisRepository(this.db).has(client.clientId, config.redirect_uri))
    )
      throw errors.invalidField(
        `OAuth redirect URI must be configured for this client first: weft keys redirect-uris ${client.clientId} add ${config.redirect_uri}`,
      );

    const now = this.clock.now();
    const linkToken = newToken('link', client.env);
    const expiration = new Date(
      now.getTime() + (itemId ? UPDATE_MODE_TTL_MS : LINK_TOKEN_TTL_MS),
    ).toISOString();
    await new LinkTokensRepository(this.db, this.secretBox).insert({
      token_hash: sha256(linkToken),
      client_id: client.clientId,
      env: client.env,
      config: JSON.stringify(stored),
      item_id: itemId,
      link_session_id: null,
      results: null,
      created_at: now.toISOString(),
      expires_at: expiration,
    });
    return { linkToken, expiration };
  }

  /** A link token of this client, for /link/token/get. */
  async getForClient(client: AuthenticatedClient, linkToken: string): Promise<LinkTokenView> {
    if (!LINK_TOKEN_RE.test(linkToken)) throw errors.invalidLinkToken();
    const row = await new LinkTokensRepository(this.db, this.secretBox).findForClient(
      client.clientId,
      sha256(linkToken),
    );
    // A link token made with another environment's keys is not found, as at Plaid.
    if (!row || row.env !== client.env || !linkToken.startsWith(`link-${client.env}-`))
      throw new PlaidError('INVALID_LINK_TOKEN', 'could not find matching link token');
    return view(row);
  }

  /** A live link token, for Link itself (the token is the credential). Expired tokens are refused. */
  async getForLink(linkToken: string): Promise<LinkTokenView> {
    if (!LINK_TOKEN_RE.test(linkToken)) throw errors.invalidLinkToken();
    const row = await new LinkTokensRepository(this.db, this.secretBox).find(sha256(linkToken));
    if (!row) throw new PlaidError('INVALID_LINK_TOKEN', 'could not find matching link token');
    if (row.expires_at <= this.clock.now().toISOString())
      throw new PlaidError('INVALID_LINK_TOKEN', 'link token has expired', {
        display: 'This session has expired. Please try again.',
      });
    return view(row);
  }

  /** Adds or replaces one session's record on a link token. */
  async recordSession(linkToken: string, session: LinkSessionRecord): Promise<void> {
    const repo = new LinkTokensRepository(this.db, this.secretBox);
    const row = await repo.find(sha256(linkToken));
    if (!row) throw errors.invalidLinkToken();
    const sessions = (JSON.parse(row.results ?? '[]') as LinkSessionRecord[]).filter(
      (s) => s.link_session_id !== session.link_session_id,
    );
    sessions.push(session);
    await repo.setResults(row.token_hash, session.link_session_id, JSON.stringify(sessions));
  }
}

function view(row: LinkTokensTable): LinkTokenView {
  return {
    row,
    config: JSON.parse(row.config) as LinkTokenConfig,
    sessions: JSON.parse(row.results ?? '[]') as LinkSessionRecord[],
  };
}
