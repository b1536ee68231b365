import { Type } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Kysely } from 'kysely';
import type { Database, Db } from '../../db/schema';
import type {
  WatchlistHitsTable,
  WatchlistKind,
  WatchlistProgramsTable,
  WatchlistReviewsTable,
  WatchlistScreeningsTable,
  WatchlistStatus,
} from '../../db/tables/watchlist-screening';
import type { ScreeningIndex } from '../../engines/screening';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import type { SecretBox } from '../../lib/crypto';
import { randomId } from '../../lib/ids';
import { OutboxRepository } from '../../webhooks/outbox.repository';
import type { ListsService } from './lists.service';
import { ProgramsService } from './programs.service';
import { runScreening, type SearchTerms, statusFromHits } from './screening-run';
import { type ScreeningFilter, ScreeningsRepository } from './screenings.repository';
import { presentScreening } from './watchlist.presenter';

/** A page of a list call: up to PAGE_SIZE items and the cursor of the next page (null at the end). */
export const PAGE_SIZE = 100;

/** An opaque cursor for the page starting at `offset`. */
export const cursorOf = (offset: number) => Buffer.from(`o:${offset}`).toString('base64url');

/** The offset a cursor stands for; INVALID_FIELD for a cursor Weft did not give. */
export function offsetOf(cursor: string | undefined): number {
  if (!cursor) return 0;
  const m = /^o:(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString());
  if (!m) throw new PlaidError('INVALID_FIELD', 'cursor is not a cursor this endpoint returned');
  return Number(m[1]);
}

/** Items of one page, fetched one past the page to know whether another follows. */
export function page<T>(rows: T[], offset: number): { items: T[]; next: string | null } {
  return rows.length > PAGE_SIZE
    ? { items: rows.slice(0, PAGE_SIZE), next: cursorOf(offset + PAGE_SIZE) }
    : { items: rows, next: null };
}

/** A screening with its search terms opened. */
export interface ScreeningView {
  row: WatchlistScreeningsTable;
  terms: SearchTerms;
}

/** The fields /…/update may change. */
export interface ScreeningPatch {
  terms?: Partial<SearchTerms> & { program_id?: string };
  status?: WatchlistStatus;
  assignee?: string;
  clientUserId?: string;
  resetAssignee?: boolean;
}

const Text = Type.Union([Type.String(), Type.Null()]);
/** The stored shape of search terms, read back through it. */
const SearchTermsSchema = Type.Object({
  legal_name: Type.String(),
  date_of_birth: Text,
  document_number: Text,
  country: Text,
  email_address: Text,
  phone_number: Text,
  url: Text,
});

const SCREENING_PREFIX: Record<WatchlistKind, string> = { individual: 'scr', entity: 'entscr' };

/**
 * Monitor's screenings: create screens the terms at once under the program's lists and
 * sensitivity; hits are reviewed (confirmed or dismissed) and the status follows; every state is
 * kept for history/list. Search terms are sealed at rest. A status change writes the
 * STATUS_UPDATED webhook to the outbox in the same transaction.
 */
export class WatchlistService {
  readonly programs: ProgramsService;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
    private readonly box: SecretBox,
    private readonly lists: ListsService,
  ) {
    this.programs = new ProgramsService(db, clock);
  }

  private open(row: WatchlistScreeningsTable): ScreeningView {
    const terms: unknown = JSON.parse(this.box.open(row.search_terms_sealed));
    if (!Value.Check(SearchTermsSchema, terms))
      throw new Error(`screening ${row.screening_id} holds malformed terms`);
    return { row, terms };
  }

  /** The client's screening of this kind; INVALID_FIELD for unknown ids and other clients' alike. */
  async get(clientId: string, kind: WatchlistKind, screeningId: string): Promise<ScreeningView> {
    const row = await new ScreeningsRepository(this.db).get(clientId, kind, screeningId);
    if (!row) throw new PlaidError('INVALID_FIELD', `watchlist screening ${screeningId} not found`);
    return this.open(row);
  }

  /** Screens new terms for the client under the program named in them. */
  async create(
    clientId: string,
    kind: WatchlistKind,
    programId: string,
    terms: SearchTerms,
    clientUserId: string | null,
  ): Promise<ScreeningView> {
    const program = await this.programs.resolve(clientId, kind, programId);
    const lists = await this.lists.current();
    return this.db
      .transaction()
      .execute((trx) => this.insert(trx, lists, program, terms, clientUserId, 'api'));
  }

  /**
   * Screens an individual for another product, inside that product's transaction: Identity
   * Verification's watchlist step, under the client's default individual program. `lists` are
   * read before the transaction (on SQLite it holds the one connection). The screening named by
   * `reuseId`, if it is the client's and holds the same terms, is answered as it is; otherwise a
   * new one is made, which /watchlist_screening/individual/* then serve like any other.
   */
  async screenIndividualWithin(
    trx: Db,
    lists: { index: ScreeningIndex; key: string },
    clientId: string,
    terms: SearchTerms,
    clientUserId: string,
    reuseId: string | null,
  ): Promise<ScreeningView> {
    if (reuseId) {
      const old = await new ScreeningsRepository(trx).get(clientId, 'individual', reuseId);
      const view = old && this.open(old);
      if (view && JSON.stringify(view.terms) === JSON.stringify(terms)) return view;
    }
    const program = await this.programs.ensureDefault(clientId, 'individual', trx);
    return this.insert(trx, lists, program, terms, clientUserId, 'system');
  }

  /** Stores a new screening, screens it, and records its first state. */
  private async insert(
    trx: Db,
    lists: { index: ScreeningIndex; key: string },
    program: WatchlistProgramsTable,
    terms: SearchTerms,
    clientUserId: string | null,
    source: 'api' | 'system',
  ): Promise<ScreeningView> {
    const kind = program.kind;
    const now = this.clock.now().toISOString();
    const row: WatchlistScreeningsTable = {
      screening_id: `${SCREENING_PREFIX[kind]}_${randomId(14)}`,
      client_id: program.client_id,
      kind,
      program_id: program.program_id,
      client_user_id: clientUserId,
      status: 'cleared',
      assignee: null,
      search_terms_sealed: this.box.seal(JSON.stringify(terms)),
      version: 1,
      lists_key: lists.key,
      audit_source: source,
      audit_at: now,
      created_at: now,
    };
    const repo = new ScreeningsRepository(trx);
    await repo.insert(row);
    await runScreening(trx, lists.index, row.screening_id, kind, terms, program, 1, now);
    row.status = statusFromHits(await repo.hits(row.screening_id));
    await repo.update(program.client_id, row.screening_id, { status: row.status });
    await repo.addHistory(row.screening_id, this.snapshot(row, terms), now);
    return { row, terms };
  }

  /** Changes terms, status, assignee or client user id; changed terms are screened again. */
  async update(
    clientId: string,
    kind: WatchlistKind,
    screeningId: string,
    patch: ScreeningPatch,
  ): Promise<ScreeningView> {
    const view = await this.get(clientId, kind, screeningId);
    const now = this.clock.now().toISOString();
    const { program_id, ...termPatch } = patch.terms ?? {};
    const program = await this.programs.resolve(clientId, kind, program_id ?? view.row.program_id);
    const changedTerms = Object.entries(termPatch).some(
      ([k, v]) => v !== undefined && view.terms[k as keyof SearchTerms] !== v,
    );
    const terms: SearchTerms = { ...view.terms };
    for (const [k, v] of Object.entries(termPatch))
      if (v !== undefined) terms[k as keyof SearchTerms] = v as never;
    const rescreen = changedTerms || program.program_id !== view.row.program_id;
    const row: WatchlistScreeningsTable = {
      ...view.row,
      program_id: program.program_id,
      client_user_id: patch.clientUserId ?? view.row.client_user_id,
      assignee: patch.resetAssignee ? null : (patch.assignee ?? view.row.assignee),
      search_terms_sealed: this.box.seal(JSON.stringify(terms)),
      version: rescreen ? view.row.version + 1 : view.row.version,
      audit_source: 'api',
      audit_at: now,
    };
    // Read before the transaction: on SQLite the transaction holds the one connection.
    const lists = rescreen ? await this.lists.current() : undefined;
    await this.db.transaction().execute(async (trx) => {
      const repo = new ScreeningsRepository(trx);
      if (lists) {
        const { index, key } = lists;
        const run = await runScreening(trx, index, screeningId, kind, terms, program, row.version, now);
        row.lists_key = key;
        if (run.added > 0 && row.status !== 'rejected') row.status = 'pending_review';
      }
      if (patch.status) row.status = patch.status;
      const { screening_id: _id, client_id: _c, kind: _k, ...rest } = row;
      await repo.update(clientId, screeningId, rest);
      await this.afterChange(trx, view.row, row, terms, program, now);
    });
    return { row, terms };
  }

  /** The client's screenings of a program, filtered, one page. */
  async list(clientId: string, kind: WatchlistKind, f: ScreeningFilter, cursor?: string) {
    await this.programs.resolve(clientId, kind, f.programId);
    const offset = offsetOf(cursor);
    const rows = await new ScreeningsRepository(this.db).list(clientId, kind, f, offset, PAGE_SIZE + 1);
    const p = page(rows, offset);
    return { items: p.items.map((r) => this.open(r)), next: p.next };
  }

  /** Every state the screening has been in, oldest first, one page. */
  async history(clientId: string, kind: WatchlistKind, screeningId: string, cursor?: string) {
    await this.get(clientId, kind, screeningId);
    const offset = offsetOf(cursor);
    const sealed = await new ScreeningsRepository(this.db).history(screeningId, offset, PAGE_SIZE + 1);
    const p = page(sealed, offset);
    return { items: p.items.map((s) => JSON.parse(this.box.open(s)) as unknown), next: p.next };
  }

  /** The screening's hits, one page. */
  async hits(clientId: string, kind: WatchlistKind, screeningId: string, cursor?: string) {
    await this.get(clientId, kind, screeningId);
    const offset = offsetOf(cursor);
    return page(await new ScreeningsRepository(this.db).hits(screeningId, offset, PAGE_SIZE + 1), offset);
  }

  /** The screening's reviews, one page. */
  async reviews(clientId: string, kind: WatchlistKind, screeningId: string, cursor?: string) {
    await this.get(clientId, kind, screeningId);
    const offset = offsetOf(cursor);
    return page(await new ScreeningsRepository(this.db).reviews(screeningId, offset, PAGE_SIZE + 1), offset);
  }

  /**
   * Confirms and dismisses hits of the screening; the status follows (rejected once a hit is
   * confirmed, cleared when none awaits review). Hits not of this screening are INVALID_FIELD.
   */
  async review(
    clientId: string,
    kind: WatchlistKind,
    screeningId: string,
    confirmed: string[],
    dismissed: string[],
    comment: string | null,
  ): Promise<WatchlistReviewsTable> {
    const view = await this.get(clientId, kind, screeningId);
    const both = confirmed.filter((h) => dismissed.includes(h));
    if (both.length)
      throw new PlaidError('INVALID_FIELD', `hits both confirmed and dismissed: ${both.join(', ')}`);
    const now = this.clock.now().toISOString();
    const review: WatchlistReviewsTable = {
      review_id: `${kind === 'individual' ? 'rev' : 'entrev'}_${randomId(14)}`,
      screening_id: screeningId,
      confirmed_hits: JSON.stringify(confirmed),
      dismissed_hits: JSON.stringify(dismissed),
      comment,
      created_at: now,
    };
    await this.db.transaction().execute(async (trx) => {
      const repo = new ScreeningsRepository(trx);
      const hits = new Map((await repo.hits(screeningId)).map((h) => [h.hit_id, h]));
      const unknown = [...confirmed, ...dismissed].filter((h) => !hits.has(h));
      if (unknown.length)
        throw new PlaidError('INVALID_FIELD', `hits not of this screening: ${unknown.join(', ')}`);
      for (const [ids, status] of [
        [confirmed, 'confirmed'],
        [dismissed, 'dismissed'],
      ] as const)
        for (const id of ids) {
          await repo.updateHit(screeningId, id, { review_status: status });
          hits.set(id, { ...(hits.get(id) as WatchlistHitsTable), review_status: status });
        }
      await repo.insertReview(review);
      const row = {
        ...view.row,
        status: statusFromHits([...hits.values()]),
        audit_source: 'api' as const,
        audit_at: now,
      };
      await repo.update(clientId, screeningId, {
        status: row.status,
        audit_source: row.audit_source,
        audit_at: now,
      });
      const program = await this.programs.resolve(clientId, kind, row.program_id, trx);
      await this.afterChange(trx, view.row, row, view.terms, program, now);
    });
    return review;
  }

  /**
   * Ongoing monitoring: every screening of a program with rescanning on, screened again against
   * the lists as stored now (if they changed since its last run). New hits put it back to
   * pending review; a status change sends its webhook. Returns how many screenings changed status.
   */
  async rescreenAll(): Promise<{ screened: number; statusChanged: number }> {
    const { index, key } = await this.lists.current();
    const programs = await this.programs.rescanning();
    const byId = new Map(programs.map((p) => [p.program_id, p]));
    const rows = await new ScreeningsRepository(this.db).ofPrograms([...byId.keys()]);
    let screened = 0;
    let statusChanged = 0;
    for (const before of rows) {
      if (before.lists_key === key) continue;
      const program = byId.get(before.program_id)!;
      const { terms } = this.open(before);
      const now = this.clock.now().toISOString();
      await this.db.transaction().execute(async (trx) => {
        const repo = new ScreeningsRepository(trx);
        const run = await runScreening(
          trx,
          index,
          before.screening_id,
          before.kind,
          terms,
          program,
          before.version,
          now,
        );
        const hits = await repo.hits(before.screening_id);
        let status = before.status;
        if (run.added > 0 && status !== 'rejected') status = 'pending_review';
        else if (status === 'pending_review' && statusFromHits(hits) === 'cleared') status = 'cleared';
        const row = { ...before, status, lists_key: key };
        if (status !== before.status) {
          row.audit_source = 'system';
          row.audit_at = now;
        }
        await repo.update(before.client_id, before.screening_id, {
          status,
          lists_key: key,
          audit_source: row.audit_source,
          audit_at: row.audit_at,
        });
        if (await this.afterChange(trx, before, row, terms, program, now)) statusChanged++;
      });
      screened++;
    }
    return { screened, statusChanged };
  }

  private snapshot(row: WatchlistScreeningsTable, terms: SearchTerms): string {
    return this.box.seal(JSON.stringify(presentScreening(row, terms)));
  }

  /**
   * Records the new state in the history when anything shown changed, and writes the
   * STATUS_UPDATED webhook when the status did. True when the status changed.
   */
  private async afterChange(
    trx: Db,
    before: WatchlistScreeningsTable,
    after: WatchlistScreeningsTable,
    terms: SearchTerms,
    program: WatchlistProgramsTable,
    now: string,
  ): Promise<boolean> {
    await new ScreeningsRepository(trx).addHistory(after.screening_id, this.snapshot(after, terms), now);
    if (before.status === after.status) return false;
    const client = await trx
      .selectFrom('clients')
      .select('env')
      .where('client_id', '=', after.client_id)
      .executeTakeFirstOrThrow();
    const individual = after.kind === 'individual';
    await new OutboxRepository(trx).enqueue(
      {
        clientId: after.client_id,
        itemId: null,
        webhookType: individual ? 'SCREENING' : 'ENTITY_SCREENING',
        webhookCode: 'STATUS_UPDATED',
        url: program.webhook,
        payload: {
          [individual ? 'screening_id' : 'entity_screening_id']: after.screening_id,
          environment: client.env,
        },
      },
      now,
      Boolean(program.webhook),
    );
    return true;
  }
}
