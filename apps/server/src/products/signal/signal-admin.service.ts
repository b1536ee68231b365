import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema';
import type { SignalEvaluationsTable } from '../../db/tables/signal';
import {
  type CalibrationBand,
  type CalibrationRow,
  calibrate,
  simulateReturn,
} from '../../engines/signal/calibration';
import { DEFAULT_RULESET, parseRuleset, type Ruleset } from '../../engines/signal/rulesets';
import type { Clock } from '../../lib/clock';
import { toDecimal } from '../../lib/money';
import { ClientsRepository } from '../clients/clients.repository';
import { SignalRepository } from './signal.repository';
import { ATTRIBUTE_NAMES, readStored } from './signal-rulesets';

/** Why an operator's request was refused (the CLI prints it and exits non-zero). */
export class SignalAdminError extends Error {}

/** What an evaluation's explanation holds (see SignalService.evaluate). */
interface StoredExplanation {
  attributes: { is_account_closed?: boolean; is_account_frozen_or_restricted?: boolean };
}

/**
 * Signal for operators (the `weft signal` CLI): a client's rulesets, its calibration report, the
 * explanation of one evaluation, and simulated returns for a sandbox client.
 */
export class SignalAdminService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    /** Writes evaluations an app in this process answered but has not stored yet. */
    private readonly flushEvaluations: () => Promise<void> = async () => {},
  ) {}

  /** The client's rulesets (the built-in default first, unless the client replaced it). */
  async listRulesets(clientId: string): Promise<(Ruleset & { source: 'built-in' | 'client' })[]> {
    await this.client(clientId);
    const own = (await new SignalRepository(this.db).rulesets(clientId)).map((r) => ({
      ...readStored(r.ruleset),
      source: 'client' as const,
    }));
    const hasDefault = own.some((r) => r.ruleset_key === DEFAULT_RULESET.ruleset_key);
    return hasDefault ? own : [{ ...DEFAULT_RULESET, source: 'built-in' }, ...own];
  }

  /** Creates or replaces a ruleset of the client from its JSON text. */
  async putRuleset(clientId: string, json: string): Promise<Ruleset> {
    await this.client(clientId);
    let raw: unknown;
    try {
      raw = JSON.parse(json);
    } catch {
      throw new SignalAdminError('the ruleset is not valid JSON');
    }
    const ruleset = parseRuleset(raw, ATTRIBUTE_NAMES);
    if (typeof ruleset === 'string') throw new SignalAdminError(ruleset);
    await new SignalRepository(this.db).putRuleset(
      clientId,
      ruleset.ruleset_key,
      JSON.stringify(ruleset),
      this.clock.now().toISOString(),
    );
    return ruleset;
  }

  /** Removes a ruleset of the client. */
  async deleteRuleset(clientId: string, rulesetKey: string): Promise<void> {
    await this.client(clientId);
    if (!(await new SignalRepository(this.db).deleteRuleset(clientId, rulesetKey)))
      throw new SignalAdminError(`client ${clientId} has no ruleset ${JSON.stringify(rulesetKey)}`);
  }

  /** The client's calibration: each score band against the returns reported for it. */
  async report(
    clientId: string,
  ): Promise<{ evaluations: number; returns: number; bands: CalibrationBand[] }> {
    await this.client(clientId);
    const rows = await new SignalRepository(this.db).evaluations(clientId);
    return {
      evaluations: rows.length,
      returns: rows.filter((r) => r.return_code !== null).length,
      bands: calibrate(rows.map(calibrationRow)),
    };
  }

  /** One evaluation, its scores and what each feature added to them. */
  async explain(clientId: string, clientTransactionId: string): Promise<Record<string, unknown>> {
    await this.client(clientId);
    const row = await new SignalRepository(this.db).findEvaluation(clientId, clientTransactionId);
    if (!row)
      throw new SignalAdminError(
        `client ${clientId} has no evaluation ${JSON.stringify(clientTransactionId)}`,
      );
    return {
      client_transaction_id: row.client_transaction_id,
      account_id: row.account_id,
      amount: toDecimal(row.amount, row.iso_currency_code),
      iso_currency_code: row.iso_currency_code,
      customer_initiated_return_risk: { score: row.customer_score, risk_tier: row.customer_tier },
      bank_initiated_return_risk: { score: row.bank_score, risk_tier: row.bank_tier },
      ruleset_key: row.ruleset_key,
      result: row.result,
      ...(JSON.parse(row.explanation) as Record<string, unknown>),
    };
  }

  /**
   * Sandbox only: draws a return for each initiated payment of the client that has none, with the
   * probability its scores predicted (engines/signal/calibration.ts), and records it as a return
   * report would. Returns how many payments were looked at and how many came back.
   */
  async simulateReturns(clientId: string): Promise<{ initiated: number; returned: number }> {
    const client = await this.client(clientId);
    if (client.env !== 'sandbox')
      throw new SignalAdminError('returns are simulated for sandbox clients only');
    const repo = new SignalRepository(this.db);
    const now = this.clock.now().toISOString();
    let initiated = 0;
    let returned = 0;
    for (const row of await repo.evaluations(clientId)) {
      if (!calibrationRow(row).initiated || row.return_code !== null) continue;
      initiated++;
      const { attributes } = JSON.parse(row.explanation) as StoredExplanation;
      const code = simulateReturn(row.client_transaction_id, row.bank_ppm / 1e6, row.customer_ppm / 1e6, {
        closed: attributes.is_account_closed === true,
        frozen: attributes.is_account_frozen_or_restricted === true,
      });
      if (!code) continue;
      returned++;
      await repo.updateEvaluation(clientId, row.client_transaction_id, {
        return_code: code,
        returned_at: now,
        return_reported_at: now,
      });
    }
    return { initiated, returned };
  }

  private async client(clientId: string) {
    await this.flushEvaluations();
    const client = await new ClientsRepository(this.db).find(clientId);
    if (!client) throw new SignalAdminError(`no client with id ${clientId}`);
    return client;
  }
}

/** An evaluation as calibration reads it: made when reported so, else when the ruleset accepted it. */
function calibrationRow(row: SignalEvaluationsTable): CalibrationRow {
  return {
    customerScore: row.customer_score,
    bankScore: row.bank_score,
    customerProbability: row.customer_ppm / 1e6,
    bankProbability: row.bank_ppm / 1e6,
    initiated: row.initiated === null ? row.result === 'ACCEPT' : row.initiated === 1,
    returnCode: row.return_code,
  };
}
