import type { WeftContext } from '../../app-context';
import { FILES_INSTITUTION, FILES_INSTITUTION_ID } from '../../connectors/files/files.institution';
import type { ItemsTable } from '../../db/tables/core';
import { errors, PlaidError } from '../../http/errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ItemsRepository } from '../items/items.repository';
import { statementsService } from '../statement-import/statement-import.routes';
import type {
  ImportOutcome,
  ImportTarget,
  StatementsService,
  StatementUpload,
} from '../statement-import/statement-import.service';
import type { SessionCompletion } from './link-session.completion';
import type { LinkFileResult, LinkFilesResponse, LinkFileUpload, LinkPane } from './link-session.contract';
import { presentInstitution, presentStoredChoice } from './link-session.presenter';
import { accountSelectMode, eligibleAccounts, noEligibleAccounts } from './link-session.rules';
import type { Loaded, SessionStore } from './link-session.store';

/**
 * Statement uploads in Link. Files go through the same importer as /weft/statements/import, into
 * the update-mode Item or into an Item made for this session by the first file that reads. That
 * Item stays the session's own until the user shares its accounts: leaving Link removes it.
 */
export class LinkFiles {
  private readonly statements: StatementsService;
  /** The last upload call of each session in this process, for the next one to wait for. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly ctx: WeftContext,
    private readonly store: SessionStore,
    private readonly completion: SessionCompletion,
  ) {
    this.statements = statementsService(ctx);
  }

  /** The pane for the upload institution, once the session is at it. */
  async enter(s: Loaded): Promise<LinkPane> {
    await this.discard(s);
    await this.store.save(s, { step: 'files', institution_id: FILES_INSTITUTION_ID, sealed: null });
    return { pane: 'files', institution: presentInstitution(FILES_INSTITUTION) };
  }

  /**
   * Imports files, each on its own: one that cannot be read is reported and stores nothing. A
   * session's calls run one after another, each reading the session afresh: two at once would
   * otherwise both find no Item yet and make one each (Link sends one file at a time; this covers
   * a client that does not, within one process).
   */
  async upload(loaded: Loaded, files: readonly LinkFileUpload[]): Promise<LinkFilesResponse> {
    const id = loaded.row.link_session_id;
    const before = this.queues.get(id) ?? Promise.resolve();
    const mine = before
      .catch(() => undefined)
      .then(async () => this.importInto(await this.store.load(loaded.token, id), files));
    this.queues.set(id, mine);
    try {
      return await mine;
    } finally {
      if (this.queues.get(id) === mine) this.queues.delete(id);
    }
  }

  private async importInto(s: Loaded, files: readonly LinkFileUpload[]): Promise<LinkFilesResponse> {
    this.store.expectStep(s, ['files']);
    const uploads = files.map(
      (f, i): StatementUpload => ({ name: f.name, bytes: decodeBase64(f.content_base64, i) }),
    );
    const item = await this.itemOf(s);
    const target: ImportTarget = item
      ? { kind: 'existing', item }
      : {
          kind: 'new',
          clientId: s.row.client_id,
          env: s.view.row.env === 'production' ? 'production' : 'sandbox',
          webhook: s.view.config.webhook ?? null,
        };
    const result = await this.statements.importAll(target, uploads);
    if (!item && result.itemId) {
      const now = await this.store.load(s.token, s.row.link_session_id);
      if (now.row.step !== 'files') {
        // The user left while the files were read: their Item would belong to no one.
        await new ItemsRepository(this.ctx.db).delete(s.row.client_id, result.itemId);
        throw errors.invalidField(`this Link session is not expecting that step (at ${now.row.step})`);
      }
      now.state.filesItemId = result.itemId;
      await this.store.save(now, {});
    }
    const itemId = item?.item_id ?? result.itemId;
    const accounts = itemId ? (await new AccountsRepository(this.ctx.db).listAll(itemId)).length : 0;
    return { files: result.outcomes.map(presentFile), accounts };
  }

  /**
   * The user is done uploading: the accounts found (those the link token's filters allow), or
   * success at once where there is nothing to choose, as after a bank's sign-in.
   */
  async proceed(s: Loaded): Promise<LinkPane> {
    this.store.expectStep(s, ['files']);
    const item = await this.itemOf(s);
    if (!item) throw errors.invalidField('no statement file has been imported in this Link session');
    const config = s.view.config;
    const update = s.view.row.item_id !== null;
    if (update && !config.update?.account_selection_enabled) return this.completion.finish(s, null);
    const stored = await new AccountsRepository(this.ctx.db).listAll(item.item_id);
    const eligible = update ? stored : eligibleAccounts(config, stored);
    if (eligible.length === 0) throw noEligibleAccounts(config);
    const mode = accountSelectMode(config);
    s.state.offered = eligible.map((a) => a.account_id);
    await this.store.save(s, { step: 'select_account' });
    if (mode === 'all' && !update) return this.completion.finish(s, s.state.offered);
    return {
      pane: 'select_account',
      institution: presentInstitution(FILES_INSTITUTION),
      accounts: eligible.map(presentStoredChoice),
      multiple: mode !== 'single',
    };
  }

  /**
   * Removes the Item this session's uploads made, as the user leaves it unshared (exit, back, or
   * another bank). The caller saves the session.
   */
  async discard(s: Loaded): Promise<void> {
    const inFlight = this.queues.get(s.row.link_session_id);
    if (inFlight && s.token) {
      // An upload under way finishes first, so the Item it makes is removed too, not left behind.
      await inFlight.catch(() => undefined);
      s.state.filesItemId = (await this.store.load(s.token, s.row.link_session_id)).state.filesItemId;
    }
    const id = s.state.filesItemId;
    if (!id) return;
    await new ItemsRepository(this.ctx.db).delete(s.row.client_id, id);
    s.state.filesItemId = undefined;
  }

  /** The Item files go into: the update-mode Item, or this session's own, if it has one yet. */
  private async itemOf(s: Loaded): Promise<ItemsTable | null> {
    const update = await this.store.updateItem(s.view);
    if (update) {
      if (update.institution_id !== FILES_INSTITUTION_ID)
        throw errors.invalidField('statement files can only be added to an Item made from statement files');
      return update;
    }
    if (!s.state.filesItemId) return null;
    const own = await new ItemsRepository(this.ctx.db).find(s.row.client_id, s.state.filesItemId);
    if (!own) throw new PlaidError('ITEM_NOT_FOUND');
    return own;
  }
}

/** One file's result as Link shows it: counts, or the parser's code, message and line. */
function presentFile(o: ImportOutcome): LinkFileResult {
  if (!o.ok)
    return {
      name: o.file,
      ok: false,
      error: { code: o.error.code, message: o.error.message, line: o.error.line },
    };
  return { name: o.file, ok: true, accounts: o.accounts, transactions: o.transactions, added: o.added };
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function decodeBase64(text: string, index: number): Uint8Array {
  if (text.length % 4 !== 0 || !BASE64.test(text))
    throw errors.invalidField(`files.${index}.content_base64 must be base64`);
  return Buffer.from(text, 'base64');
}
