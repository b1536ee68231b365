import type { Kysely } from 'kysely';
import type { SignalEvaluateCoreAttributes } from 'plaid';
import type { ConnectorRegistry } from '../../connectors/registry';
import type { Database, Db } from '../../db/schema';
import type { AccountsTable, ItemsTable } from '../../db/tables/core';
import type { SignalEvaluationsTable } from '../../db/tables/signal';
import type { TransactionsStateTable } from '../../db/tables/transactions';
import {
  type AttributeInput,
  accountAttributes,
  type CoreAttributes,
  contextAttributes,
  type IdentityKind,
  windowStart,
} from '../../engines/signal/attributes';
import { RETURN_CODE } from '../../engines/signal/calibration';
import { type SignalScores, scoreEvaluation } from '../../engines/signal/model';
import { type Ruleset, type RulesetOutcome, runRuleset } from '../../engines/signal/rulesets';
import { errors, PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { dayNumber } from '../../lib/days';
import { EpochCache } from '../../lib/epoch-cache';
import { sha256 } from '../../lib/ids';
import { toMinor } from '../../lib/money';
import { AccountsRepository } from '../accounts/accounts.repository';
import type { ItemsService } from '../items/items.service';
import { billProduct } from '../items/product-billing';
import { initializeTransactions, loadHistory } from '../transactions/transactions.pull';
import { TransactionsRepository } from '../transactions/transactions.repository';
import type { EvaluationLog } from './signal.evaluation-log';
import { decimalAttributes } from './signal.presenter';
import { type AccountHistory, SignalRepository } from './signal.repository';
import { type Schedule, scheduleFor } from './signal.schedule';
import type {
  SignalDecisionReportBody,
  SignalEvaluateBody,
  SignalReturnReportBody,
  SignalScheduleBody,
} from './signal.schemas';
import { loadRuleset } from './signal-rulesets';

/** What an evaluation answers with (the presenter shapes it). */
export interface Evaluation {
  scores: SignalScores;
  attributes: CoreAttributes;
  /** The attributes in Plaid's units (money in decimals). */
  decimalAttributes: SignalEvaluateCoreAttributes;
  currency: string;
  ruleset: { key: string; outcome: RulesetOutcome };
}

/**
 * An account's history and the attributes it gives on its own, also in Plaid's units: an
 * evaluation lays the attributes that vary (none of them money) over both.
 */
type AccountSummary = AccountHistory & { base: CoreAttributes; decimals: SignalEvaluateCoreAttributes };

/** The account as the attributes read it. */
function accountInput(account: AccountsTable): AttributeInput['account'] {
  return {
    type: account.type,
    subtype: account.subtype,
    current: account.balance_current,
    available: account.balance_available,
    balanceUpdatedAt: account.updated_at,
  };
}

/** What an account's evaluation reads from the store, on the day the Item's data stands at. */
interface AccountData {
  item: ItemsTable;
  account: AccountsTable;
  day: string;
  state: TransactionsStateTable;
}

/**
 * Signal: return-risk evaluations of an Item's accounts from the store's balances and
 * transactions, and the decisions and returns clients report on them.
 */
export class SignalService {
  /**
   * Accounts' histories as last read, by the Item's data version (its transactions' change counter
   * and update time, and the account's): any write to either makes a new key, so an entry is never
   * stale, whichever process wrote.
   */
  private readonly histories = new Map<string, Promise<AccountSummary>>();

  private readonly accounts: EpochCache<{
    account: AccountsTable | undefined;
    state: TransactionsStateTable;
  }>;
  private readonly connections: EpochCache<string[]>;
  private readonly rulesets: EpochCache<Ruleset>;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly items: ItemsService,
    private readonly clock: Clock,
    private readonly connectors: ConnectorRegistry,
    private readonly log: EvaluationLog,
    changeEpoch: () => number | null = () => null,
  ) {
    this.accounts = new EpochCache(changeEpoch);
    this.connections = new EpochCache(changeEpoch);
    this.rulesets = new EpochCache(changeEpoch);
  }

  /** Writes the evaluations answered so far (before anything reads them back). */
  flush(): Promise<void> {
    return this.log.flush();
  }

  /** Collects a new Item's transactions when it was linked for signal and nothing else did. */
  async onItemCreated(trx: Db, item: ItemsTable, accounts: AccountsTable[]): Promise<void> {
    const products = JSON.parse(item.products) as string[];
    if (!products.includes('signal') || (await new TransactionsRepository(trx).state(item.item_id))) return;
    await initializeTransactions(trx, this.connectors.get(item.connector), item, accounts, this.clock.now());
  }

  /** /signal/evaluate: scores the planned debit, runs the ruleset and records the evaluation. */
  async evaluate(clientId: string, body: SignalEvaluateBody): Promise<Evaluation> {
    const rulesetKey = body.ruleset_key ?? null;
    const ruleset = await this.rulesets.get(`${clientId}\u0000${rulesetKey ?? ''}`, () =>
      loadRuleset(this.db, clientId, rulesetKey),
    );
    const data = await this.accountData(clientId, body.access_token, body.account_id);
    const { account, day } = data;
    const currency = account.iso_currency_code;
    const amount = amountOf(body.amount, currency);
    const repo = new SignalRepository(this.db);
    const identities = identityValues(body);
    // Values of evaluations answered but not yet written count too; taken before the read, so a
    // batch that commits meanwhile is seen in one or the other.
    const queued = this.log.pendingIdentities(clientId, account.account_id).map((i) => ({
      kind: i.kind,
      value: i.value_hash,
      firstSeen: i.first_seen,
      lastSeen: i.last_seen,
    }));
    const [history, connections, sightings] = await Promise.all([
      this.historyOf(data),
      this.connections.get(`${data.item.item_id}\u0000${account.mask}\u0000${account.subtype}`, () =>
        repo.connectionTimes(data.item, account.mask, account.subtype),
      ),
      // Read afresh: a batch just committed must be seen as soon as it leaves the log.
      repo.identities(clientId, account.account_id),
    ]);
    // This evaluation's own values count as seen today.
    const seenNow = identities.map((v) => ({
      kind: v.kind,
      value: v.value_hash,
      firstSeen: day,
      lastSeen: day,
    }));
    const stored = new Set(sightings.map((s) => `${s.kind}\u0000${s.value}`));
    const earlier = [...sightings, ...queued.filter((q) => !stored.has(`${q.kind}\u0000${q.value}`))];
    const known = new Set(earlier.map((s) => `${s.kind}\u0000${s.value}`));
    const nowKeys = new Set([...seenNow, ...queued].map((s) => `${s.kind}\u0000${s.value}`));
    const context = contextAttributes(
      {
        day,
        account: accountInput(account),
        connectionDays: connections.map((c) => c.slice(0, 10)),
        identities: [
          ...earlier.map((s) => (nowKeys.has(`${s.kind}\u0000${s.value}`) ? { ...s, lastSeen: day } : s)),
          ...seenNow.filter((s) => !known.has(`${s.kind}\u0000${s.value}`)),
        ],
      },
      amount,
    );
    const historyDays =
      history.firstTransactionDate === null ? null : dayNumber(day) - dayNumber(history.firstTransactionDate);
    const attributes: CoreAttributes = { ...history.base, ...context };
    const scores = scoreEvaluation({ attributes, amount, historyDays });
    // As decimalAttributes(attributes) gives, in the same order: the context holds no money.
    const decimals: SignalEvaluateCoreAttributes = { ...history.decimals, ...context };
    const outcome = runRuleset(ruleset, {
      customer_initiated_score: scores.customer.score,
      bank_initiated_score: scores.bank.score,
      amount: body.amount,
      attributes: decimals,
    });
    const row = {
      client_id: clientId,
      client_transaction_id: body.client_transaction_id,
      item_id: data.item.item_id,
      account_id: account.account_id,
      amount,
      iso_currency_code: currency,
      customer_score: scores.customer.score,
      customer_tier: scores.customer.riskTier,
      customer_ppm: Math.round(scores.customer.probability * 1e6),
      bank_score: scores.bank.score,
      bank_tier: scores.bank.riskTier,
      bank_ppm: Math.round(scores.bank.probability * 1e6),
      ruleset_key: ruleset.ruleset_key,
      result: outcome.result,
      explanation: JSON.stringify({
        day,
        history_days: historyDays,
        attributes,
        customer_initiated: {
          log_odds: scores.customer.logOdds,
          contributions: scores.customer.contributions,
        },
        bank_initiated: { log_odds: scores.bank.logOdds, contributions: scores.bank.contributions },
        rule_index: outcome.ruleIndex,
      }),
      client_user_id: body.client_user_id ?? null,
      created_at: this.clock.now().toISOString(),
    };
    // An id queued here is refused at once; one already stored (by any process) is refused when
    // the log's insert finds it taken, so no lookup precedes the write.
    if (this.log.has(clientId, body.client_transaction_id))
      throw new PlaidError('CLIENT_TRANSACTION_ID_ALREADY_IN_USE');
    await this.log.add({
      row,
      identities: identities.map((v) => ({
        client_id: clientId,
        account_id: account.account_id,
        ...v,
        first_seen: day,
        last_seen: day,
      })),
    });
    if (!(JSON.parse(data.item.products) as string[]).includes('signal'))
      await billProduct(this.db, this.clock, data.item, 'signal');
    return {
      scores,
      attributes,
      decimalAttributes: decimals,
      currency,
      ruleset: { key: ruleset.ruleset_key, outcome },
    };
  }

  /**
   * The account's 90 days and the attributes they give, from the cache while the Item's data and
   * the account's balances are unchanged.
   */
  private historyOf(data: AccountData): Promise<AccountSummary> {
    const { item, account, state, day } = data;
    const key = [
      item.item_id,
      account.account_id,
      day,
      state.seq,
      state.updated_at,
      state.last_successful_update,
      account.updated_at,
      account.balance_current,
      account.balance_available,
      account.iso_currency_code,
    ].join('\u0000');
    const hit = this.histories.get(key);
    if (hit) return hit;
    if (this.histories.size >= 1_000) this.histories.clear();
    const read = new SignalRepository(this.db)
      .accountHistory(item.item_id, account.account_id, windowStart(day))
      .then((history) => {
        const base = accountAttributes({
          day,
          account: accountInput(account),
          transactions: history.transactions,
          firstTransactionDate: history.firstTransactionDate,
          transactionsUpdatedAt: state.last_successful_update ?? state.created_at,
        });
        return { ...history, base, decimals: decimalAttributes(base, account.iso_currency_code) };
      });
    this.histories.set(key, read);
    read.catch(() => this.histories.delete(key));
    return read;
  }

  /** /signal/prepare: opts the Item in to Signal, collecting its transactions if nothing has yet. */
  async prepare(clientId: string, accessToken: string): Promise<void> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    await this.ensureData(item);
    await billProduct(this.db, this.clock, item, 'signal');
  }

  /** /signal/schedule: the business days ahead on which the debit is best made. */
  async schedule(clientId: string, body: SignalScheduleBody): Promise<Schedule> {
    const data = await this.accountData(clientId, body.access_token, body.account_id);
    const amount = amountOf(body.amount, data.account.iso_currency_code);
    const history = await new SignalRepository(this.db).accountHistory(
      data.item.item_id,
      data.account.account_id,
      windowStart(data.day),
    );
    return scheduleFor({
      day: data.day,
      amount,
      available: data.account.balance_available ?? data.account.balance_current,
      transactions: history.transactions,
    });
  }

  /** /signal/decision/report: whether the client made the payment it evaluated, and how. */
  async reportDecision(clientId: string, body: SignalDecisionReportBody): Promise<void> {
    await this.log.flush();
    const evaluation = await this.evaluationOf(clientId, body.client_transaction_id);
    const instantly = body.amount_instantly_available;
    await new SignalRepository(this.db).updateEvaluation(clientId, body.client_transaction_id, {
      initiated: body.initiated ? 1 : 0,
      decision_outcome: body.decision_outcome ?? null,
      payment_method: body.payment_method ?? null,
      days_funds_on_hold: body.days_funds_on_hold ?? null,
      amount_instantly_available:
        instantly === undefined || instantly === null
          ? null
          : amountOf(instantly, evaluation.iso_currency_code, true),
      submitted_at: body.submitted_at === undefined ? null : instant(body.submitted_at, 'submitted_at'),
      decision_reported_at: this.clock.now().toISOString(),
    });
  }

  /** /signal/return/report: the ACH return of a payment the client evaluated. */
  async reportReturn(clientId: string, body: SignalReturnReportBody): Promise<void> {
    if (!RETURN_CODE.test(body.return_code))
      throw errors.invalidField('return_code must be an ACH return code, such as R01');
    const returnedAt =
      body.returned_at === undefined || body.returned_at === null
        ? null
        : instant(body.returned_at, 'returned_at');
    await this.evaluationOf(clientId, body.client_transaction_id);
    await new SignalRepository(this.db).updateEvaluation(clientId, body.client_transaction_id, {
      return_code: body.return_code,
      returned_at: returnedAt,
      return_reported_at: this.clock.now().toISOString(),
    });
  }

  private async evaluationOf(clientId: string, clientTransactionId: string): Promise<SignalEvaluationsTable> {
    const found = await new SignalRepository(this.db).findEvaluation(clientId, clientTransactionId);
    if (!found)
      throw errors.invalidField(
        `client_transaction_id ${JSON.stringify(clientTransactionId)} does not name a transaction evaluated with /signal/evaluate`,
      );
    return found;
  }

  /** The Item, the depository account asked for and the day its data stands at. */
  private async accountData(clientId: string, accessToken: string, accountId: string): Promise<AccountData> {
    const item = await this.items.resolveHealthy(clientId, accessToken);
    const load = async () => ({
      account: (await new AccountsRepository(this.db).list(item.item_id, [accountId]))[0],
      state: await this.ensureData(item),
    });
    let entry = await this.accounts.get(`${item.item_id}\u0000${accountId}`, load);
    // An Item whose history is still to come is read afresh, so the history is loaded once due.
    if (!entry.state.historical_loaded) entry = await load();
    const { account, state } = entry;
    if (!account) throw errors.invalidAccountId();
    if (account.type !== 'depository')
      throw new PlaidError('INVALID_ACCOUNT_ID', 'signal evaluates debits from depository accounts only');
    const today = this.clock.now().toISOString().slice(0, 10);
    return { item, account, state, day: state.sim_date.localeCompare(today) > 0 ? state.sim_date : today };
  }

  /**
   * The Item's transactions state, starting the pull for an Item that never had one (as Plaid
   * collects an Item's data on its first Signal call) and completing a historical pull that is due.
   */
  private async ensureData(item: ItemsTable): Promise<TransactionsStateTable> {
    const repo = new TransactionsRepository(this.db);
    const connector = this.connectors.get(item.connector);
    let state = await repo.state(item.item_id);
    if (!state) {
      await this.db.transaction().execute(async (trx) => {
        if (await new TransactionsRepository(trx).state(item.item_id)) return;
        const accounts = await new AccountsRepository(trx).listAll(item.item_id);
        await initializeTransactions(trx, connector, item, accounts, this.clock.now());
      });
      state = (await repo.state(item.item_id))!;
    }
    const now = this.clock.now();
    if (!state.historical_loaded && now.toISOString() >= state.historical_ready_at) {
      await loadHistory(this.db, connector, item, now);
      state = (await repo.state(item.item_id))!;
    }
    return state;
  }
}

/** Minor units of a debit amount in the account's currency; INVALID_FIELD unless positive. */
function amountOf(amount: number, currency: string, zeroAllowed = false): number {
  if (!Number.isFinite(amount) || amount < 0 || (amount === 0 && !zeroAllowed))
    throw errors.invalidField(zeroAllowed ? 'amounts must not be negative' : 'amount must be greater than 0');
  return toMinor(amount, currency);
}

/** An ISO 8601 date-time field, normalized; INVALID_FIELD when it is not one. */
function instant(value: string, field: string): string {
  const ms = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)
    ? Date.parse(value)
    : Number.NaN;
  if (Number.isNaN(ms))
    throw errors.invalidField(`${field} must be an ISO 8601 date-time (YYYY-MM-DDTHH:mm:ssZ)`);
  return new Date(ms).toISOString();
}

/** The user and device values an evaluation carries, normalized and hashed. */
function identityValues(body: SignalEvaluateBody): { kind: IdentityKind; value_hash: string }[] {
  const out: { kind: IdentityKind; value_hash: string }[] = [];
  const add = (kind: IdentityKind, value: string | null | undefined) => {
    const v = value?.trim().toLowerCase().replace(/\s+/g, ' ');
    if (v) out.push({ kind, value_hash: sha256(`${kind}:${v}`).slice(0, 32) });
  };
  const a = body.user?.address;
  const parts = a ? [a.street, a.city, a.region, a.postal_code, a.country].map((p) => p?.trim() ?? '') : [];
  if (parts.some(Boolean)) add('address', parts.join('|'));
  add('phone', body.user?.phone_number?.replace(/[^\d+]/g, ''));
  add('email', body.user?.email_address);
  add('ip', body.device?.ip_address);
  add('user_agent', body.device?.user_agent);
  return out;
}
