import type { Kysely } from 'kysely';
import type { IdentityVerificationSource } from '../../connectors/identity-verification';
import type { Database, Db } from '../../db/schema';
import type {
  IdentityVerificationsTable,
  IdvStatus,
  IdvTemplatesTable,
} from '../../db/tables/identity-verification';
import { ScreeningIndex } from '../../engines/screening';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import { randomId } from '../../lib/ids';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import type { WatchlistService } from '../watchlist-screening/watchlist.service';
import { type IdvDetails, NO_SOURCE } from './identity-verification.checks';
import { IdentityVerificationsRepository } from './identity-verification.repository';
import type { IdvRetryBody, IdvUserInput } from './identity-verification.schemas';
import { monitorScreener } from './identity-verification.screening';
import {
  advance,
  cancelOpenSteps,
  type IdvUser,
  initialState,
  NO_USER,
  retryPlan,
  type SessionFacts,
  type SessionState,
  type StepPlan,
  type StepStatuses,
  sessionStatus,
} from './identity-verification.steps';
import { IdvTemplatesService, parsePlan } from './identity-verification.templates';

/** A session with its sealed parts opened. */
export interface IdvView {
  row: IdentityVerificationsTable;
  user: IdvUser;
  steps: StepStatuses;
  details: IdvDetails;
  shareableUrl: string | null;
}

/** What is sealed beside the user: step details and what the user did. */
interface Sealed {
  details: IdvDetails;
  facts: SessionFacts;
}

/** A page of /identity_verification/list. */
export const IDV_PAGE_SIZE = 100;

/** The user data of a request, every absent field null. */
export function userFromInput(u: Omit<IdvUserInput, 'client_user_id'> | null | undefined): IdvUser {
  if (!u) return { ...NO_USER };
  const a = u.address;
  return {
    phone_number: u.phone_number ?? null,
    date_of_birth: u.date_of_birth ?? null,
    ip_address: null,
    email_address: u.email_address ?? null,
    name: u.name ?? null,
    address: a
      ? {
          street: a.street ?? null,
          street2: a.street2 ?? null,
          city: a.city ?? null,
          region: a.region ?? null,
          postal_code: a.postal_code ?? null,
          country: a.country.toUpperCase(),
        }
      : null,
    id_number: u.id_number ?? null,
  };
}

/**
 * Identity Verification sessions: made under a template, their steps run by the steps engine as
 * far as the user's data allows, retried with Plaid's strategies, and redacted on request. The
 * user's data and each step's details are sealed at rest. A step or status change writes its
 * IDENTITY_VERIFICATION webhook to the outbox in the same transaction.
 */
export class IdentityVerificationService {
  readonly templates: IdvTemplatesService;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly publicUrl: string,
    /** Monitor, which screens the watchlist step. */
    private readonly monitor: WatchlistService,
    /** Monitor's watchlists; read before a transaction (SQLite has one connection). */
    private readonly loadLists: () => Promise<{ index: ScreeningIndex; key: string }>,
    /** The verification source of an environment's clients (connectors' registry), if it has one. */
    private readonly sourceFor: (env: string) => IdentityVerificationSource | undefined,
  ) {
    this.templates = new IdvTemplatesService(db, clock);
  }

  private lists: { index: ScreeningIndex; key: string } = { index: new ScreeningIndex([]), key: '' };

  /** Brings the watchlists up to date with the stored ones. */
  private async refreshIndex(): Promise<void> {
    this.lists = await this.loadLists();
  }

  /** Opens a stored session. */
  view(row: IdentityVerificationsTable): IdvView {
    const sealed = JSON.parse(this.box.open(row.details_sealed)) as Sealed;
    return {
      row,
      user: JSON.parse(this.box.open(row.user_sealed)) as IdvUser,
      steps: JSON.parse(row.steps) as StepStatuses,
      details: sealed.details,
      shareableUrl: row.share_key ? `${this.publicUrl}/weft/verify/${row.id}?key=${row.share_key}` : null,
    };
  }

  /** The client's session; INVALID_FIELD for unknown ids and other clients' alike. */
  async get(clientId: string, id: string): Promise<IdvView> {
    const row = await new IdentityVerificationsRepository(this.db).get(clientId, id);
    if (!row) throw new PlaidError('INVALID_FIELD', `identity verification ${id} not found`);
    return this.view(row);
  }

  /** The session behind a shareable URL (its id and secret key), or undefined. */
  async shared(id: string, key: string): Promise<IdvView | undefined> {
    const row = await new IdentityVerificationsRepository(this.db).byShareKey(id, key);
    return row ? this.view(row) : undefined;
  }

  /** One page of the client's sessions under a template (of one user, if given). */
  async list(
    clientId: string,
    templateId: string,
    clientUserId: string | undefined,
    cursor: string | undefined,
  ): Promise<{ items: IdvView[]; next: string | null }> {
    const template = await this.templates.resolve(clientId, templateId);
    const offset = offsetOf(cursor);
    const rows = await new IdentityVerificationsRepository(this.db).list(
      clientId,
      template.template_id,
      clientUserId,
      offset,
      IDV_PAGE_SIZE + 1,
    );
    return {
      items: rows.slice(0, IDV_PAGE_SIZE).map((r) => this.view(r)),
      next: rows.length > IDV_PAGE_SIZE ? cursorOf(offset + IDV_PAGE_SIZE) : null,
    };
  }

  /**
   * Makes a session under the template. With `gave_consent` the terms step is skipped, and in the
   * sandbox the session then runs at once as if the user had completed Link with the data given
   * (the SMS code entered, the sandbox document captured); steps lacking data wait for Link.
   */
  async create(
    clientId: string,
    input: {
      clientUserId: string;
      templateId: string;
      isShareable: boolean;
      gaveConsent: boolean;
      user: IdvUser;
      isIdempotent: boolean;
    },
  ): Promise<IdvView> {
    await this.refreshIndex();
    return this.db.transaction().execute(async (trx) => {
      const template = await this.templates.resolve(clientId, input.templateId, trx);
      const existing = await new IdentityVerificationsRepository(trx).latest(
        clientId,
        template.template_id,
        input.clientUserId,
      );
      if (existing) {
        if (input.isIdempotent) return this.view(existing);
        throw new PlaidError(
          'INVALID_FIELD',
          `an identity verification already exists for client_user_id ${input.clientUserId} and template ${template.template_id}; retry it with /identity_verification/retry`,
        );
      }
      return this.start(trx, clientId, template, parsePlan(template.steps), {
        clientUserId: input.clientUserId,
        isShareable: input.isShareable,
        gaveConsent: input.gaveConsent,
        user: input.user,
        previous: null,
      });
    });
  }

  /**
   * A new session for the user's latest under the template, with a retry strategy's steps. The
   * previous session, if still active, is canceled. Writes RETRIED for the new session.
   */
  async retry(clientId: string, b: IdvRetryBody): Promise<IdvView> {
    if (b.strategy === 'custom' && !b.steps)
      throw new PlaidError('INVALID_FIELD', 'steps must be provided when the strategy is custom');
    if (b.strategy !== 'custom' && b.steps)
      throw new PlaidError('INVALID_FIELD', 'steps must be omitted unless the strategy is custom');
    await this.refreshIndex();
    return this.db.transaction().execute(async (trx) => {
      const template = await this.templates.resolve(clientId, b.template_id, trx);
      const repo = new IdentityVerificationsRepository(trx);
      const prev = await repo.latest(clientId, template.template_id, b.client_user_id);
      if (!prev)
        throw new PlaidError(
          'INVALID_FIELD',
          `no identity verification for client_user_id ${b.client_user_id} under template ${template.template_id}`,
        );
      const old = this.view(prev);
      if (b.strategy === 'infer' && prev.status === 'active')
        throw new PlaidError('INVALID_FIELD', 'the infer strategy cannot retry an active session');
      if (
        b.strategy === 'incomplete' &&
        (old.steps.watchlist_screening === 'failed' || old.steps.risk_check === 'failed')
      )
        throw new PlaidError(
          'INVALID_FIELD',
          'the incomplete strategy cannot retry a session whose failing step is the screening or the risk check',
        );
      const plan = retryPlan(
        parsePlan(template.steps),
        b.strategy,
        { status: prev.status, steps: old.steps },
        b.steps ?? null,
      );
      if (prev.status === 'active') {
        cancelOpenSteps(old.steps);
        await repo.update(clientId, prev.id, {
          status: 'canceled',
          steps: JSON.stringify(old.steps),
          completed_at: this.now(),
        });
        await this.webhook(trx, template, prev.id, 'STATUS_UPDATED', clientId);
      }
      const given = userFromInput(b.user);
      const user: IdvUser = b.strategy === 'reset' ? merge(NO_USER, given) : merge(old.user, given);
      const before = JSON.parse(this.box.open(prev.details_sealed)) as Sealed;
      const view = await this.start(trx, clientId, template, plan, {
        clientUserId: b.client_user_id,
        isShareable: b.is_shareable ?? prev.is_shareable === 1,
        // The terms the user accepted before hold for the retry.
        gaveConsent: before.facts.consent,
        user,
        previous: prev.id,
      });
      await this.webhook(trx, template, view.row.id, 'RETRIED', clientId);
      return view;
    });
  }

  /**
   * Deletes the session's personal data (user data, step details that echo it, captured images)
   * and marks it redacted; the steps' outcomes stay.
   */
  async redact(clientId: string, id: string): Promise<IdvView> {
    const v = await this.get(clientId, id);
    const now = this.now();
    const details = redactDetails(v.details, now);
    const sealed = JSON.parse(this.box.open(v.row.details_sealed)) as Sealed;
    await this.db.transaction().execute(async (trx) => {
      const repo = new IdentityVerificationsRepository(trx);
      await repo.deleteDocuments(clientId, id);
      await repo.update(clientId, id, {
        user_sealed: this.box.seal(JSON.stringify(NO_USER)),
        details_sealed: this.box.seal(JSON.stringify({ details, facts: { ...sealed.facts, smsCodes: [] } })),
        redacted_at: now,
      });
    });
    return this.get(clientId, id);
  }

  /**
   * Moves a session on after the user acted in Link (or gave data): merges the data, records
   * the facts and runs the steps. Writes STEP_UPDATED for each step completed and
   * STATUS_UPDATED when the status changes.
   */
  async progress(
    clientId: string,
    id: string,
    change: {
      user?: Partial<IdvUser>;
      consent?: boolean;
      smsCode?: string;
      documentCaptured?: boolean;
      /** The captured document's image, base64-encoded, for the source to read. */
      documentImage?: string;
    },
  ): Promise<IdvView> {
    await this.refreshIndex();
    return this.db.transaction().execute(async (trx) => {
      const row = await new IdentityVerificationsRepository(trx).get(clientId, id);
      if (!row) throw new PlaidError('INVALID_FIELD', `identity verification ${id} not found`);
      if (row.status !== 'active') return this.view(row);
      const v = this.view(row);
      const sealed = JSON.parse(this.box.open(row.details_sealed)) as Sealed;
      const facts = { ...sealed.facts };
      if (change.consent) facts.consent = true;
      if (change.smsCode !== undefined) facts.smsCodes = [...facts.smsCodes, change.smsCode];
      if (change.documentCaptured) facts.documentCaptured = true;
      const user = merge(v.user, change.user ?? {});
      const template = await this.templates.resolve(clientId, row.template_id, trx);
      const state: SessionState = {
        steps: v.steps,
        details: v.details,
        watchlistScreeningId: row.watchlist_screening_id,
      };
      await this.run(trx, template, row, parsePlan(row.plan), state, user, facts, change.documentImage);
      const after = await new IdentityVerificationsRepository(trx).get(clientId, id);
      return this.view(after ?? row);
    });
  }

  /**
   * The session Link shows for a link token: the user's latest under the template, or a new one
   * (not run ahead: the user acts in Link).
   */
  async openForLink(
    clientId: string,
    templateId: string,
    clientUserId: string,
    gaveConsent: boolean,
    prefill: Partial<IdvUser>,
  ): Promise<IdvView> {
    await this.refreshIndex();
    return this.db.transaction().execute(async (trx) => {
      const template = await this.templates.resolve(clientId, templateId, trx);
      const latest = await new IdentityVerificationsRepository(trx).latest(
        clientId,
        template.template_id,
        clientUserId,
      );
      if (latest) return this.view(latest);
      return this.start(trx, clientId, template, parsePlan(template.steps), {
        clientUserId,
        isShareable: false,
        gaveConsent,
        user: merge(NO_USER, prefill),
        previous: null,
        simulate: false,
      });
    });
  }

  /** Stores a document image captured in Link (sealed), then runs the steps. */
  async addDocument(
    clientId: string,
    id: string,
    contentType: string,
    imageBase64: string,
  ): Promise<IdvView> {
    await this.get(clientId, id);
    await new IdentityVerificationsRepository(this.db).insertDocument({
      document_id: `doc_${randomId(14)}`,
      verification_id: id,
      client_id: clientId,
      side: 'front',
      content_type: contentType,
      image_sealed: this.box.seal(imageBase64),
      created_at: this.now(),
    });
    return this.progress(clientId, id, { documentCaptured: true, documentImage: imageBase64 });
  }

  private async start(
    trx: Db,
    clientId: string,
    template: IdvTemplatesTable,
    plan: StepPlan,
    s: {
      clientUserId: string;
      isShareable: boolean;
      gaveConsent: boolean;
      user: IdvUser;
      previous: string | null;
      /** In the sandbox, act as the user would in Link (API-made sessions); false for Link's own. */
      simulate?: boolean;
    },
  ): Promise<IdvView> {
    const now = this.now();
    const state = initialState(plan, s.gaveConsent);
    const row: IdentityVerificationsTable = {
      id: `idv_${randomId(14)}`,
      client_id: clientId,
      client_user_id: s.clientUserId,
      template_id: template.template_id,
      template_version: template.version,
      status: 'active',
      steps: JSON.stringify(state.steps),
      plan: JSON.stringify(plan),
      is_shareable: s.isShareable ? 1 : 0,
      share_key: s.isShareable ? randomId(40) : null,
      previous_attempt_id: s.previous,
      user_sealed: this.box.seal(JSON.stringify(s.user)),
      details_sealed: this.box.seal(
        JSON.stringify({ details: state.details, facts: noFacts(s.gaveConsent) }),
      ),
      watchlist_screening_id: null,
      created_at: now,
      completed_at: null,
      redacted_at: null,
    };
    await new IdentityVerificationsRepository(trx).insert(row);
    const client = await trx
      .selectFrom('clients')
      .select('env')
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    const code = this.source(client?.env).fixedSmsCode;
    const facts: SessionFacts =
      client?.env === 'sandbox' && s.gaveConsent && s.simulate !== false
        ? {
            consent: true,
            smsCodes: s.user.phone_number && code ? [code] : [],
            documentCaptured: s.user.name !== null && s.user.date_of_birth !== null,
          }
        : noFacts(s.gaveConsent);
    await this.run(trx, template, row, plan, state, s.user, facts);
    const stored = await new IdentityVerificationsRepository(trx).get(clientId, row.id);
    return this.view(stored ?? row);
  }

  /** Runs the steps and stores the outcome with its webhooks. */
  private async run(
    trx: Db,
    template: IdvTemplatesTable,
    row: IdentityVerificationsTable,
    plan: StepPlan,
    state: SessionState,
    user: IdvUser,
    facts: SessionFacts,
    documentImage: string | null = null,
  ): Promise<void> {
    const repo = new IdentityVerificationsRepository(trx);
    const previous = row.previous_attempt_id
      ? await repo.get(row.client_id, row.previous_attempt_id)
      : undefined;
    const screen = monitorScreener(
      trx,
      this.monitor,
      this.lists,
      row.client_id,
      row.client_user_id,
      previous?.watchlist_screening_id ?? null,
    );
    const client = await trx
      .selectFrom('clients')
      .select('env')
      .where('client_id', '=', row.client_id)
      .executeTakeFirst();
    const changed = await advance(plan, state, user, facts, screen, this.source(client?.env), documentImage);
    const status: IdvStatus = sessionStatus(plan, state.steps);
    await repo.update(row.client_id, row.id, {
      steps: JSON.stringify(state.steps),
      status,
      user_sealed: this.box.seal(JSON.stringify(user)),
      details_sealed: this.box.seal(JSON.stringify({ details: state.details, facts })),
      watchlist_screening_id: state.watchlistScreeningId,
      completed_at: status === 'active' ? null : (row.completed_at ?? this.now()),
    });
    const completed = changed.filter((s) => state.steps[s] !== 'active');
    if (completed.length > 0) await this.webhook(trx, template, row.id, 'STEP_UPDATED', row.client_id);
    if (status !== row.status) await this.webhook(trx, template, row.id, 'STATUS_UPDATED', row.client_id);
  }

  private async webhook(
    trx: Db,
    template: IdvTemplatesTable,
    id: string,
    code: 'STATUS_UPDATED' | 'STEP_UPDATED' | 'RETRIED',
    clientId: string,
  ): Promise<void> {
    const client = await trx
      .selectFrom('clients')
      .select('env')
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    const url = (await this.templates.resolve(clientId, template.template_id, trx)).webhook;
    await new OutboxRepository(trx).enqueue(
      {
        clientId,
        itemId: null,
        webhookType: 'IDENTITY_VERIFICATION',
        webhookCode: code,
        payload: { identity_verification_id: id, environment: client?.env ?? 'sandbox' },
        url,
      },
      this.now(),
      url !== null,
    );
  }

  /** The environment's verification source; one that holds nothing where there is none. */
  private source(env: string | undefined): IdentityVerificationSource {
    return (env && this.sourceFor(env)) || NO_SOURCE;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }
}

const noFacts = (consent: boolean): SessionFacts => ({ consent, smsCodes: [], documentCaptured: false });

/** `base` with every non-null field of `given` over it. */
function merge(base: IdvUser, given: Partial<IdvUser>): IdvUser {
  const out = { ...base };
  for (const [k, v] of Object.entries(given) as [keyof IdvUser, IdvUser[keyof IdvUser]][])
    if (v !== null && v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Step details with the personal data they echo removed. */
function redactDetails(d: IdvDetails, at: string): IdvDetails {
  return {
    ...d,
    verify_sms: d.verify_sms && {
      ...d.verify_sms,
      verifications: d.verify_sms.verifications.map((v) => ({ ...v, phone_number: null, redacted_at: at })),
    },
    documentary_verification: d.documentary_verification && {
      ...d.documentary_verification,
      documents: d.documentary_verification.documents.map((doc) => ({
        ...doc,
        extracted_data: null,
        redacted_at: at,
      })),
    },
  };
}

const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new PlaidError('INVALID_FIELD', 'cursor is not a cursor this endpoint returned');
  return Number(m[1]);
}
