import type { LinkTokenCreateRequest, PlaidApi, Products } from 'plaid';
import { lendingMode } from './demo-lending-mode';
import { paymentMode } from './demo-payment-mode';
import { isMissingEndpoint, upstreamError } from './demo-plaid';
import { PRODUCT_SOURCES } from './demo-products';
import type { DemoSession } from './demo-sessions';
import type { DemoSection } from './demo-tables';

/** The part of a link token request a mode chooses; the demo fills in the rest. */
export type LinkTokenFields = Omit<
  LinkTokenCreateRequest,
  'client_name' | 'language' | 'country_codes' | 'user'
>;

/** What the success page shows, besides the sections. */
export interface DemoResult {
  item: { item_id: string; institution_id: string | null; institution_name: string | null } | null;
  sections: DemoSection[];
  /** Endpoints that exist but do not apply to this Item, with the reason Weft gave. */
  skipped: { endpoint: string; error_code: string }[];
  /** The success page's opening line, when the mode has its own (a payment links no Item). */
  lead?: string;
}

/** Which sandbox bank and login the page suggests for a mode. */
export interface SandboxHint {
  institution: string;
  username: string;
  password: string;
}

/**
 * One way to run the demo: which link token to make, and what to show after Link succeeds. A new
 * mode is one more entry in DEMO_MODES (see demo-payment-mode.ts); the page offers a switch as
 * soon as there are two, and renders whatever sections a mode's result holds.
 */
export interface DemoMode {
  id: string;
  label: string;
  description: string;
  /** The sandbox login the page suggests; none when any bank will do. */
  hint?: SandboxHint;
  /** Country codes for the link token (and so the institutions Link offers). */
  countryCodes: LinkTokenCreateRequest['country_codes'];
  /** False when Link's public token is not exchanged (payments); the result then needs no Item. */
  exchangesPublicToken?: boolean;
  linkToken(api: PlaidApi, session: DemoSession): Promise<LinkTokenFields>;
  result(api: PlaidApi, session: DemoSession): Promise<DemoResult>;
}

/** Errors meaning "this product does not apply to this Item", not "something broke". */
const NOT_APPLICABLE = new Set([
  'PRODUCTS_NOT_SUPPORTED',
  'ADDITIONAL_CONSENT_REQUIRED',
  'INVALID_PRODUCT',
  'PRODUCT_NOT_ENABLED',
  'NO_ACCOUNTS',
  'NO_AUTH_ACCOUNTS',
  'NO_INVESTMENT_ACCOUNTS',
  'NO_INVESTMENT_AUTH_ACCOUNTS',
  'NO_LIABILITY_ACCOUNTS',
]);

/** Linking an account and reading its data: the classic Quickstart. */
export const dataMode: DemoMode = {
  id: 'data',
  label: 'Account data',
  description: 'Link a bank account and read its balances, numbers, owners and transactions.',
  hint: { institution: 'First Platypus Bank', username: 'user_good', password: 'pass_good' },
  countryCodes: ['US', 'CA'] as LinkTokenCreateRequest['country_codes'],
  async linkToken() {
    // Auth as a product would narrow Link's account pane to checking and savings, as Plaid's Link
    // does; asked for where supported, it leaves every account to choose, cards and loans too.
    return {
      products: ['transactions'] as Products[],
      required_if_supported_products: ['auth'] as Products[],
    };
  },
  async result(api, session) {
    const accessToken = session.accessToken;
    if (!accessToken) return { item: null, sections: [], skipped: [] };
    const { item } = (await api.itemGet({ access_token: accessToken })).data;
    const enabled = new Set<string>([
      ...item.billed_products,
      ...(item.products ?? []),
      ...item.available_products,
    ]);
    const sources = PRODUCT_SOURCES.filter((s) => s.always || enabled.has(s.product));
    const skipped: DemoResult['skipped'] = [];
    const loaded = await Promise.all(
      sources.map(async (s): Promise<DemoSection | null> => {
        const head = {
          id: s.id ?? s.product,
          product: s.product,
          endpoint: s.endpoint,
          title: s.title,
          description: s.description,
        };
        try {
          return { ...head, table: await s.load(api, accessToken) };
        } catch (e) {
          if (isMissingEndpoint(e)) return null;
          const u = upstreamError(e);
          if (!u) throw e;
          if (NOT_APPLICABLE.has(u.error_code)) {
            skipped.push({ endpoint: s.endpoint, error_code: u.error_code });
            return null;
          }
          return { ...head, error: { error_code: u.error_code, error_message: u.error_message } };
        }
      }),
    );
    return {
      item: {
        item_id: item.item_id,
        institution_id: item.institution_id ?? null,
        institution_name: item.institution_name ?? null,
      },
      sections: loaded.filter((s): s is DemoSection => s !== null),
      skipped,
    };
  },
};

/** Every mode the demo offers, the default first. */
export const DEMO_MODES: readonly DemoMode[] = [dataMode, paymentMode, lendingMode];
