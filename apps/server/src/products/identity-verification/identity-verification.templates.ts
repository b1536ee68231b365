import type { Kysely } from 'kysely';
import type { Database, Db } from '../../db/schema';
import type { IdvTemplatesTable } from '../../db/tables/identity-verification';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import { IdvTemplatesRepository } from './identity-verification.repository';
import { DEFAULT_PLAN, STEP_ORDER, type StepPlan } from './identity-verification.steps';

/** The shape of a template id Weft gives (and, in the sandbox, makes on first use). */
export const isTemplateId = (id: string) => /^idvtmp_[A-Za-z0-9]{6,40}$/.test(id);

const MODES = new Set(['on', 'off', 'skipped', 'fallback']);

/** A template's (or session's) steps, parsed; a malformed column is a broken store. */
export function parsePlan(json: string): StepPlan {
  const v: unknown = JSON.parse(json);
  if (
    typeof v !== 'object' ||
    v === null ||
    !STEP_ORDER.every((s) => MODES.has((v as Record<string, unknown>)[s] as string))
  )
    throw new Error('a stored identity verification plan is malformed');
  return v as StepPlan;
}

/**
 * Identity Verification templates, following Monitor's rule for programs: each client has a
 * default template, made on first use; in the sandbox a well-formed template id the client does
 * not have yet (and no other client holds) is made from its default on first use.
 */
export class IdvTemplatesService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The client's default template, made if it has none. */
  async ensureDefault(clientId: string, db: Db = this.db): Promise<IdvTemplatesTable> {
    const repo = new IdvTemplatesRepository(db);
    const found = await repo.defaultOf(clientId);
    if (found) return found;
    const now = this.clock.now().toISOString();
    const row: IdvTemplatesTable = {
      template_id: `idvtmp_${randomId(14)}`,
      client_id: clientId,
      name: 'Default template',
      version: 1,
      steps: JSON.stringify(DEFAULT_PLAN),
      webhook: null,
      is_default: 1,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row);
    return row;
  }

  /**
   * The client's template with this id; INVALID_FIELD when it has none (another client's
   * included), except that a sandbox client's well-formed unknown id is made from its default.
   */
  async resolve(clientId: string, templateId: string, db: Db = this.db): Promise<IdvTemplatesTable> {
    const repo = new IdvTemplatesRepository(db);
    const found = await repo.get(clientId, templateId);
    if (found) return found;
    const base = await this.ensureDefault(clientId, db);
    if (base.template_id === templateId) return base;
    const client = await db
      .selectFrom('clients')
      .select('env')
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (client?.env !== 'sandbox' || !isTemplateId(templateId) || (await repo.exists(templateId)))
      throw new PlaidError('INVALID_FIELD', `identity verification template ${templateId} not found`);
    const now = this.clock.now().toISOString();
    const row: IdvTemplatesTable = {
      ...base,
      template_id: templateId,
      name: `${base.name} (${templateId})`,
      is_default: 0,
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row);
    return row;
  }

  /** The client's templates, its default first made if need be. */
  async list(clientId: string): Promise<IdvTemplatesTable[]> {
    await this.ensureDefault(clientId);
    return new IdvTemplatesRepository(this.db).list(clientId);
  }

  /** Sets where the template's webhooks go (Plaid sets this in its dashboard). */
  async setWebhook(clientId: string, templateId: string, webhook: string | null): Promise<IdvTemplatesTable> {
    const row = await this.resolve(clientId, templateId);
    await new IdvTemplatesRepository(this.db).setWebhook(
      clientId,
      row.template_id,
      webhook,
      this.clock.now().toISOString(),
    );
    return { ...row, webhook };
  }
}
