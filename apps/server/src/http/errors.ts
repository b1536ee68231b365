/**
 * The one registry of Plaid error codes Weft can return: code → type, HTTP status and default
 * messages. Throw `PlaidError`s made by the factories below; the error handler renders them.
 */
export type PlaidErrorType =
  | 'INVALID_REQUEST'
  | 'INVALID_RESULT'
  | 'INVALID_INPUT'
  | 'INSTITUTION_ERROR'
  | 'RATE_LIMIT_EXCEEDED'
  | 'API_ERROR'
  | 'ITEM_ERROR'
  | 'OAUTH_ERROR'
  | 'PAYMENT_ERROR'
  | 'SANDBOX_ERROR'
  | 'SIGNAL_ERROR'
  | 'TRANSACTION_ERROR'
  | 'TRANSACTIONS_ERROR'
  | 'ASSET_REPORT_ERROR';

interface ErrorSpec {
  type: PlaidErrorType;
  status: number;
  message: string;
  display?: string;
}

const REGISTRY = {
  // INVALID_REQUEST
  MISSING_FIELDS: {
    type: 'INVALID_REQUEST',
    status: 400,
    message: 'the following required fields are missing',
  },
  UNKNOWN_FIELDS: {
    type: 'INVALID_REQUEST',
    status: 400,
    message: 'the following fields are not recognized',
  },
  INVALID_FIELD: { type: 'INVALID_REQUEST', status: 400, message: 'one or more fields are invalid' },
  INVALID_BODY: { type: 'INVALID_REQUEST', status: 400, message: 'body could not be parsed as JSON' },
  INVALID_HEADERS: { type: 'INVALID_REQUEST', status: 400, message: 'request headers are invalid' },
  INCOMPATIBLE_API_VERSION: { type: 'INVALID_REQUEST', status: 400, message: 'unsupported Plaid-Version' },
  NOT_FOUND: { type: 'INVALID_REQUEST', status: 404, message: 'not found' },
  METHOD_NOT_ALLOWED: {
    type: 'INVALID_REQUEST',
    status: 405,
    message: 'method not allowed on this endpoint',
  },
  SANDBOX_ONLY: {
    type: 'INVALID_REQUEST',
    status: 400,
    message: 'access to this endpoint is only available in the sandbox environment',
  },
  INVALID_PRODUCT: { type: 'INVALID_INPUT', status: 400, message: 'the requested product is not supported' },
  // INVALID_INPUT
  INVALID_API_KEYS: { type: 'INVALID_INPUT', status: 400, message: 'invalid client_id or secret provided' },
  INVALID_ACCESS_TOKEN: {
    type: 'INVALID_INPUT',
    status: 400,
    message:
      'provided access token is in an invalid format. expected format: access-<environment>-<identifier>',
  },
  INVALID_PUBLIC_TOKEN: {
    type: 'INVALID_INPUT',
    status: 400,
    message:
      'provided public token is in an invalid format. expected format: public-<environment>-<identifier>',
  },
  INVALID_LINK_TOKEN: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'provided link token is in an invalid format. expected format: link-<environment>-<identifier>',
  },
  INVALID_INSTITUTION: { type: 'INVALID_INPUT', status: 400, message: 'invalid institution_id provided' },
  INVALID_ACCOUNT_ID: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'one or more of the account IDs is invalid',
  },
  INVALID_WEBHOOK_VERIFICATION_KEY_ID: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'invalid key_id provided',
  },
  TOO_MANY_VERIFICATION_ATTEMPTS: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'too many verification attempts',
  },
  // ITEM_ERROR
  ITEM_LOGIN_REQUIRED: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      "the login details of this item have changed (credentials, MFA, or required user action) and a user login is required to update this information. use Link's update mode to restore the item to a good state",
    display: 'the given credentials are no longer valid. please update the credentials to restore access',
  },
  INVALID_CREDENTIALS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the provided credentials were not correct',
    display: 'The provided credentials were not correct. Please try again.',
  },
  INVALID_MFA: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the provided MFA response(s) were not correct',
    display: 'The provided response was not correct. Please try again.',
  },
  INVALID_SEND_METHOD: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the provided MFA send_method was invalid',
  },
  ITEM_LOCKED: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      "the account is locked. prompt the user to visit the institution's site and unlock their account",
    display:
      "The given account has been locked by the financial institution. Please visit your financial institution's website to unlock your account.",
  },
  ITEM_NOT_SUPPORTED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'this item is not supported',
    display: 'Weft is unable to connect to this account.',
  },
  INSUFFICIENT_CREDENTIALS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'insufficient authorization was provided to complete the request',
    display: 'Authorization was not completed. Please try again.',
  },
  USER_SETUP_REQUIRED: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      "the account has not been fully set up. prompt the user to visit the institution's site and finish the setup process",
    display: 'The given account requires additional setup at the financial institution.',
  },
  MFA_NOT_SUPPORTED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'this account requires a form of MFA that is not currently supported',
    display: 'This account requires a form of authentication that is not supported.',
  },
  NO_ACCOUNTS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'no valid accounts were found for this item',
    display: 'No valid accounts were found at the financial institution.',
  },
  NO_AUTH_ACCOUNTS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'no valid checking or savings account(s) found',
    display: 'No valid checking or savings accounts were found.',
  },
  NO_INVESTMENT_ACCOUNTS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'no valid investment account(s) found',
  },
  NO_LIABILITY_ACCOUNTS: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'no valid liability account(s) found',
  },
  PRODUCT_NOT_READY: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      'the requested product is not yet ready. please provide a webhook or try the request again later',
  },
  PRODUCTS_NOT_SUPPORTED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the requested products are not supported by this item',
  },
  ITEM_NOT_FOUND: {
    type: 'ITEM_ERROR',
    status: 400,
    message:
      'the item you requested cannot be found. this item does not exist, has been previously removed, or has had access removed by the user',
  },
  ACCESS_NOT_GRANTED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the user did not grant the necessary permissions for their account',
    display: 'This application does not have access to the requested data.',
  },
  PASSWORD_RESET_REQUIRED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the user must log in to their institution and reset their password',
    display: 'Please reset your password at your financial institution.',
  },
  USER_PERMISSION_REVOKED: {
    type: 'ITEM_ERROR',
    status: 400,
    message: 'the holder of this account has revoked their permission for your application to access it',
  },
  TRANSACTIONS_SYNC_MUTATION_DURING_PAGINATION: {
    type: 'TRANSACTIONS_ERROR',
    status: 400,
    message:
      'underlying transaction data changed since last page was fetched. please restart pagination from last update.',
  },
  // INSTITUTION_ERROR
  INSTITUTION_DOWN: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is not currently responding to this request. please try again soon',
    display:
      'This financial institution is not currently responding to requests. We apologize for the inconvenience.',
  },
  INSTITUTION_NOT_RESPONDING: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is not currently responding to this request. please try again soon',
    display:
      'This financial institution is not currently responding to requests. We apologize for the inconvenience.',
  },
  INSTITUTION_NOT_AVAILABLE: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is not currently responding to this request. please try again soon',
    display:
      'This financial institution is not currently responding to requests. We apologize for the inconvenience.',
  },
  INSTITUTION_NO_LONGER_SUPPORTED: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution is no longer supported',
    display: 'This financial institution is no longer supported.',
  },
  INSTITUTION_NOT_FOUND: {
    type: 'INSTITUTION_ERROR',
    status: 400,
    message: 'this institution was not found',
  },
  // SANDBOX_ERROR
  SANDBOX_PRODUCT_NOT_ENABLED: {
    type: 'SANDBOX_ERROR',
    status: 400,
    message: 'the requested product is not enabled on this item',
  },
  SANDBOX_WEBHOOK_INVALID: {
    type: 'SANDBOX_ERROR',
    status: 400,
    message:
      "webhook for this item is either not set up, or invalid. please update the item's webhook and try again.",
  },
  // SIGNAL_ERROR
  CLIENT_TRANSACTION_ID_ALREADY_IN_USE: {
    type: 'SIGNAL_ERROR',
    status: 400,
    message: 'this client_transaction_id was already evaluated; each transaction needs its own',
  },
  // PAYMENT_ERROR
  PAYMENT_BLOCKED: { type: 'PAYMENT_ERROR', status: 400, message: 'payment blocked' },
  PAYMENT_CANCELLED: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'user cancelled the payment',
    display: 'Try making your payment again or select a different bank to continue.',
  },
  PAYMENT_INSUFFICIENT_FUNDS: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'insufficient funds to complete the request',
    display:
      "There isn't enough money in this account to complete the payment. Try again, or select another account or bank.",
  },
  PAYMENT_INVALID_RECIPIENT: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'payment recipient invalid',
    display:
      'The payment recipient is invalid for the selected institution. Create a new payment with a different recipient.',
  },
  PAYMENT_INVALID_REFERENCE: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'payment reference invalid',
    display:
      'The payment reference is invalid for the selected institution. Create a new payment with a different reference.',
  },
  PAYMENT_INVALID_SCHEDULE: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'payment schedule invalid',
    display:
      'The payment schedule is invalid for the selected institution. Create a new payment with a different schedule.',
  },
  PAYMENT_REJECTED: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'payment rejected',
    display: 'The payment was rejected by the institution. Try again, or select another account or bank.',
  },
  PAYMENT_SCHEME_NOT_SUPPORTED: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'payment scheme not supported',
    display:
      'The payment scheme is not supported by the institution. Either change scheme or select another institution.',
  },
  PAYMENT_CONSENT_INVALID_CONSTRAINTS: {
    type: 'PAYMENT_ERROR',
    status: 400,
    message: 'payment consent constraints invalid',
    display:
      'The payment consent constraints are missing or not supported by the institution. Either update constraints or select another institution.',
  },
  // TRANSACTION_ERROR (virtual-account transactions, which include refunds of payments)
  NONIDENTICAL_REQUEST: {
    type: 'TRANSACTION_ERROR',
    status: 400,
    message: 'Request body does not match previous request with this idempotency key',
  },
  // RATE_LIMIT_EXCEEDED
  RATE_LIMIT: { type: 'RATE_LIMIT_EXCEEDED', status: 429, message: 'rate limit exceeded for this endpoint' },
  ACCOUNTS_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  ACCOUNTS_BALANCE_GET_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  AUTH_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  IDENTITY_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  INSTITUTIONS_GET_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for /institutions/get. please try again later',
  },
  INSTITUTIONS_GET_BY_ID_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for /institutions/get_by_id. please try again later',
  },
  INVESTMENT_HOLDINGS_GET_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  INVESTMENT_TRANSACTIONS_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  ITEM_GET_LIMIT: {
    type: 'RATE_LIMIT_EXCEEDED',
    status: 429,
    message: 'rate limit exceeded for attempts to access this item. please try again later',
  },
  // API_ERROR
  INTERNAL_SERVER_ERROR: {
    type: 'API_ERROR',
    status: 500,
    message: 'an unexpected error occurred',
    display: 'Something went wrong. Please try again later.',
  },
  // ASSET_REPORT_ERROR (and the Assets tokens' INVALID_INPUT)
  INVALID_ASSET_REPORT_TOKEN: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'could not find matching asset report token',
  },
  INVALID_AUDIT_COPY_TOKEN: {
    type: 'INVALID_INPUT',
    status: 400,
    message: 'could not find matching audit copy token',
  },
  PRODUCT_NOT_ENABLED: {
    type: 'ASSET_REPORT_ERROR',
    status: 400,
    message: 'the assets product is not enabled for one or more of the Items',
  },
  DATA_UNAVAILABLE: {
    type: 'ASSET_REPORT_ERROR',
    status: 400,
    message: 'one or more of the Items in the Asset Report has an error',
  },
  ASSET_REPORT_GENERATION_FAILED: {
    type: 'ASSET_REPORT_ERROR',
    status: 400,
    message: 'the Asset Report could not be generated',
  },
  INVALID_PARENT: {
    type: 'ASSET_REPORT_ERROR',
    status: 400,
    message: 'the Asset Report this request refers to has failed or has been removed',
  },
  PLANNED_MAINTENANCE: {
    type: 'API_ERROR',
    status: 503,
    message: 'the service is undergoing planned maintenance',
  },
} as const satisfies Record<string, ErrorSpec>;

/** Every error code in the registry. */
export type PlaidErrorCode = keyof typeof REGISTRY;

/** Plaid's error object, as rendered on the wire. */
export interface PlaidErrorBody {
  display_message: string | null;
  documentation_url?: string;
  error_code: string;
  error_code_reason: string | null;
  error_message: string;
  error_type: string;
  request_id: string;
  suggested_action: string | null;
  causes?: unknown[];
  status?: number | null;
}

/** A Plaid API error; thrown anywhere, rendered once by the error handler. */
export class PlaidError extends Error {
  readonly type: PlaidErrorType;
  readonly status: number;
  readonly displayMessage: string | null;
  /** Extra response headers (Retry-After, RateLimit-*). */
  headers: Record<string, string> = {};

  constructor(
    readonly code: PlaidErrorCode | (string & {}),
    message?: string,
    opts: { type?: PlaidErrorType; status?: number; display?: string | null } = {},
  ) {
    const spec = (REGISTRY as Record<string, ErrorSpec>)[code];
    super(message ?? spec?.message ?? code);
    this.type = opts.type ?? spec?.type ?? 'API_ERROR';
    this.status = opts.status ?? spec?.status ?? 500;
    this.displayMessage = opts.display !== undefined ? opts.display : (spec?.display ?? null);
  }

  /** The error object as Plaid sends it. */
  toBody(requestId: string): PlaidErrorBody {
    return {
      display_message: this.displayMessage,
      error_code: this.code,
      error_code_reason: null,
      error_message: this.message,
      error_type: this.type,
      request_id: requestId,
      suggested_action: null,
    };
  }

  /** The error object as stored on an Item and sent in webhooks (no request id, with status). */
  toItemError(): Omit<PlaidErrorBody, 'request_id'> & { status: number | null } {
    return {
      display_message: this.displayMessage,
      error_code: this.code,
      error_code_reason: null,
      error_message: this.message,
      error_type: this.type,
      status: this.status,
      suggested_action: null,
    };
  }
}

/** True when a code is in the registry. */
export function isKnownErrorCode(code: string): code is PlaidErrorCode {
  return Object.hasOwn(REGISTRY, code);
}

/** Factories for the errors thrown most; others: `new PlaidError('CODE')`. */
export const errors = {
  missingFields: (fields: string[]) =>
    new PlaidError('MISSING_FIELDS', `the following required fields are missing: ${fields.join(', ')}`),
  invalidField: (message: string) => new PlaidError('INVALID_FIELD', message),
  invalidBody: () => new PlaidError('INVALID_BODY'),
  invalidApiKeys: () => new PlaidError('INVALID_API_KEYS'),
  invalidAccessToken: () => new PlaidError('INVALID_ACCESS_TOKEN'),
  invalidPublicToken: () => new PlaidError('INVALID_PUBLIC_TOKEN'),
  invalidLinkToken: () => new PlaidError('INVALID_LINK_TOKEN'),
  invalidInstitution: () => new PlaidError('INVALID_INSTITUTION'),
  invalidAccountId: () => new PlaidError('INVALID_ACCOUNT_ID'),
  notFound: () => new PlaidError('NOT_FOUND'),
  internal: () => new PlaidError('INTERNAL_SERVER_ERROR'),
  productNotReady: () => new PlaidError('PRODUCT_NOT_READY'),
  productsNotSupported: () => new PlaidError('PRODUCTS_NOT_SUPPORTED'),
  invalidProduct: (products: string[]) =>
    new PlaidError(
      'INVALID_PRODUCT',
      `client is not authorized to access the following products: ${JSON.stringify(products)}`,
    ),
  rateLimit: (message?: string) => new PlaidError('RATE_LIMIT', message),
};
