import { PlaidError } from '../../http/errors';
import { HttpFailure, type HttpOptions, type HttpResponse, httpRequest } from './simplefin.http';

/**
 * The SimpleFIN protocol as a client sees it: a setup token (base64 of a claim URL) is claimed once
 * for an access URL carrying Basic credentials; `GET {access}/accounts` answers the accounts with
 * their balances and transactions, and `errors` the Bridge wants its user to see. Every failure is
 * a PlaidError: what the user can fix (a used token, revoked access) as ITEM errors, what waiting
 * can fix (a slow or failing Bridge) as INSTITUTION errors.
 */

/** One SimpleFIN transaction, as the Bridge sends it (validated). */
export interface SfinTransaction {
  id: string;
  posted: number;
  amount: string;
  description: string;
  payee: string | null;
  memo: string | null;
  transacted_at: number | null;
  pending: boolean;
}

/** One SimpleFIN account, as the Bridge sends it (validated). */
export interface SfinAccount {
  org: { domain: string | null; sfinUrl: string; name: string | null };
  id: string;
  name: string;
  currency: string;
  balance: string;
  availableBalance: string | null;
  balanceDate: number;
  transactions: SfinTransaction[];
}

/** A validated `/accounts` answer. */
export interface SfinAccountSet {
  errors: string[];
  accounts: SfinAccount[];
}

/** An access URL split into where to ask and the Basic credentials to ask with. */
export interface AccessUrl {
  /** The URL without credentials, ending without a slash. */
  base: string;
  authorization: string;
}

const DECIMAL = /^-?\d{1,15}(\.\d{1,8})?$/;

/** The claim URL a setup token encodes; INVALID_CREDENTIALS when it is not one. */
export function claimUrlOf(setupToken: string): URL {
  const trimmed = setupToken.trim();
  const bad = () =>
    new PlaidError('INVALID_CREDENTIALS', 'the setup token is not a SimpleFIN setup token', {
      display: 'That is not a SimpleFIN setup token. Copy it again from your SimpleFIN Bridge.',
    });
  if (trimmed === '' || trimmed.length > 4096 || !/^[A-Za-z0-9+/=_-]+$/.test(trimmed)) throw bad();
  const text = Buffer.from(trimmed, 'base64').toString('utf8');
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw bad();
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || url.username || url.password) throw bad();
  return url;
}

/** Splits an access URL (`https://user:pass@host/path`) into base URL and Authorization header. */
export function parseAccessUrl(accessUrl: string): AccessUrl {
  let url: URL;
  try {
    url = new URL(accessUrl.trim());
  } catch {
    throw new PlaidError('INSTITUTION_NOT_AVAILABLE', 'the SimpleFIN Bridge answered an invalid access URL');
  }
  if ((url.protocol !== 'https:' && url.protocol !== 'http:') || !url.username)
    throw new PlaidError('INSTITUTION_NOT_AVAILABLE', 'the SimpleFIN Bridge answered an invalid access URL');
  const user = decodeURIComponent(url.username);
  const pass = decodeURIComponent(url.password);
  url.username = '';
  url.password = '';
  const base = url.href.replace(/\/+$/, '');
  return { base, authorization: `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}` };
}

/** What a transport failure means to the Item: waiting may help. */
function unreachable(e: unknown): PlaidError {
  if (e instanceof HttpFailure) {
    if (e.kind === 'refused')
      return new PlaidError('INSTITUTION_NOT_AVAILABLE', `SimpleFIN Bridge ${e.message}`);
    if (e.kind === 'timeout')
      return new PlaidError('INSTITUTION_NOT_RESPONDING', `the SimpleFIN Bridge gave ${e.message}`);
    if (e.kind === 'too_large')
      return new PlaidError(
        'INSTITUTION_NOT_AVAILABLE',
        `the SimpleFIN Bridge answered too much: ${e.message}`,
      );
    return new PlaidError(
      'INSTITUTION_NOT_RESPONDING',
      `the SimpleFIN Bridge could not be reached: ${e.message}`,
    );
  }
  throw e;
}

async function send(req: Parameters<typeof httpRequest>[0], opts: HttpOptions): Promise<HttpResponse> {
  try {
    return await httpRequest(req, opts);
  } catch (e) {
    throw unreachable(e);
  }
}

/**
 * Claims a setup token: POSTs to its claim URL (empty body) and returns the access URL. A token
 * already claimed or expired answers 403: INVALID_CREDENTIALS, and the user fetches a new one.
 */
export async function claim(setupToken: string, opts: HttpOptions): Promise<string> {
  const url = claimUrlOf(setupToken);
  const res = await send({ method: 'POST', url, headers: { 'content-type': 'text/plain' }, body: '' }, opts);
  if (res.status === 403 || res.status === 401 || res.status === 404)
    throw new PlaidError('INVALID_CREDENTIALS', 'the setup token was already claimed or has expired', {
      display: 'This setup token was already used or has expired. Create a new one in your SimpleFIN Bridge.',
    });
  if (res.status < 200 || res.status >= 300)
    throw new PlaidError('INSTITUTION_DOWN', `the SimpleFIN Bridge answered ${res.status} to the claim`);
  const accessUrl = res.body.toString('utf8').trim();
  parseAccessUrl(accessUrl);
  return accessUrl;
}

/** One `/accounts` read between two instants (unix seconds), pending transactions included. */
export async function fetchAccounts(
  access: AccessUrl,
  window: { start: number; end: number },
  opts: HttpOptions,
): Promise<SfinAccountSet> {
  const url = new URL(`${access.base}/accounts`);
  url.searchParams.set('start-date', String(window.start));
  url.searchParams.set('end-date', String(window.end));
  url.searchParams.set('pending', '1');
  const res = await send({ method: 'GET', url, headers: { authorization: access.authorization } }, opts);
  if (res.status === 401 || res.status === 403)
    throw new PlaidError(
      'ITEM_LOGIN_REQUIRED',
      'the SimpleFIN Bridge refused this access (revoked or expired)',
    );
  if (res.status === 402)
    throw new PlaidError('ITEM_LOGIN_REQUIRED', 'the SimpleFIN Bridge subscription needs payment');
  if (res.status < 200 || res.status >= 300)
    throw new PlaidError('INSTITUTION_DOWN', `the SimpleFIN Bridge answered ${res.status}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(res.body.toString('utf8'));
  } catch {
    throw new PlaidError(
      'INSTITUTION_NOT_AVAILABLE',
      'the SimpleFIN Bridge answered something that is not JSON',
    );
  }
  return validateAccountSet(parsed);
}

/** Checks an `/accounts` answer's shape; INSTITUTION_NOT_AVAILABLE for one that is not SimpleFIN's. */
export function validateAccountSet(value: unknown): SfinAccountSet {
  const bad = (why: string) =>
    new PlaidError(
      'INSTITUTION_NOT_AVAILABLE',
      `the SimpleFIN Bridge answered a malformed account set (${why})`,
    );
  if (!isObject(value)) throw bad('not an object');
  const errors = value.errors ?? [];
  if (!Array.isArray(errors)) throw bad('errors is not a list');
  const accounts = value.accounts ?? [];
  if (!Array.isArray(accounts)) throw bad('accounts is not a list');
  return {
    errors: errors.map((e) => String(e).slice(0, 500)),
    accounts: accounts.map((a, i) => account(a, `accounts[${i}]`, bad)),
  };
}

function account(a: unknown, at: string, bad: (why: string) => PlaidError): SfinAccount {
  if (!isObject(a)) throw bad(`${at} is not an object`);
  const org = isObject(a.org) ? a.org : null;
  if (!org) throw bad(`${at}.org is missing`);
  const id = str(a.id);
  if (!id) throw bad(`${at}.id is missing`);
  const balance = str(a.balance);
  if (!balance || !DECIMAL.test(balance)) throw bad(`${at}.balance is not a decimal`);
  const available = str(a['available-balance']);
  if (available !== null && !DECIMAL.test(available)) throw bad(`${at}.available-balance is not a decimal`);
  const balanceDate = Number(a['balance-date']);
  if (!Number.isFinite(balanceDate)) throw bad(`${at}.balance-date is not a time`);
  const txs = a.transactions ?? [];
  if (!Array.isArray(txs)) throw bad(`${at}.transactions is not a list`);
  return {
    org: { domain: str(org.domain), sfinUrl: str(org['sfin-url']) ?? '', name: str(org.name) },
    id,
    name: str(a.name) ?? 'Account',
    currency: str(a.currency) ?? 'USD',
    balance,
    availableBalance: available,
    balanceDate,
    transactions: txs.map((t, j) => transaction(t, `${at}.transactions[${j}]`, bad)),
  };
}

function transaction(t: unknown, at: string, bad: (why: string) => PlaidError): SfinTransaction {
  if (!isObject(t)) throw bad(`${at} is not an object`);
  const id = str(t.id);
  if (!id) throw bad(`${at}.id is missing`);
  const amount = str(t.amount);
  if (!amount || !DECIMAL.test(amount)) throw bad(`${at}.amount is not a decimal`);
  const posted = Number(t.posted ?? 0);
  if (!Number.isFinite(posted)) throw bad(`${at}.posted is not a time`);
  const transacted =
    t.transacted_at === undefined || t.transacted_at === null ? null : Number(t.transacted_at);
  return {
    id,
    posted,
    amount,
    description: str(t.description) ?? '',
    payee: str(t.payee),
    memo: str(t.memo),
    transacted_at: transacted !== null && Number.isFinite(transacted) && transacted > 0 ? transacted : null,
    pending: t.pending === true || posted === 0,
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A string field (numbers accepted, as some Bridges send ids and amounts as numbers). */
function str(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return null;
}
