import type { WeftContext } from '../../app-context';
import type { ConnectorLogin, NormalizedAccount } from '../../connectors/connector';
import { findInstitution } from '../../connectors/institutions';
import type { AccountsTable } from '../../db/tables/core';
import { errors, PlaidError } from '../../http/errors';
import { newToken } from '../../lib/ids';
import { AccountsRepository } from '../accounts/accounts.repository';
import { type IncomeSessionResults, incomeSessionResults } from '../income/income.session';
import { ItemsRepository } from '../items/items.repository';
import { paymentTargetOf } from '../link/link-hooks';
import { windowOption } from '../statements/statements.window';
import { incomeOptionsOf } from '../users/link-user';
import type { LinkPane, LinkSuccessMetadata } from './link-session.contract';
import {
  presentChoice,
  presentInstitution,
  presentStoredChoice,
  presentSuccessMetadata,
} from './link-session.presenter';
import { accountSelectMode, eligibleAccounts, noEligibleAccounts } from './link-session.rules';
import type { Loaded, SessionStore } from './link-session.store';

/**
 * The end of a session: after a completed login, offer the accounts (or skip the pane), then
 * create or update the Item and record the result on the link token.
 */
export class SessionCompletion {
  constructor(
    private readonly ctx: WeftContext,
    private readonly store: SessionStore,
  ) {}

  /**
   * After a completed login: in update mode the Item is repaired (same user only); then the
   * account pane, or straight to success when there is nothing to choose.
   */
  async offerAccounts(s: Loaded, login: ConnectorLogin, accounts: NormalizedAccount[]): Promise<LinkPane> {
    const institution = presentInstitution(this.store.institutionOf(s));
    const mode = accountSelectMode(s.view.config);
    const item = await this.store.updateItem(s.view);
    if (item) {
      const known = (JSON.parse(item.login) as { username?: string }).username;
      if (login.username !== known) throw new PlaidError('INVALID_CREDENTIALS');
      // A source that keeps secrets (a SimpleFIN access URL) keeps the ones this login gave.
      if (login.secrets)
        await new ItemsRepository(this.ctx.db).update(item.client_id, item.item_id, {
          credentials_sealed: this.ctx.secretBox.seal(JSON.stringify(login.secrets)),
          updated_at: this.ctx.clock.now().toISOString(),
        });
      await this.ctx.items.repair(item);
      if (!s.view.config.update?.account_selection_enabled) return this.finish(s, null);
      const stored = await new AccountsRepository(this.ctx.db).listAll(item.item_id);
      s.state.offered = stored.map((a) => a.account_id);
      await this.store.save(s, { step: 'select_account', sealed: null });
      return {
        pane: 'select_account',
        institution,
        accounts: stored.map(presentStoredChoice),
        multiple: mode !== 'single',
      };
    }
    const eligible = eligibleAccounts(s.view.config, accounts);
    if (eligible.length === 0) throw noEligibleAccounts(s.view.config);
    s.state.offered = eligible.map((a) => a.key);
    await this.store.save(s, { step: 'select_account', sealed: this.store.seal({ login, accounts }) });
    if (mode === 'all') return this.finish(s, s.state.offered);
    return {
      pane: 'select_account',
      institution,
      accounts: eligible.map(presentChoice),
      multiple: mode === 'multi',
    };
  }

  /**
   * Completes the session: creates the Item with the chosen accounts (or, in update mode, shows
   * the chosen ones), records the result on the link token and drops every sealed secret.
   * `selected` null keeps an updated Item's accounts as they were.
   */
  async finish(s: Loaded, selected: string[] | null): Promise<LinkPane> {
    const institution = s.row.institution_id ? (findInstitution(s.row.institution_id) ?? null) : null;
    const now = this.ctx.clock.now().toISOString();
    const accountsRepo = new AccountsRepository(this.ctx.db);
    const item = await this.store.updateItem(s.view);
    let publicToken: string;
    let shared: AccountsTable[];
    let incomeResults: IncomeSessionResults | null = null;
    if (paymentTargetOf(s.view.config)) {
      // Payments need no exchange; the token only keeps Plaid's onSuccess signature.
      publicToken = newToken('public', s.view.row.env);
      shared = [];
    } else if (item) {
      if (selected) await accountsRepo.setVisible(item.item_id, selected, now);
      publicToken = await this.ctx.items.createPublicToken(item);
      shared = await accountsRepo.list(item.item_id);
    } else if (s.state.filesItemId) {
      // Statement uploads made the Item already; the app now gets the accounts the user chose.
      const own = await new ItemsRepository(this.ctx.db).find(s.row.client_id, s.state.filesItemId);
      if (!own) throw new PlaidError('ITEM_NOT_FOUND');
      await accountsRepo.setVisible(own.item_id, selected ?? s.state.offered ?? [], now);
      publicToken = await this.ctx.items.createPublicToken(own);
      shared = await accountsRepo.list(own.item_id);
      s.state.filesItemId = undefined;
    } else {
      const sealed = this.store.openSealed(s.row);
      if (!sealed.login || !sealed.accounts || !institution) throw errors.internal();
      const products = [
        ...(s.view.config.products ?? []),
        ...(s.view.config.required_if_supported_products ?? []).filter((p) =>
          institution.products.includes(p),
        ),
      ];
      const income = incomeOptionsOf({ ...s.view.config, products });
      const created = await this.ctx.items.createItem({
        clientId: s.row.client_id,
        env: s.view.row.env === 'production' ? 'production' : 'sandbox',
        institutionId: institution.institution_id,
        connector: this.ctx.connectors.forInstitution(institution.institution_id).id,
        login: sealed.login,
        accounts: sealed.accounts,
        products: [...new Set(products)],
        webhook: s.view.config.webhook ?? null,
        selectedKeys: selected ?? undefined,
        daysRequested: s.view.config.transactions?.days_requested,
        statements: windowOption('statements.', s.view.config.statements),
        income,
      });
      publicToken = created.publicToken;
      incomeResults = await incomeSessionResults(this.ctx.db, created.item, institution.name, income);
      shared = created.accounts.filter((a) => a.hidden === 0);
    }
    const metadata = presentSuccessMetadata(s.row.link_session_id, publicToken, institution, shared);
    s.state.offered = undefined;
    await this.store.save(s, { step: 'done', sealed: null, oauth_state_id: null, finished_at: now });
    const results = {
      item_add_results:
        item || !institution || shared.length === 0
          ? []
          : [{ public_token: publicToken, institution: metadata.institution, accounts: metadata.accounts }],
      cra_item_add_results: [],
      cra_update_results: [],
      bank_income_results: incomeResults?.bank_income_results ?? [],
      payroll_income_results: incomeResults?.payroll_income_results ?? [],
      document_income_results: null,
    };
    await this.store.record(s, {
      on_success: { public_token: publicToken, metadata: successRecord(metadata) },
      results,
    });
    return {
      pane: 'success',
      institution: institution ? presentInstitution(institution) : null,
      public_token: publicToken,
      metadata,
    };
  }
}

/** onSuccess metadata as /link/token/get records it (Plaid keeps the token beside, not inside). */
function successRecord(m: LinkSuccessMetadata): Record<string, unknown> {
  const { public_token: _token, ...rest } = m;
  return rest;
}
