import type { LinkTokenCreateResponse, LinkTokenGetResponse } from 'plaid';
import type { Reply } from '../../http/reply';
import type { LinkTokenView } from './link.service';

/** /link/token/create response. */
export function presentLinkTokenCreate(r: { linkToken: string; expiration: string }) {
  return { link_token: r.linkToken, expiration: r.expiration } satisfies Reply<LinkTokenCreateResponse>;
}

/** /link/token/get response. */
export function presentLinkTokenGet(linkToken: string, v: LinkTokenView) {
  const c = v.config;
  return {
    link_token: linkToken,
    created_at: v.row.created_at,
    expiration: v.row.expires_at,
    metadata: {
      initial_products: c.products ?? [],
      webhook: c.webhook ?? null,
      country_codes: c.country_codes,
      language: c.language ?? null,
      ...(c.institution_id ? { institution_data: { routing_number: null } } : {}),
      ...(c.account_filters ? { account_filters: c.account_filters } : {}),
      redirect_uri: c.redirect_uri ?? null,
      client_name: c.client_name ?? null,
    },
    link_sessions: v.sessions,
  } as unknown as Reply<LinkTokenGetResponse>;
}
