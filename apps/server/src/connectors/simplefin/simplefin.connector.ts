import { PlaidError } from '../../http/errors';
import type { SecretBox } from '../../lib/crypto';
import { randomId, sha256 } from '../../lib/ids';
import { createOutboundGuard, type OutboundGuard } from '../../lib/outbound-guard';
import type {
  AccountDetails,
  Connector,
  ConnectorDeps,
  LinkedSource,
  LinkInput,
  LinkResult,
  LinkStep,
  LiveSchedule,
  ReadContext,
  SourceHealth,
  SourceRefresh,
  StoredAccountRef,
} from '../connector';
import type { Institution } from '../institution';
import type { HttpOptions } from './simplefin.http';
import { SIMPLEFIN_INSTITUTION } from './simplefin.institution';
import { toSourceData } from './simplefin.map';
import {
  type AccessUrl,
  claim,
  fetchAccounts,
  parseAccessUrl,
  type SfinAccountSet,
} from './simplefin.protocol';

const DAY_S = 86_400;
const MINUTE_MS = 60_000;
/** The Bridge serves at most this many days per request: longer spans are read window by window. */
export const WINDOW_DAYS = 90;
/** Windows one read may take: a year of history at link, and a long outage's gap afterwards. */
export const MAX_WINDOWS = 4;

/**
 * A Bridge answers about 24 requests a day per access URL. Weft spends at most MAX_WINDOWS of them
 * linking, and reads an Item again at most once per 75 minutes (at most 20 a day, each one
 * request), every 4 hours unless the app asks sooner (/transactions/refresh, /accounts/balance/get).
 */
export const SIMPLEFIN_SCHEDULE: LiveSchedule = {
  everyMs: 4 * 60 * MINUTE_MS,
  minGapMs: 75 * MINUTE_MS,
  jitterMs: 15 * MINUTE_MS,
  maxBackoffMs: 24 * 60 * MINUTE_MS,
};

/** What the connector may be given instead of its defaults (tests shorten the deadline). */
export interface SimplefinOptions {
  guard?: OutboundGuard;
  secretBox?: SecretBox;
  timeoutMs?: number;
  maxBytes?: number;
  /** Extra trusted CA certificates (PEM); WEFT_SIMPLEFIN_CA_FILE names a file of them. */
  ca?: string;
  /** Unix milliseconds now (the Bridge's windows are real time). */
  now?: () => number;
}

/** The secrets a SimpleFIN login keeps (sealed at rest): the access URL with its credentials. */
interface SimplefinSecrets {
  access_url: string;
}

/** How long a link's first read stands in for the read the new Item's first pull asks for. */
const FIRST_READ_TTL_MS = 10 * MINUTE_MS;
/** How long a claimed token's access URL is remembered, so a link that failed after it can retry. */
const CLAIM_TTL_MS = 30 * MINUTE_MS;

/**
 * A SimpleFIN Bridge (https://www.simplefin.org) as a live source. The user pastes a setup token
 * in Link; Weft claims it once for an access URL, which it keeps only sealed in the Item's login
 * secrets (removed with the Item), and reads `/accounts` with it: on link (up to a year, window by
 * window), then on the live refresh schedule. Health is judged by those reads, never by a read of
 * its own: a health check must not spend the Bridge's daily request budget.
 */
export class SimplefinConnector implements Connector {
  readonly id = 'simplefin';
  readonly institutions: readonly Institution[] = [SIMPLEFIN_INSTITUTION];
  /** Listed, so a user finds it in Link's search like a bank. */
  readonly listed = true;
  // Real bank data: production keys only. A sandbox Item must be deterministic and offline.
  readonly environments = ['production'] as const;
  readonly schedule = SIMPLEFIN_SCHEDULE;
  private readonly http: HttpOptions;
  private readonly now: () => number;
  /** The first read of each login linked by this process, by seed: the new Item's first pull uses it. */
  private readonly firstReads = new Map<string, { at: number; set: SfinAccountSet }>();
  /** Access URLs claimed by this process, by the token's hash. */
  private readonly claimed = new Map<string, { at: number; accessUrl: string }>();

  constructor(private readonly options: SimplefinOptions = {}) {
    this.http = {
      guard: options.guard ?? createOutboundGuard('none'),
      timeoutMs: options.timeoutMs ?? 30_000,
      maxBytes: options.maxBytes ?? 20 * 1024 * 1024,
      ...(options.ca ? { ca: options.ca } : {}),
    };
    this.now = options.now ?? Date.now;
  }

  /** The connector bound to one Weft's outbound guard and key. */
  bind(deps: ConnectorDeps): SimplefinConnector {
    const ca = deps.config.simplefin?.ca;
    return new SimplefinConnector({
      ...this.options,
      guard: deps.outbound,
      secretBox: deps.secretBox,
      ...(ca ? { ca } : {}),
    });
  }

  /** Claims the pasted setup token (sent as the password) and reads the accounts behind it. */
  async link(step: LinkStep, input: LinkInput): Promise<LinkResult> {
    if (step.kind !== 'credentials')
      return {
        status: 'error',
        error: new PlaidError('INVALID_CREDENTIALS', 'a SimpleFIN Bridge is linked with a setup token'),
      };
    const token = (input.password || input.username || '').trim();
    try {
      const accessUrl = await this.claimOnce(token);
      const access = parseAccessUrl(accessUrl);
      const set = await this.read(access, this.nowS() - WINDOW_DAYS * DAY_S * MAX_WINDOWS);
      if (set.accounts.length === 0)
        throw set.errors.length > 0
          ? new PlaidError('ITEM_LOGIN_REQUIRED', `the SimpleFIN Bridge says: ${set.errors[0]}`)
          : new PlaidError('NO_ACCOUNTS');
      const data = toSourceData(set);
      if (data.accounts.length === 0) throw new PlaidError('NO_ACCOUNTS');
      const seed = randomId(24);
      this.remember(this.firstReads, seed, { at: this.now(), set });
      const secrets: SimplefinSecrets = { access_url: accessUrl };
      return {
        status: 'linked',
        // Repairing in update mode needs the same username: the Bridge the token came from.
        login: { username: `simplefin:${new URL(access.base).host}`, seed, secrets: { ...secrets } },
        accounts: data.accounts,
      };
    } catch (e) {
      if (e instanceof PlaidError) return { status: 'error', error: e };
      throw e;
    }
  }

  /**
   * Reads the Bridge from `since` (null: one window) to now, window by window, newest first, and
   * stops at an older window with no transactions. The first read of a login linked moments ago by
   * this process (the new Item's pull) is answered from the link's read. Throws ITEM_LOGIN_REQUIRED when the access is refused or the
   * Bridge reports only errors; errors beside data come back as `attention`.
   */
  async refresh(source: LinkedSource, since: string | null, context?: ReadContext): Promise<SourceRefresh> {
    // Only a first read (a new Item's pull, reading no earlier one) takes the link's read, once.
    const taken = context?.previous ? undefined : this.firstReads.get(source.login.seed);
    if (taken) this.firstReads.delete(source.login.seed);
    const first = taken && this.now() - taken.at < FIRST_READ_TTL_MS ? taken : undefined;
    let set: SfinAccountSet;
    if (first) set = first.set;
    else {
      const access = parseAccessUrl(this.secretsOf(source).access_url);
      const start = since
        ? Math.floor(Date.parse(`${since}T00:00:00Z`) / 1000)
        : this.nowS() - WINDOW_DAYS * DAY_S;
      set = await this.read(access, start);
      if (set.accounts.length === 0 && set.errors.length > 0)
        throw new PlaidError('ITEM_LOGIN_REQUIRED', `the SimpleFIN Bridge says: ${set.errors[0]}`);
    }
    const data = toSourceData(set);
    // The link's read holds all the history linking took (a year at most): the pull takes it all.
    const transactions =
      since && !first ? data.transactions.filter((t) => t.date >= since) : data.transactions;
    return {
      accounts: data.accounts,
      transactions,
      owners: {},
      ...(first ? { complete: true } : {}),
      ...(set.errors.length > 0 ? { attention: set.errors } : {}),
    };
  }

  /** Always healthy from here: the live refresh's reads find a revoked access and say so. */
  async health(): Promise<SourceHealth> {
    return { status: 'healthy' };
  }

  /** SimpleFIN gives no account numbers and no owners. */
  async details(_source: LinkedSource, accounts: readonly StoredAccountRef[]): Promise<AccountDetails[]> {
    return accounts.map(() => ({ numbers: null, owners: null }));
  }

  private nowS(): number {
    return Math.floor(this.now() / 1000);
  }

  /** Claims a token, or the access URL this process claimed for it moments ago (a retried link). */
  private async claimOnce(token: string): Promise<string> {
    const key = sha256(token);
    const known = this.claimed.get(key);
    if (known && this.now() - known.at < CLAIM_TTL_MS) return known.accessUrl;
    const accessUrl = await claim(token, this.http);
    this.remember(this.claimed, key, { at: this.now(), accessUrl });
    return accessUrl;
  }

  /** Reads from `start` to now in windows the Bridge serves, newest first, merged into one set. */
  private async read(access: AccessUrl, start: number): Promise<SfinAccountSet> {
    const end = this.nowS() + DAY_S;
    const windowS = WINDOW_DAYS * DAY_S;
    let merged: SfinAccountSet | null = null;
    const seen = new Set<string>();
    for (let i = 0, to = end; i < MAX_WINDOWS && to > start; i++, to -= windowS) {
      const from = Math.max(start, to - windowS);
      const page = await fetchAccounts(access, { start: from, end: to }, this.http);
      let found = 0;
      if (!merged)
        merged = {
          errors: [...page.errors],
          accounts: page.accounts.map((a) => ({ ...a, transactions: [] })),
        };
      else for (const e of page.errors) if (!merged.errors.includes(e)) merged.errors.push(e);
      for (const a of page.accounts) {
        const into = merged.accounts.find((m) => m.id === a.id && m.org.sfinUrl === a.org.sfinUrl);
        if (!into) continue;
        for (const t of a.transactions) {
          const k = JSON.stringify([a.id, t.id]);
          if (seen.has(k)) continue;
          seen.add(k);
          into.transactions.push(t);
          found++;
        }
      }
      // An older window with nothing in it: the Bridge holds no earlier history.
      if (i > 0 && found === 0) break;
    }
    return merged ?? { errors: [], accounts: [] };
  }

  private secretsOf(source: LinkedSource): SimplefinSecrets {
    const sealed = source.sealedSecrets;
    const box = this.options.secretBox;
    if (!sealed || !box) throw new PlaidError('ITEM_LOGIN_REQUIRED', 'this Item holds no SimpleFIN access');
    const parsed = JSON.parse(box.open(sealed)) as Partial<SimplefinSecrets>;
    if (typeof parsed.access_url !== 'string')
      throw new PlaidError('ITEM_LOGIN_REQUIRED', 'this Item holds no SimpleFIN access');
    return { access_url: parsed.access_url };
  }

  /** Keeps a short-lived entry, dropping expired ones so the map stays small. */
  private remember<T extends { at: number }>(map: Map<string, T>, key: string, value: T): void {
    const now = this.now();
    for (const [k, v] of map) if (now - v.at > CLAIM_TTL_MS) map.delete(k);
    map.set(key, value);
  }
}
