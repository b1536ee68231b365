import type { Products } from 'plaid';

/** A Plaid product name (the values of the `plaid` package's `Products`). */
export type ProductName = `${Products}`;

/** One Plaid product Weft serves, and the Plaid endpoints that come with it. */
export interface ServedProduct {
  /** Plaid's product name, as link tokens, Items and institutions spell it. */
  product: ProductName;
  /** Every Plaid endpoint the product brings, its sandbox helpers included. */
  endpoints: readonly string[];
  /**
   * False for add-ons that ride on another product and that Plaid refuses in a link token's
   * product lists (its INVALID_PRODUCT docs name `recurring_transactions`).
   */
  requestable: boolean;
}

/**
 * The products Weft serves today. This table is the only list: link tokens and
 * /sandbox/public_token/create accept these names, Items bill and offer only these, and
 * institutions advertise only these. A new product lands by adding its entry here (with its
 * routes registered), and the README's endpoint list follows from `npm run docs:endpoints`.
 */
export const SERVED_PRODUCTS: readonly ServedProduct[] = [
  {
    product: 'assets',
    endpoints: [
      '/asset_report/create',
      '/asset_report/get',
      '/asset_report/pdf/get',
      '/asset_report/refresh',
      '/asset_report/filter',
      '/asset_report/remove',
      '/asset_report/audit_copy/create',
      '/asset_report/audit_copy/get',
      '/asset_report/audit_copy/pdf/get',
      '/asset_report/audit_copy/remove',
    ],
    requestable: true,
  },
  { product: 'auth', endpoints: ['/auth/get', '/sandbox/item/set_verification_status'], requestable: true },
  { product: 'balance', endpoints: ['/accounts/balance/get'], requestable: true },
  { product: 'identity', endpoints: ['/identity/get'], requestable: true },
  { product: 'identity_match', endpoints: ['/identity/match'], requestable: true },
  {
    product: 'identity_verification',
    endpoints: [
      '/identity_verification/create',
      '/identity_verification/get',
      '/identity_verification/list',
      '/identity_verification/retry',
    ],
    requestable: true,
  },
  {
    product: 'investments',
    endpoints: [
      '/investments/holdings/get',
      '/investments/transactions/get',
      '/investments/refresh',
      '/investments/auth/get',
    ],
    requestable: true,
  },
  {
    product: 'transactions',
    endpoints: ['/transactions/sync', '/transactions/get', '/sandbox/transactions/create'],
    requestable: true,
  },
  {
    product: 'recurring_transactions',
    endpoints: ['/transactions/recurring/get'],
    requestable: false,
  },
  { product: 'transactions_refresh', endpoints: ['/transactions/refresh'], requestable: false },
  { product: 'liabilities', endpoints: ['/liabilities/get'], requestable: true },
  {
    product: 'income_verification',
    endpoints: [
      '/credit/bank_income/get',
      '/credit/bank_income/pdf/get',
      '/credit/bank_income/refresh',
      '/credit/payroll_income/get',
      '/credit/employment/get',
      '/sandbox/income/fire_webhook',
    ],
    requestable: true,
  },
  {
    product: 'signal',
    endpoints: [
      '/signal/evaluate',
      '/signal/schedule',
      '/signal/decision/report',
      '/signal/return/report',
      '/signal/prepare',
    ],
    requestable: true,
  },
  {
    product: 'statements',
    endpoints: ['/statements/list', '/statements/download', '/statements/refresh'],
    requestable: true,
  },
  {
    product: 'payment_initiation',
    endpoints: [
      '/payment_initiation/recipient/create',
      '/payment_initiation/recipient/get',
      '/payment_initiation/recipient/list',
      '/payment_initiation/payment/create',
      '/payment_initiation/payment/get',
      '/payment_initiation/payment/list',
      '/payment_initiation/payment/reverse',
      '/payment_initiation/consent/create',
      '/payment_initiation/consent/get',
      '/payment_initiation/consent/revoke',
      '/payment_initiation/consent/payment/execute',
      '/sandbox/payment/simulate',
    ],
    requestable: true,
  },
];

/**
 * Plaid endpoints that belong to no single product: the plumbing every integration uses. Listed
 * so the README can group every route Weft registers, and so a new route must be placed somewhere.
 */
export const PLATFORM_ENDPOINTS: readonly { group: string; endpoints: readonly string[] }[] = [
  { group: 'Link', endpoints: ['/link/token/create', '/link/token/get'] },
  {
    group: 'Items',
    endpoints: [
      '/item/public_token/exchange',
      '/item/get',
      '/item/remove',
      '/item/webhook/update',
      '/item/access_token/invalidate',
      '/accounts/get',
    ],
  },
  {
    group: 'Institutions',
    endpoints: ['/institutions/get', '/institutions/search', '/institutions/get_by_id'],
  },
  // Enrich works on transactions the app sends, not on an Item, so it is no Item product.
  { group: 'Enrich', endpoints: ['/transactions/enrich'] },
  // Monitor screens the names the app sends, not an Item; Plaid's product list has no name for it.
  {
    group: 'Monitor',
    endpoints: ['individual', 'entity'].flatMap((kind) =>
      [
        'create',
        'get',
        'list',
        'update',
        'history/list',
        'review/create',
        'review/list',
        'hit/list',
        'program/get',
        'program/list',
      ].map((op) => `/watchlist_screening/${kind}/${op}`),
    ),
  },
  {
    group: 'Sandbox',
    endpoints: ['/sandbox/public_token/create', '/sandbox/item/reset_login', '/sandbox/item/fire_webhook'],
  },
  { group: 'Webhooks', endpoints: ['/webhook_verification_key/get'] },
  { group: 'Users', endpoints: ['/user/create', '/user/get', '/user/remove'] },
];

const SERVED = new Map<string, ServedProduct>(SERVED_PRODUCTS.map((p) => [p.product, p]));

/** True when Weft serves this Plaid product. */
export function isServedProduct(product: string): boolean {
  return SERVED.has(product);
}

/** The names in `products` that Weft serves, in their order: what Items and institutions show. */
export function servedOnly(products: readonly string[]): Products[] {
  // The SDK types product lists as its enum; every served name is one of its values.
  return products.filter((p) => SERVED.has(p)) as Products[];
}

/**
 * The names in `products` a link token or /sandbox/public_token/create may not ask for: products
 * Weft does not serve, and add-ons that are never requested on their own. Empty when all are fine.
 */
export function unrequestableProducts(products: readonly string[]): string[] {
  return [...new Set(products.filter((p) => !SERVED.get(p)?.requestable))];
}
