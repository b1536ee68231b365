import type { Kysely } from 'kysely';
import type { Database, Db } from '../../db/schema';
import type { WatchlistKind, WatchlistProgramsTable } from '../../db/tables/watchlist-screening';
import {
  ENTITY_LIST_CODES,
  INDIVIDUAL_LIST_CODES,
  type ListCode,
  type NameSensitivity,
  SENSITIVITY,
} from '../../engines/screening';
import { PlaidError } from '../../http/errors';
import type { Clock } from '../../lib/clock';
import { randomId } from '../../lib/ids';
import { ProgramsRepository } from './programs.repository';

/** The lists a default program screens: every list of its kind that Weft reads a source for. */
export const DEFAULT_LISTS: Record<WatchlistKind, readonly ListCode[]> = {
  individual: ['US_SDN', 'US_SSI', 'US_FSE', 'US_MBS', 'US_PLC', 'US_ISN', 'US_DTC', 'US_DPL', 'IZ_UNC'],
  entity: ['US_SDN', 'US_SSI', 'US_FSE', 'US_MBS', 'US_CAP', 'US_CMC', 'US_UVL', 'US_TEL', 'IZ_UNC'],
};

const PREFIX: Record<WatchlistKind, string> = { individual: 'prg', entity: 'entprg' };

/** The shape of a program id Weft would give (and, in the sandbox, makes on first use). */
export const isProgramId = (kind: WatchlistKind, id: string) =>
  new RegExp(`^${PREFIX[kind]}_[A-Za-z0-9]{6,40}$`).test(id);

/** What a program may be made or changed with (the command line's `programs` options). */
export interface ProgramSettings {
  name?: string;
  lists?: string[];
  sensitivity?: string;
  rescanning?: boolean;
  archived?: boolean;
  webhook?: string | null;
}

/** An error in program settings given on the command line. */
export class ProgramSettingsError extends Error {}

/**
 * Screening programs: each client has a default program of each kind, made on first use, and
 * may have more, made and changed from the command line. In the sandbox, a well-formed program
 * id the client does not have yet is made from its default on first use.
 */
export class ProgramsService {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly clock: Clock,
  ) {}

  /** The client's default program of a kind, made if it has none. */
  async ensureDefault(
    clientId: string,
    kind: WatchlistKind,
    db: Db = this.db,
  ): Promise<WatchlistProgramsTable> {
    const repo = new ProgramsRepository(db);
    const found = await repo.defaultOf(clientId, kind);
    if (found) return found;
    const now = this.clock.now().toISOString();
    const row: WatchlistProgramsTable = {
      program_id: `${PREFIX[kind]}_${randomId(14)}`,
      client_id: clientId,
      kind,
      name: kind === 'individual' ? 'Default individual program' : 'Default entity program',
      lists_enabled: JSON.stringify(DEFAULT_LISTS[kind]),
      name_sensitivity: 'balanced',
      is_rescanning_enabled: 1,
      is_archived: 0,
      is_default: 1,
      webhook: null,
      audit_source: 'system',
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row);
    return row;
  }

  /**
   * The client's program with this id; INVALID_FIELD when it has none (another client's included),
   * except that a sandbox client's well-formed unknown id is made from its default.
   */
  async resolve(
    clientId: string,
    kind: WatchlistKind,
    programId: string,
    db: Db = this.db,
  ): Promise<WatchlistProgramsTable> {
    const repo = new ProgramsRepository(db);
    const found = await repo.get(clientId, kind, programId);
    if (found) return found;
    const base = await this.ensureDefault(clientId, kind, db);
    if (base.program_id === programId) return base;
    const client = await db
      .selectFrom('clients')
      .select('env')
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (client?.env !== 'sandbox' || !isProgramId(kind, programId) || (await repo.exists(programId)))
      throw new PlaidError('INVALID_FIELD', `watchlist program ${programId} not found`);
    const now = this.clock.now().toISOString();
    const row: WatchlistProgramsTable = {
      ...base,
      program_id: programId,
      name: `${base.name} (${programId})`,
      is_default: 0,
      audit_source: 'system',
      created_at: now,
      updated_at: now,
    };
    await repo.insert(row);
    return row;
  }

  /** The client's programs of a kind (its default made first if need be), one page. */
  async list(
    clientId: string,
    kind: WatchlistKind,
    offset: number,
    limit: number,
  ): Promise<WatchlistProgramsTable[]> {
    await this.ensureDefault(clientId, kind);
    return new ProgramsRepository(this.db).list(clientId, kind, offset, limit);
  }

  /** Programs of every client with rescanning on. */
  rescanning(): Promise<WatchlistProgramsTable[]> {
    return new ProgramsRepository(this.db).rescanning();
  }

  /** Makes a program for the client from its default, with these settings. */
  async create(clientId: string, kind: WatchlistKind, s: ProgramSettings): Promise<WatchlistProgramsTable> {
    const base = await this.ensureDefault(clientId, kind);
    const now = this.clock.now().toISOString();
    const row: WatchlistProgramsTable = {
      ...base,
      ...this.checked(kind, s),
      program_id: `${PREFIX[kind]}_${randomId(14)}`,
      name: s.name ?? 'Program',
      is_default: 0,
      audit_source: 'dashboard',
      created_at: now,
      updated_at: now,
    };
    await new ProgramsRepository(this.db).insert(row);
    return row;
  }

  /** Changes the client's program; ProgramSettingsError when it has none with this id. */
  async update(clientId: string, programId: string, s: ProgramSettings): Promise<WatchlistProgramsTable> {
    const repo = new ProgramsRepository(this.db);
    const kind: WatchlistKind = programId.startsWith('entprg_') ? 'entity' : 'individual';
    const now = this.clock.now().toISOString();
    const changed = await repo.update(clientId, programId, {
      ...this.checked(kind, s),
      audit_source: 'dashboard',
      updated_at: now,
    });
    const row = changed ? await repo.get(clientId, kind, programId) : undefined;
    if (!row) throw new ProgramSettingsError(`client ${clientId} has no program ${programId}`);
    return row;
  }

  private checked(kind: WatchlistKind, s: ProgramSettings): Partial<WatchlistProgramsTable> {
    const out: Partial<WatchlistProgramsTable> = {};
    if (s.name !== undefined) out.name = s.name;
    if (s.lists !== undefined) {
      const allowed: readonly string[] = kind === 'individual' ? INDIVIDUAL_LIST_CODES : ENTITY_LIST_CODES;
      const bad = s.lists.filter((l) => !allowed.includes(l));
      if (bad.length || s.lists.length === 0)
        throw new ProgramSettingsError(
          `lists must be ${kind} list codes (${allowed.join(', ')}); got ${bad.join(', ') || 'none'}`,
        );
      out.lists_enabled = JSON.stringify([...new Set(s.lists)]);
    }
    if (s.sensitivity !== undefined) {
      if (!(s.sensitivity in SENSITIVITY))
        throw new ProgramSettingsError(`sensitivity must be one of ${Object.keys(SENSITIVITY).join(', ')}`);
      out.name_sensitivity = s.sensitivity as NameSensitivity;
    }
    if (s.rescanning !== undefined) out.is_rescanning_enabled = s.rescanning ? 1 : 0;
    if (s.archived !== undefined) out.is_archived = s.archived ? 1 : 0;
    if (s.webhook !== undefined) {
      if (s.webhook !== null && !/^https?:\/\//.test(s.webhook))
        throw new ProgramSettingsError('webhook must be an http(s) URL');
      out.webhook = s.webhook;
    }
    return out;
  }
}
