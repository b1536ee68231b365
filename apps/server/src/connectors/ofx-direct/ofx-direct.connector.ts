import { createHash, randomUUID } from 'node:crypto';
import { PlaidError } from '../../http/errors';
import type { SecretBox } from '../../lib/crypto';
import type { OutboundGuard } from '../../lib/outbound-guard';
import type {
  AccountDetails,
  Connector,
  ConnectorDeps,
  ConnectorLogin,
  LinkedSource,
  LinkInput,
  LinkResult,
  LinkStep,
  LiveSchedule,
  NormalizedAccount,
  ReadContext,
  SourceHealth,
  SourceRefresh,
  StoredAccountRef,
} from '../connector';
import type { Institution } from '../institution';
import { parseStatement, type StatementAccount } from '../ofx-reading';
import type { SourceAccount, SourceTransaction } from '../source-data';
import {
  directoryServer,
  OFX_DIRECTORY_INSTITUTIONS,
  OFX_SERVER_INSTITUTION,
  OFX_SERVER_INSTITUTION_ID,
  type OfxServer,
} from './directory';
import { type AccountRef, buildRequest, type OfxRequestBody, type Signon } from './request';
import { type ListedAccount, NotOfxError, type OfxAnswer, readAnswer } from './response';
import { DEFAULT_OFX_SETTINGS, type OfxSettings } from './settings';
import { OFX_CODES, type Phase, serverError, signonError, transportError } from './status';
import { OfxTransportError, postOfx } from './transport';

/** An account the login reads, as its statement requests name it; `key` is the store's. */
export type KnownAccount = AccountRef & { key: string; desc: string | null };

/** What an OFX Item keeps in clear (items.login's `extra`): nothing that signs on. */
export interface OfxLoginExtra {
  /** The server of a login made with a URL, ORG and FID; null for a directory bank (read at each use). */
  server: OfxServer | null;
  /** Generated once per Item and sent in every signon: banks that register clients know it. */
  clientUid: string;
  appId: string;
  appVer: string;
  /** The accounts, in the order the Item was created with. */
  accounts: KnownAccount[];
}

/** What an OFX Item keeps sealed: what signs on. */
interface OfxSecrets {
  userId: string;
  password: string;
  accessKey?: string;
  /**
   * The CLIENTUID of the login that gave these secrets. Link's update mode replaces an Item's
   * secrets but not its clear record: the CLIENTUID the bank last accepted (and tied any access
   * key to) travels with them.
   */
  clientUid?: string;
}

/** What Link keeps between an MFA challenge and its answers (in clear: nothing that signs on). */
interface MfaState {
  clientUid: string;
  phraseIds: string[];
  server: OfxServer | null;
  appId: string;
  appVer: string;
}

/** A login to a server the user names rather than a directory bank (the CLI). */
export interface ServerLogin {
  server: OfxServer;
  userId: string;
  password: string;
  appId?: string;
  appVer?: string;
  /** Answers to the server's MFA questions, in the order it asks them; for one who cannot be asked. */
  mfaAnswers?: readonly string[];
}

/** Days of transactions read while linking: enough for balances and the first update. */
const LINK_DAYS = 30;

/** How long a link's read waits for the Item's first pull (Link's account selection comes between). */
const LINK_READ_TTL_MS = 10 * 60_000;

/** What one download of statements gave, in the store's terms. */
interface StatementsRead {
  accounts: SourceAccount[];
  transactions: SourceTransaction[];
}

/**
 * OFX banks update their downloads once or a few times a day, and some lock a login that signs on
 * too often: read twice a day, never within an hour of the last read.
 */
const OFX_SCHEDULE: LiveSchedule = {
  everyMs: 12 * 3600_000,
  minGapMs: 3600_000,
  jitterMs: 3600_000,
  maxBackoffMs: 24 * 3600_000,
};

/** The environment a login's failures are reported in. */
interface Session {
  server: OfxServer;
  signon: Signon;
  phase: Phase;
}

/**
 * OFX Direct Connect: the protocol Quicken and other desktop programs use to download statements
 * from a bank's own server. A login is a user id and password (plus MFA answers where the server
 * asks); Weft lists the accounts (ACCTINFORQ) and downloads statements (STMTRQ, CCSTMTRQ) from
 * `since`, and reads them with the statement-file parsers. Everything is posted (OFX has no
 * pending), ids are the bank's FITIDs, and balances are the statements' ledger balances.
 *
 * The registry's default instance knows only its institutions; Weft binds it to its outbound
 * guard, key and settings at build (`bind`), and only a bound instance reaches a server.
 */
export class OfxDirectConnector implements Connector {
  readonly id: string;
  readonly institutions: readonly Institution[];
  readonly listed: boolean;
  // A user's own bank is real data: production keys only, as Plaid's real institutions are.
  readonly environments = ['production'] as const;
  readonly schedule = OFX_SCHEDULE;

  constructor(
    private readonly kind: 'directory' | 'server',
    /** Absent on the registry's default instance, which reaches no server. */
    private readonly deps: {
      guard: OutboundGuard;
      secretBox: SecretBox | null;
      settings: OfxSettings;
    } | null = null,
    /** The clock statements are dated by (tests fix it). */
    private readonly now: () => Date = () => new Date(),
  ) {
    this.id = kind === 'directory' ? 'ofx' : 'ofx-server';
    this.institutions = kind === 'directory' ? OFX_DIRECTORY_INSTITUTIONS : [OFX_SERVER_INSTITUTION];
    // Directory banks are listed for production keys; a named server is found by id only.
    this.listed = kind === 'directory';
  }

  /**
   * The statements each link just read, by CLIENTUID, until the Item's first pull takes them: the
   * pull then needs no second signon (banks lock logins that sign on too often), and no request
   * to the bank runs inside the Item's creation transaction.
   */
  private readonly linkReads = new Map<string, { since: string; read: StatementsRead; until: number }>();

  /** A link's read when it covers `since`, taken once; expired ones are dropped on the way. */
  private justLinked(clientUid: string, since: string | null): StatementsRead | undefined {
    const now = Date.now();
    for (const [k, v] of this.linkReads) if (v.until < now) this.linkReads.delete(k);
    const hit = this.linkReads.get(clientUid);
    if (!hit || since === null || since < hit.since) return undefined;
    this.linkReads.delete(clientUid);
    return {
      accounts: hit.read.accounts,
      transactions: hit.read.transactions.filter((t) => t.date >= since),
    };
  }

  private get settings(): OfxSettings {
    return this.deps?.settings ?? DEFAULT_OFX_SETTINGS;
  }

  bind(deps: ConnectorDeps): OfxDirectConnector {
    return new OfxDirectConnector(
      this.kind,
      { guard: deps.outbound, secretBox: deps.secretBox, settings: deps.config.ofx },
      this.now,
    );
  }

  async link(step: LinkStep, input: LinkInput): Promise<LinkResult> {
    if (step.kind === 'authorized' || !input.username || !input.password)
      return {
        status: 'error',
        error: new PlaidError('INVALID_CREDENTIALS', 'a user id and password are required'),
      };
    if (step.kind === 'mfa') {
      const state = parseMfaState(step.state);
      if (!state)
        return { status: 'error', error: new PlaidError('INVALID_MFA', 'no MFA challenge is pending') };
      const server = state.server ?? this.serverOf(input.institutionId);
      if (!server) return { status: 'error', error: new PlaidError('INVALID_INSTITUTION') };
      if (step.answers.length !== state.phraseIds.length)
        return {
          status: 'error',
          error: new PlaidError('INVALID_MFA', `the bank asked ${state.phraseIds.length} questions`),
        };
      return this.signOn(server, {
        userId: input.username,
        password: input.password,
        clientUid: state.clientUid,
        appId: state.appId,
        appVer: state.appVer,
        custom: state.server !== null,
        mfaAnswers: state.phraseIds.map((phraseId, i) => ({ phraseId, answer: step.answers[i] ?? '' })),
      });
    }
    const server = this.serverOf(input.institutionId);
    if (!server) return { status: 'error', error: new PlaidError('INVALID_INSTITUTION') };
    return this.signOn(server, {
      userId: input.username,
      password: input.password,
      clientUid: randomUUID(),
      appId: this.settings.appId,
      appVer: this.settings.appVer,
      custom: false,
    });
  }

  /**
   * Links a server the user names (URL, ORG, FID): what `weft connect ofx` runs. MFA questions
   * are answered from `mfaAnswers` in the order asked; without enough answers the link fails
   * with INVALID_MFA naming the questions.
   */
  async linkServer(login: ServerLogin): Promise<LinkResult> {
    const creds = {
      userId: login.userId,
      password: login.password,
      clientUid: randomUUID(),
      appId: login.appId ?? this.settings.appId,
      appVer: login.appVer ?? this.settings.appVer,
      custom: true,
    };
    const first = await this.signOn(login.server, creds);
    if (first.status !== 'mfa') return first;
    const state = parseMfaState(first.state)!;
    const answers = login.mfaAnswers ?? [];
    if (first.challenge.type !== 'questions' || answers.length < state.phraseIds.length)
      return {
        status: 'error',
        error: new PlaidError(
          'INVALID_MFA',
          `the bank asks: ${first.challenge.type === 'questions' ? first.challenge.questions.join(' | ') : 'an MFA step'}; answer each question in order`,
        ),
      };
    return this.signOn(login.server, {
      ...creds,
      mfaAnswers: state.phraseIds.map((phraseId, i) => ({ phraseId, answer: answers[i]! })),
    });
  }

  async refresh(source: LinkedSource, since: string | null, context?: ReadContext): Promise<SourceRefresh> {
    const extra = loginExtra(source.login);
    const secrets = this.secretsOf(source);
    const server = extra?.server ?? this.serverOf(source.institutionId);
    if (!extra || !server || !secrets)
      throw new PlaidError('ITEM_LOGIN_REQUIRED', 'this item holds no OFX login to read with; link it again');
    const session: Session = {
      server,
      phase: 'refresh',
      signon: {
        userId: secrets.userId,
        password: secrets.password,
        org: server.org,
        fid: server.fid,
        appId: extra.appId,
        appVer: extra.appVer,
        clientUid: secrets.clientUid ?? extra.clientUid,
        ...(secrets.accessKey ? { accessKey: secrets.accessKey } : {}),
      },
    };
    const read =
      this.justLinked(secrets.clientUid ?? extra.clientUid, since) ??
      (await this.statements(session, extra.accounts, since));
    return {
      ...read,
      owners: {},
      day: context?.day ?? this.now().toISOString().slice(0, 10),
      complete: since === null,
    };
  }

  /**
   * Healthy without asking the bank: a health scan runs every minute, and a bank locks a login
   * that signs on that often. A login that stops working fails its next scheduled read instead
   * (ITEM_LOGIN_REQUIRED, ITEM_LOCKED), which puts the Item in that error.
   */
  async health(): Promise<SourceHealth> {
    return { status: 'healthy' };
  }

  /** A bank account's statement states its routing (BANKID) and account number (ACCTID). */
  async details(source: LinkedSource, accounts: readonly StoredAccountRef[]): Promise<AccountDetails[]> {
    const known = loginExtra(source.login)?.accounts ?? [];
    return accounts.map((a) => {
      const k = known[a.position];
      if (k?.kind !== 'bank' || a.type !== 'depository' || !/^\d{9}$/.test(k.bankId))
        return { numbers: null, owners: null };
      return { numbers: { ach: { account: k.acctId, routing: k.bankId, wire_routing: null } }, owners: null };
    });
  }

  /** A directory bank's server, with the operator's corrections. */
  private serverOf(institutionId: string): OfxServer | undefined {
    if (this.kind !== 'directory' || institutionId === OFX_SERVER_INSTITUTION_ID) return undefined;
    return directoryServer(institutionId, this.settings.servers);
  }

  /** The login's secrets: given open by the caller, or opened from the store's sealed copy. */
  private secretsOf(source: LinkedSource): OfxSecrets | null {
    let raw: unknown = source.login.secrets;
    const box = this.deps?.secretBox;
    if (!raw && source.sealedSecrets && box) {
      try {
        raw = JSON.parse(box.open(source.sealedSecrets));
      } catch {
        return null;
      }
    }
    const s = raw as Partial<OfxSecrets> | undefined;
    if (!s || typeof s.userId !== 'string' || typeof s.password !== 'string') return null;
    return {
      userId: s.userId,
      password: s.password,
      ...(typeof s.accessKey === 'string' ? { accessKey: s.accessKey } : {}),
      ...(typeof s.clientUid === 'string' ? { clientUid: s.clientUid } : {}),
    };
  }

  /**
   * Signs on and lists the accounts; on an MFA challenge, asks for its questions and returns them;
   * on success, downloads the last LINK_DAYS of statements for balances and returns the login.
   */
  private async signOn(
    server: OfxServer,
    c: {
      userId: string;
      password: string;
      clientUid: string;
      appId: string;
      appVer: string;
      custom: boolean;
      mfaAnswers?: Signon['mfaAnswers'];
    },
  ): Promise<LinkResult> {
    const session: Session = {
      server,
      phase: 'link',
      signon: {
        userId: c.userId,
        password: c.password,
        org: server.org,
        fid: server.fid,
        appId: c.appId,
        appVer: c.appVer,
        clientUid: c.clientUid,
        ...(c.mfaAnswers ? { mfaAnswers: c.mfaAnswers } : {}),
      },
    };
    try {
      const answer = await this.exchange(session, [{ type: 'account-info' }], { allowMfa: true });
      if (answer.signon.code === OFX_CODES.MFA_REQUIRED) {
        const challenge = await this.exchange(
          { ...session, signon: { ...session.signon, mfaAnswers: [] } },
          [{ type: 'mfa-challenge' }],
          { allowMfa: true },
        );
        const questions = challenge.mfa?.questions ?? [];
        if (challenge.mfa?.status.code !== 0 || questions.length === 0)
          throw new PlaidError('MFA_NOT_SUPPORTED', 'the bank asks for an MFA step it did not describe');
        const state: MfaState = {
          clientUid: c.clientUid,
          phraseIds: questions.map((q) => q.phraseId),
          server: c.custom ? server : null,
          appId: c.appId,
          appVer: c.appVer,
        };
        return {
          status: 'mfa',
          challenge: { type: 'questions', questions: questions.map((q) => q.label) },
          state: JSON.stringify(state),
        };
      }
      const info = answer.accountInfo;
      if (info?.status.code !== 0)
        throw serverError(`the account list came back with status ${info?.status.code ?? 'none'}`);
      const accounts = info.accounts.map(knownAccount);
      if (accounts.length === 0)
        throw new PlaidError('NO_ACCOUNTS', 'the bank lists no bank or credit card account for this login');
      // Later sessions send the key the bank handed out after MFA instead of the answers.
      if (answer.accessKey)
        session.signon = { ...session.signon, accessKey: answer.accessKey, mfaAnswers: [] };
      const since = isoDay(new Date(this.now().getTime() - LINK_DAYS * 86_400_000));
      const read = await this.statements(session, accounts, since);
      this.linkReads.set(c.clientUid, { since, read, until: Date.now() + LINK_READ_TTL_MS });
      const extra: OfxLoginExtra = {
        server: c.custom ? server : null,
        clientUid: c.clientUid,
        appId: c.appId,
        appVer: c.appVer,
        accounts,
      };
      const secrets: OfxSecrets = {
        userId: c.userId,
        password: c.password,
        clientUid: c.clientUid,
        ...(answer.accessKey ? { accessKey: answer.accessKey } : {}),
      };
      const login: ConnectorLogin = {
        // Items keep `username` in clear: a digest names the login (update mode compares it) without it.
        username: `ofx_${createHash('sha256').update(`${server.fid}\u0000${c.userId}`).digest('hex').slice(0, 24)}`,
        seed: c.clientUid,
        extra: extra as unknown as Record<string, unknown>,
        secrets: secrets as unknown as Record<string, string>,
      };
      const normalized: NormalizedAccount[] = read.accounts.map(
        ({ balanceStated, balanceDate, numbers, ...a }) => a,
      );
      return { status: 'linked', login, accounts: normalized };
    } catch (e) {
      if (e instanceof PlaidError) return { status: 'error', error: e };
      throw e;
    }
  }

  /** Downloads statements of `accounts` from `since`: every account, in their order. */
  private async statements(
    session: Session,
    accounts: readonly KnownAccount[],
    since: string | null,
  ): Promise<StatementsRead> {
    const bodies: OfxRequestBody[] = accounts.map((a) => ({ type: 'statement', account: a, since }));
    const { answer, bytes } = await this.post(session, bodies);
    if (answer.signon.code !== 0 && answer.signon.code !== OFX_CODES.CLIENT_UP_TO_DATE)
      throw signonError(answer.signon, session.phase);
    const failed = answer.statements.filter((s) => s.status.code !== 0);
    if (
      accounts.length > 0 &&
      failed.length >= accounts.length &&
      failed.every((s) => s.status.code < 2003 || s.status.code > 2005)
    )
      throw serverError(`every statement came back with status ${failed[0]!.status.code}`);
    const parsed = parseStatement(bytes, { format: 'ofx' });
    const statements: StatementAccount[] = parsed.ok ? parsed.statement.accounts : [];
    // A body that holds statements the parsers cannot read is the server's fault, not an empty login.
    if (!parsed.ok && parsed.error.code !== 'NO_ACCOUNTS') throw serverError(parsed.error.message);
    const out: SourceAccount[] = [];
    const transactions: SourceTransaction[] = [];
    for (const known of accounts) {
      const st =
        statements.find((s) => s.key === known.key) ??
        statements.find((s) => s.accountNumber === known.acctId);
      out.push(sourceAccount(known, st));
      for (const t of st?.transactions ?? [])
        transactions.push({
          accountKey: known.key,
          id: t.id,
          date: t.date,
          authorizedDate: t.authorizedDate,
          datetime: utcInstant(t.datetime),
          amount: t.amount,
          currency: t.currency,
          description: (t.name || t.payee || t.memo || 'TRANSACTION').trim(),
          pending: false,
          checkNumber: t.checkNumber,
        });
    }
    return { accounts: out, transactions };
  }

  /** One request whose signon must succeed (or challenge, when `allowMfa`). */
  private async exchange(
    session: Session,
    bodies: readonly OfxRequestBody[],
    opts: { allowMfa: boolean },
  ): Promise<OfxAnswer> {
    const { answer } = await this.post(session, bodies);
    const code = answer.signon.code;
    if (code === 0 || code === OFX_CODES.CLIENT_UP_TO_DATE) return answer;
    if (code === OFX_CODES.MFA_REQUIRED && opts.allowMfa && !session.signon.mfaAnswers?.length) return answer;
    throw signonError(answer.signon, session.phase);
  }

  /** POSTs a request and reads its envelope; every failure is the institution's Plaid error. */
  private async post(
    session: Session,
    bodies: readonly OfxRequestBody[],
  ): Promise<{ answer: OfxAnswer; bytes: Buffer }> {
    if (!this.deps)
      throw new PlaidError(
        'INSTITUTION_NOT_AVAILABLE',
        'OFX Direct Connect is not set up in this Weft process',
      );
    const { settings, guard } = this.deps;
    if (!carriesPasswords(session.server.url, guard))
      throw new PlaidError(
        'INSTITUTION_NOT_AVAILABLE',
        'OFX servers are reached over https: a password is never sent in clear to another machine',
      );
    const body = buildRequest(session.server.version, session.signon, bodies, this.now());
    let res: Awaited<ReturnType<typeof postOfx>>;
    try {
      res = await postOfx(session.server.url, body, {
        guard,
        timeoutMs: settings.timeoutMs,
        maxResponseBytes: settings.maxResponseBytes,
        ca: settings.ca,
        // A redirect must not take the password somewhere the first URL could not have.
        mayFollow: (next) => carriesPasswords(next, guard),
      });
    } catch (e) {
      if (e instanceof OfxTransportError) throw transportError(e);
      throw e;
    }
    if (res.status >= 500) throw serverError(`HTTP ${res.status}`);
    try {
      return { answer: readAnswer(res.body), bytes: res.body };
    } catch (e) {
      if (!(e instanceof NotOfxError)) throw e;
      throw serverError(res.status >= 300 ? `HTTP ${res.status}` : e.message);
    }
  }
}

/** The account list's entry as a statement request names it, with the key its statements get. */
function knownAccount(a: ListedAccount): KnownAccount {
  if (a.kind === 'cc') return { kind: 'cc', acctId: a.acctId, desc: a.desc, key: `ofx:cc::${a.acctId}` };
  return {
    kind: 'bank',
    bankId: a.bankId,
    branchId: a.branchId,
    acctId: a.acctId,
    acctType: a.acctType,
    desc: a.desc,
    key: `ofx:bank:${a.bankId}:${a.acctId}:${a.acctType}`,
  };
}

const BANK_TYPES: Readonly<Record<string, [string, string]>> = {
  CHECKING: ['depository', 'checking'],
  SAVINGS: ['depository', 'savings'],
  MONEYMRKT: ['depository', 'money market'],
  CD: ['depository', 'cd'],
  CREDITLINE: ['loan', 'line of credit'],
};

/** An account as the store takes it: the statement's balance and numbers where one came back. */
function sourceAccount(known: KnownAccount, st: StatementAccount | undefined): SourceAccount {
  const [type, subtype] =
    known.kind === 'cc' ? ['credit', 'credit card'] : (BANK_TYPES[known.acctType] ?? ['depository', null]);
  const digits = known.acctId.replace(/[^0-9A-Za-z]/g, '');
  const lastDate =
    st?.transactions.reduce<string | null>((max, t) => (max && max >= t.date ? max : t.date), null) ?? null;
  const label = known.kind === 'cc' ? 'Credit card' : `${subtype ?? 'account'}`;
  return {
    key: known.key,
    name: known.desc ?? `${label.charAt(0).toUpperCase()}${label.slice(1)} ${digits.slice(-4)}`,
    officialName: null,
    mask: digits.length >= 2 ? digits.slice(-4) : null,
    type,
    subtype,
    current: st?.balance ? st.balance.current : null,
    available: st?.available ?? null,
    limit: null,
    currency: st?.currency ?? 'USD',
    balanceStated: Boolean(st?.balance),
    balanceDate: st?.balance?.date ?? lastDate,
    numbers:
      known.kind === 'bank'
        ? {
            account: known.acctId,
            routing: known.bankId,
            wireRouting: null,
            branch: known.branchId ?? null,
            iban: null,
            bic: null,
          }
        : null,
  };
}

function loginExtra(login: ConnectorLogin): OfxLoginExtra | null {
  const e = login.extra as Partial<OfxLoginExtra> | undefined;
  if (!e || typeof e.clientUid !== 'string' || !Array.isArray(e.accounts)) return null;
  return {
    server: e.server ?? null,
    clientUid: e.clientUid,
    appId: typeof e.appId === 'string' ? e.appId : DEFAULT_OFX_SETTINGS.appId,
    appVer: typeof e.appVer === 'string' ? e.appVer : DEFAULT_OFX_SETTINGS.appVer,
    accounts: e.accounts,
  };
}

function parseMfaState(raw: string): MfaState | null {
  try {
    const s = JSON.parse(raw) as Partial<MfaState>;
    if (typeof s.clientUid !== 'string' || !Array.isArray(s.phraseIds)) return null;
    return {
      clientUid: s.clientUid,
      phraseIds: s.phraseIds.filter((p): p is string => typeof p === 'string'),
      server: s.server ?? null,
      appId: typeof s.appId === 'string' ? s.appId : DEFAULT_OFX_SETTINGS.appId,
      appVer: typeof s.appVer === 'string' ? s.appVer : DEFAULT_OFX_SETTINGS.appVer,
    };
  } catch {
    return null;
  }
}

/**
 * Whether a password may go to this URL: https anywhere, plain http only to this machine and only
 * where the operator allows loopback targets (a fake server under test, a local proxy).
 */
function carriesPasswords(url: string, guard: OutboundGuard): boolean {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return false;
  }
  if (u.protocol === 'https:') return true;
  const host = u.hostname.replace(/^\[|\]$/g, '');
  return (
    u.protocol === 'http:' &&
    guard.allow === 'loopback' &&
    (host === 'localhost' || host === '::1' || /^127\./.test(host))
  );
}

function isoDay(d: Date): string {
  return d.toISOString().slice(0, 10);
}

/** A statement's date-time with offset as Plaid's UTC instant. */
function utcInstant(datetime: string | null): string | null {
  if (!datetime) return null;
  const ms = Date.parse(datetime);
  return Number.isNaN(ms) ? null : `${new Date(ms).toISOString().slice(0, 19)}Z`;
}
