import type { Config } from '../config';
import type { AccountNumbers } from '../engines/bank-numbers/bank-numbers';
import type { OwnerData } from '../engines/identity/personas.data';
import type { PlaidError } from '../http/errors';
import type { SecretBox } from '../lib/crypto';
import type { OutboundGuard } from '../lib/outbound-guard';
import type { Institution } from './institution';
import type { InvestmentsSource } from './investments';
import type { LiabilitiesSource } from './liabilities';
import type { PayerLedger } from './payments';
import type { PayrollSource } from './payroll';
import type { SourceData } from './source-data';

/**
 * An account as a connector reports it, before Weft assigns ids. Money in integer minor units of
 * `currency` (lib/money.ts, as the store keeps it), balances in Plaid's sign for the account type.
 */
export interface NormalizedAccount {
  /** Stable key within the login (e.g. the mask plus subtype), used to keep ids across refreshes. */
  key: string;
  name: string;
  officialName: string | null;
  mask: string | null;
  type: string;
  subtype: string | null;
  current: number | null;
  available: number | null;
  limit: number | null;
  currency: string;
}

/** An MFA challenge the user must answer before login completes. */
export type MfaChallenge =
  | { type: 'device'; message: string; devices?: string[] }
  | { type: 'questions'; questions: string[] }
  | { type: 'selections'; selections: { question: string; answers: string[] }[] };

/**
 * Where a link stands: the first step takes credentials; an MFA step answers the challenge the
 * previous step returned, carrying that step's opaque state. `authorized` links without anyone
 * typing at Weft: the user approved the bank's own consent page (OAuth), pays from the bank as a
 * payment's payer, or nobody signs in at all (Plaid's `/sandbox/public_token/create`). A simulated
 * source then signs in its own default user, or the one the input names; a source that needs its
 * user's credentials refuses.
 */
export type LinkStep =
  | { kind: 'credentials' }
  | { kind: 'mfa'; state: string; answers: string[] }
  | { kind: 'authorized' };

/**
 * What the user typed at the credentials step (sent again with each later step). At `authorized`
 * either may be left out, and the source chooses.
 */
export interface LinkInput {
  institutionId: string;
  username?: string;
  password?: string;
  /**
   * Nobody is there to answer a challenge (Plaid's `/sandbox/public_token/create`): a connector
   * that knows its test users' answers completes MFA itself instead of returning a challenge.
   */
  unattended?: boolean;
}

/** Outcome of a link step: the next step to take, a linked login, or why linking failed. */
export type LinkResult =
  | { status: 'linked'; login: ConnectorLogin; accounts: NormalizedAccount[] }
  | { status: 'mfa'; challenge: MfaChallenge; state: string }
  | { status: 'error'; error: PlaidError };

/** A completed login: what the Item remembers of it. `seed` drives deterministic sandbox data. */
export interface ConnectorLogin {
  username: string;
  seed: string;
  /** Connector-specific extras (e.g. custom user config), JSON-serializable. */
  extra?: Record<string, unknown>;
  /** Secrets the connector needs to refresh later; Weft stores these sealed, never in clear. */
  secrets?: Record<string, string>;
}

/** A linked login and the institution it was made at: what a connector needs to read again. */
export interface LinkedSource {
  institutionId: string;
  login: ConnectorLogin;
  /**
   * The login's `secrets` as the store keeps them, sealed (items.credentials_sealed); a source
   * that reads them again opens them with the SecretBox it was bound to (`Connector.bind`).
   */
  sealedSecrets?: string;
}

/**
 * What a live source needs from the running Weft: the gate its outbound requests pass, the key
 * its stored secrets were sealed with, and the configuration it was started with.
 */
export interface ConnectorDeps {
  outbound: OutboundGuard;
  secretBox: SecretBox;
  config: Config;
}

/**
 * What a source holds now, in Weft's normalized model: accounts with balances and stated numbers,
 * its transactions as they stand (ids stable across reads) with the pendings it released, and
 * each account's owners (by account key) where the source knows them. The store writer diffs
 * the transactions against what it holds (products/items/item-data.writer.ts).
 */
export interface SourceRefresh extends SourceData {
  owners: Record<string, OwnerData[]>;
  /**
   * The day the data stands at, for a source whose data moves day by day (it may be later than
   * asked: Plaid's dynamic sandbox user moves a day on each refresh); absent when the data
   * changes only when written.
   */
  day?: string;
  /** True when `transactions` hold all the source has, whatever `since` asked (a short list). */
  complete?: boolean;
  /**
   * Problems a live source reports while still serving data (a bank connection that will need its
   * user soon): the Item stays readable and the app is warned (ITEM/PENDING_DISCONNECT).
   */
  attention?: string[];
}

/**
 * What a read needs from the store's side. `day` is the day to read at: today, or where the
 * Item's simulated clock stands. `previous` is the day of the read the store's data stands at,
 * when this read moves on from it; null for a read of a span (a first pull, a history load).
 */
export interface ReadContext {
  day: string;
  previous: string | null;
  /** The Item's accounts, in the store's order. */
  accounts: readonly StoredAccount[];
  /** True for a refresh the app asked for (/transactions/refresh), not a scheduled read. */
  onDemand?: boolean;
}

/** Whether a linked login can still be read; an unhealthy one carries the Item error to show. */
export type SourceHealth = { status: 'healthy' } | { status: 'error'; error: PlaidError };

/** An account as the store holds it: what a connector needs to describe it again. */
export interface StoredAccountRef {
  position: number;
  mask: string | null;
  type: string;
  subtype: string | null;
  currency: string | null;
}

/** An account as the store holds it, with its id and current balance, for a read of its source. */
export interface StoredAccount extends StoredAccountRef {
  id: string;
  current: number | null;
}

/**
 * What a source says of one account beyond balances and transactions. `numbers` is null for an
 * account money cannot be moved from; `owners` null when the source knows no owners.
 */
export interface AccountDetails {
  numbers: AccountNumbers | null;
  owners: OwnerData[] | null;
}

/**
 * How often a live source (one Weft reads over the network) is read again on the worker role
 * (products/live-refresh). Sources whose data changes only when written (the sandbox, statement
 * files) have no schedule.
 */
export interface LiveSchedule {
  /** A healthy Item is read again this long after its last read, plus up to `jitterMs`. */
  everyMs: number;
  /**
   * No two reads of one Item closer than this, scheduled or asked for (/transactions/refresh,
   * /accounts/balance/get): what keeps Weft within a source's request quota.
   */
  minGapMs: number;
  /** Random delay added to each scheduled read, so Items linked together do not read together. */
  jitterMs?: number;
  /** Failed reads are retried after minGapMs, doubling per failure, up to this. */
  maxBackoffMs?: number;
}

/**
 * One data source. Products never call connectors for balances or transactions: refresh jobs
 * write what `refresh` returns into the store through the store writer, and products read only
 * the store. Each institution belongs to exactly one connector (connectors/registry.ts).
 */
export interface Connector {
  readonly id: string;
  /** The institutions this source serves. */
  readonly institutions: readonly Institution[];
  /** False when its institutions are found by id but not listed among banks. */
  readonly listed: boolean;
  /**
   * The environments whose clients may see and link its institutions: simulated banks are for
   * sandbox keys only, real sources for production keys (connectors/environments.ts).
   */
  readonly environments: readonly ('sandbox' | 'production')[];
  /**
   * Present on a source that reaches the network or opens stored secrets: the same source bound to
   * one Weft's outbound guard, key and configuration (ConnectorRegistry binds it at build).
   */
  bind?(deps: ConnectorDeps): Connector;
  /** Runs one link step. */
  link(step: LinkStep, input: LinkInput): Promise<LinkResult>;
  /**
   * Reads the source again; `since` (an ISO date) bounds the transactions returned, null for all.
   * A read that moves on from `context.previous` also returns earlier transactions that were still
   * pending then. Without a context, a source that needs the store's accounts returns none.
   */
  refresh(source: LinkedSource, since: string | null, context?: ReadContext): Promise<SourceRefresh>;
  /** Whether the login can still be read. */
  health(source: LinkedSource): Promise<SourceHealth>;
  /**
   * Numbers and owners of accounts the store holds, in the store's order. Sources that state them
   * once (statement files) leave them to the store; the sandbox derives them from the login's seed.
   * Asked once per account, when the store writes it (products/items/account-details.store.ts).
   */
  details(source: LinkedSource, accounts: readonly StoredAccountRef[]): Promise<AccountDetails[]>;
  /** Present on a source with investment accounts: their securities, holdings and trades. */
  readonly investments?: InvestmentsSource;
  /** Present on a source that knows its cards' and loans' terms: their liabilities. */
  readonly liabilities?: LiabilitiesSource;
  /** Present on a payroll provider: the login's employment, paystubs and W-2s. */
  readonly payroll?: PayrollSource;
  /**
   * Present on a source whose accounts a payment settles against at once (the sandbox); without
   * one, a payer's account moves only when its source is read again.
   */
  readonly payerLedger?: PayerLedger;
  /**
   * Present on a live source: its Items are read again on this schedule by the worker role, each
   * read opening the login's sealed secrets with the key it is bound to. A live source's `refresh`
   * throws a PlaidError when the read fails: ITEM_LOGIN_REQUIRED (the user must link again) puts
   * the Item into that error; any other code is retried with backoff.
   */
  readonly schedule?: LiveSchedule;
}
