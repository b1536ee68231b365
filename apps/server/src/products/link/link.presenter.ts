import type {
  AccountFiltersResponse,
  CountryCode,
  LinkTokenCreateResponse,
  LinkTokenGetResponse,
  Products,
} from 'plaid';
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
      // The schema admitted only Plaid's product and country names; the SDK spells them as enums.
      initial_products: (c.products ?? []) as Products[],
      webhook: c.webhook ?? null,
      country_codes: c.country_codes as CountryCode[],
      language: c.language ?? null,
      ...(c.account_filters ? { account_filters: c.account_filters as AccountFiltersResponse } : {}),
      redirect_uri: c.redirect_uri ?? null,
      client_name: c.client_name ?? null,
    },
    // Stored as Link recorded them; every field is checked against Plaid's spec in the tests.
    link_sessions: v.sessions as NonNullable<LinkTokenGetResponse['link_sessions']>,
  } satisfies Reply<LinkTokenGetResponse>;
}
